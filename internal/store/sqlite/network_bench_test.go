package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/sqlite"
	"github.com/gather-coop/gather/internal/store/storetest"
)

// BenchmarkNetwork: go test ./internal/store/sqlite -run '^$' -bench Network
func BenchmarkNetwork(b *testing.B) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "gather.db"), store.JobsConfig{})
	require.NoError(b, err)
	b.Cleanup(func() { _ = s.Close() })
	require.NoError(b, s.Migrate(ctx))
	storetest.BenchNetwork(b, s, func(ctx context.Context) error {
		_, err := s.QueryForTest(ctx, "SELECT 1")
		return err
	})
}
