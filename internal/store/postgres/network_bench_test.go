package postgres_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/postgres"
	"github.com/gather-coop/gather/internal/store/storetest"
)

// BenchmarkNetwork: go test ./internal/store/postgres -run '^$' -bench Network
func BenchmarkNetwork(b *testing.B) {
	ctx := context.Background()
	s, err := postgres.Open(ctx, storetest.PostgresURL(b), store.JobsConfig{})
	require.NoError(b, err)
	b.Cleanup(func() { _ = s.Close() })
	require.NoError(b, s.Migrate(ctx))
	storetest.BenchNetwork(b, s, func(ctx context.Context) error {
		_, err := s.QueryForTest(ctx, "SELECT 1")
		return err
	})
}
