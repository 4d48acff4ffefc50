package postgres_test

import (
	"context"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/postgres"
	"github.com/gather-coop/gather/internal/store/storetest"
)

// BenchmarkInboxCount is the round trip each inbox POST that passes a
// node's own bucket now pays: one host's row, contended by every caller,
// and many hosts' rows.
//
//	go test ./internal/store/postgres -run '^$' -bench InboxCount
func BenchmarkInboxCount(b *testing.B) {
	ctx := context.Background()
	s, err := postgres.Open(ctx, storetest.PostgresURL(b), store.JobsConfig{})
	require.NoError(b, err)
	b.Cleanup(func() { _ = s.Close() })
	require.NoError(b, s.Migrate(ctx))
	window := time.Now().Truncate(10 * time.Second)
	b.Run("OneHost", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := s.InboxCount(ctx, &store.InboxCountParams{Host: "busy.example", Window: window}); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
	b.Run("ManyHosts", func(b *testing.B) {
		var next atomic.Int64
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				host := "host" + strconv.FormatInt(next.Add(1)%1000, 10) + ".example"
				if _, err := s.InboxCount(ctx, &store.InboxCountParams{Host: host, Window: window}); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}
