package inbox

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/riverqueue/river"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// receiveBatches store the activities that arrive while one batch's
// transaction runs together in the next: a burst of POSTs then costs a
// commit, and one insert of jobs, per batch rather than per activity.
// Each activity is still stored with its processing job in one
// transaction, and each POST is answered only once that transaction has
// committed, so nothing acknowledged is lost on a crash. A lone POST runs
// at once, in a batch of one: nothing waits for company.
type receiveBatches struct {
	mu      sync.Mutex
	running bool
	waiting []*receiveWork
}

// receiveWork is one activity to store and where its outcome goes; or,
// when the batch before it ends, the batch it is to run (lead).
type receiveWork struct {
	act     *federation.Activity
	pending *model.RemoteActor // a stranger's actor, fetched for its key
	at      time.Time
	// seen is set by the batch when the activity was stored before.
	seen bool
	done chan error
	lead chan []*receiveWork
}

// maxReceiveBatch bounds one batch, so that SQLite's only writer is
// never held long.
const maxReceiveBatch = 64

// receiveBatchTimeout bounds a batch's transaction: it runs for several
// POSTs, so none of their contexts may end it.
const receiveBatchTimeout = 30 * time.Second

// store stores w's activity, alone or with others arriving meanwhile, and
// returns once it is committed (or failed).
func (b *receiveBatches) store(ctx context.Context, st store.Store, w *receiveWork) error {
	w.done, w.lead = make(chan error, 1), make(chan []*receiveWork, 1)
	b.mu.Lock()
	if b.running {
		b.waiting = append(b.waiting, w)
		b.mu.Unlock()
		select {
		case err := <-w.done:
			return err
		case batch := <-w.lead:
			b.lead(ctx, st, batch)
			return <-w.done
		}
	}
	b.running = true
	b.mu.Unlock()
	b.lead(ctx, st, []*receiveWork{w})
	return <-w.done
}

// lead runs batch, then hands the activities that came meanwhile to the
// first of them, or ends the run when there are none. Whoever leads a
// batch is in it, so every caller leads at most one.
func (b *receiveBatches) lead(ctx context.Context, st store.Store, batch []*receiveWork) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), receiveBatchTimeout)
	storeBatch(ctx, st, batch)
	cancel()
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.waiting) == 0 {
		b.running = false
		return
	}
	n := min(len(b.waiting), maxReceiveBatch)
	next := append([]*receiveWork(nil), b.waiting[:n]...)
	b.waiting = b.waiting[n:]
	next[0].lead <- next
}

// storeBatch stores every activity of batch, and its job, in one
// transaction. Should it fail, each is tried again in a transaction of its
// own, so that one activity's error is never another's.
func storeBatch(ctx context.Context, st store.Store, batch []*receiveWork) {
	err := st.InTx(ctx, func(tx store.Tx) error { return storeIn(ctx, tx, batch) })
	if err == nil || len(batch) == 1 {
		for _, w := range batch {
			w.done <- err
		}
		return
	}
	for _, w := range batch {
		one := []*receiveWork{w}
		w.done <- st.InTx(ctx, func(tx store.Tx) error { return storeIn(ctx, tx, one) })
	}
}

func storeIn(ctx context.Context, tx store.Tx, batch []*receiveWork) error {
	jobs := make([]river.InsertManyParams, 0, len(batch))
	for _, w := range batch {
		w.seen = false
		// The stranger's actor is kept even when the activity was seen
		// before: its signature did verify.
		if w.pending != nil {
			if _, err := tx.RemoteActorUpsert(ctx, w.pending); err != nil {
				return fmt.Errorf("keep actor %s: %w", w.pending.URI, err)
			}
		}
		id, err := tx.InboxActivityInsert(ctx, &model.InboxActivity{
			URI: w.act.ID, Type: w.act.Type, ActorURI: w.act.Actor, Raw: w.act.Raw, ReceivedAt: w.at,
		})
		if errors.Is(err, store.ErrConflict) {
			w.seen = true
			continue
		}
		if err != nil {
			return err
		}
		jobs = append(jobs, river.InsertManyParams{Args: ProcessInboxArgs{ID: id}})
	}
	return tx.EnqueueMany(ctx, jobs)
}
