package inbox

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/postgres"
	"github.com/gather-coop/gather/internal/store/sqlite"
	"github.com/gather-coop/gather/internal/store/storetest"
)

// gatedStore counts transactions, holds the first until gate closes, and
// fails the insert of one activity (failURI).
type gatedStore struct {
	store.Store
	txs     atomic.Int32
	gate    chan struct{}
	failURI string
}

func (s *gatedStore) InTx(ctx context.Context, fn func(store.Tx) error) error {
	if s.txs.Add(1) == 1 && s.gate != nil {
		<-s.gate
	}
	return s.Store.InTx(ctx, func(tx store.Tx) error { return fn(failingTx{Tx: tx, failURI: s.failURI}) })
}

type failingTx struct {
	store.Tx
	failURI string
}

func (t failingTx) InboxActivityInsert(ctx context.Context, p *model.InboxActivity) (int64, error) {
	if p.URI == t.failURI {
		return 0, errors.New("disk on fire")
	}
	return t.Tx.InboxActivityInsert(ctx, p)
}

func openStore(t *testing.T, db string) store.Store {
	t.Helper()
	ctx := context.Background()
	var st store.Store
	var err error
	if db == "postgres" {
		st, err = postgres.Open(ctx, storetest.PostgresURL(t), store.JobsConfig{})
	} else {
		st, err = sqlite.Open(ctx, storetest.SQLitePath(t), store.JobsConfig{})
	}
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	require.NoError(t, st.Migrate(ctx))
	return st
}

func activity(i int) *federation.Activity {
	id := fmt.Sprintf("https://social.example/users/p%d/statuses/1/activity", i)
	return &federation.Activity{ID: id, Type: "Create", Actor: fmt.Sprintf("https://social.example/users/p%d", i),
		Raw: []byte(fmt.Sprintf(`{"id":%q,"type":"Create"}`, id))}
}

// TestABurstOfActivitiesIsStoredInFewTransactions: while one POST's
// transaction runs, the others that arrive wait and go into the next one
// together; each activity is still stored once, with its job, and one
// seen before is recognised as such.
func TestABurstOfActivitiesIsStoredInFewTransactions(t *testing.T) {
	t.Parallel()
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			st := &gatedStore{Store: openStore(t, db), gate: make(chan struct{})}
			var b receiveBatches
			const n = 40
			works := make([]*receiveWork, n+1)
			for i := range n {
				works[i] = &receiveWork{act: activity(i), at: time.Now()}
			}
			works[n] = &receiveWork{act: activity(3), at: time.Now()} // a retry of the fourth
			errs := make([]error, len(works))
			var wg sync.WaitGroup
			wg.Go(func() { errs[0] = b.store(ctx, st, works[0]) })
			for st.txs.Load() == 0 {
				time.Sleep(time.Millisecond) // until the first holds its transaction
			}
			for i := 1; i < len(works); i++ {
				wg.Go(func() { errs[i] = b.store(ctx, st, works[i]) })
			}
			deadline := time.Now().Add(10 * time.Second)
			for {
				b.mu.Lock()
				queued := len(b.waiting)
				b.mu.Unlock()
				if queued == n {
					break
				}
				require.True(t, time.Now().Before(deadline), "only %d POSTs waiting", queued)
				time.Sleep(time.Millisecond)
			}
			close(st.gate)
			wg.Wait()

			for i, err := range errs {
				require.NoError(t, err, "activity %d", i)
			}
			require.Equal(t, int32(2), st.txs.Load(), "the first alone, the forty that came meanwhile together")
			stored, err := st.InboxActivityCount(ctx)
			require.NoError(t, err)
			require.Equal(t, n, stored)
			jobs, err := st.JobCounts(ctx)
			require.NoError(t, err)
			require.Equal(t, n, jobs["available"], "one processing job for each activity, none for the retry")
			seen := 0
			for _, w := range works {
				if w.seen {
					seen++
				}
			}
			require.Equal(t, 1, seen, "one of the two copies of the fourth is the retry")
		})
	}
}

// TestOneFailingActivityFailsOnlyItself: when the batch's transaction
// fails, each activity is tried again alone, so only the one that fails
// is refused (its server retries later) and the others are stored.
func TestOneFailingActivityFailsOnlyItself(t *testing.T) {
	t.Parallel()
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			st := &gatedStore{Store: openStore(t, db), failURI: activity(2).ID}
			batch := make([]*receiveWork, 5)
			for i := range batch {
				batch[i] = &receiveWork{act: activity(i), at: time.Now(), done: make(chan error, 1)}
			}
			storeBatch(ctx, st, batch)
			for i, w := range batch {
				err := <-w.done
				if i == 2 {
					require.ErrorContains(t, err, "disk on fire")
				} else {
					require.NoError(t, err, "activity %d", i)
				}
			}
			stored, err := st.InboxActivityCount(ctx)
			require.NoError(t, err)
			require.Equal(t, 4, stored)
			require.Equal(t, int32(6), st.txs.Load(), "the batch, then each of the five alone")
		})
	}
}
