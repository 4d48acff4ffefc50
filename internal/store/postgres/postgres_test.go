package postgres_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/postgres"
	"github.com/gather-coop/gather/internal/store/storetest"
	"github.com/gather-coop/gather/internal/store/storetest/events"
	"github.com/gather-coop/gather/internal/store/storetest/fed"
)

func TestConformance(t *testing.T) {
	t.Parallel()
	h := storetest.HarnessFor(func(t *testing.T, cfg store.JobsConfig) store.Store {
		s, err := postgres.Open(context.Background(), storetest.PostgresURL(t), cfg)
		require.NoError(t, err)
		t.Cleanup(func() { _ = s.Close() })
		return s
	})
	h.OpenAgain = func(t *testing.T, s store.Store) store.Store {
		again, err := postgres.Open(context.Background(), s.(*postgres.Store).URLForTest(), store.JobsConfig{})
		require.NoError(t, err)
		t.Cleanup(func() { _ = again.Close() })
		return again
	}
	h.DropListener = func(ctx context.Context, s store.Store) error {
		return s.(*postgres.Store).DropListenerForTest(ctx)
	}
	storetest.Run(t, h)
	fed.Run(t, h)
	events.Run(t, h)
}

// BenchmarkChangesToOtherNode measures how long a change notice takes
// from one node's InTx to another node's subscriber (notice), beside an
// empty InTx (commit) for what the commit alone costs.
func BenchmarkChangesToOtherNode(b *testing.B) {
	ctx := context.Background()
	url := storetest.PostgresURL(b)
	open := func() *postgres.Store {
		s, err := postgres.Open(ctx, url, store.JobsConfig{})
		require.NoError(b, err)
		b.Cleanup(func() { _ = s.Close() })
		return s
	}
	here, there := open(), open()
	got := make(chan string, 1)
	stop, err := here.Subscribe(ctx, "bench", store.Subscriber{Notice: func(p string) { got <- p }})
	require.NoError(b, err)
	defer stop()
	b.Run("commit", func(b *testing.B) {
		for b.Loop() {
			require.NoError(b, there.InTx(ctx, func(store.Tx) error { return nil }))
		}
	})
	b.Run("notice", func(b *testing.B) {
		for b.Loop() {
			require.NoError(b, there.InTx(ctx, func(tx store.Tx) error { return tx.Notify(ctx, "bench", "1") }))
			<-got
		}
	})
}
