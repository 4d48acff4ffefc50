package postgres_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/postgres"
	"github.com/gather-coop/gather/internal/store/storetest"
)

func TestConformance(t *testing.T) {
	t.Parallel()
	storetest.Run(t, storetest.Harness{
		Open: func(t *testing.T, cfg store.JobsConfig) store.Store {
			s, err := postgres.Open(context.Background(), storetest.PostgresURL(t), cfg)
			require.NoError(t, err)
			t.Cleanup(func() { _ = s.Close() })
			return s
		},
		Exec: func(ctx context.Context, s store.Store, sql string) error {
			return s.(*postgres.Store).ExecForTest(ctx, sql)
		},
		MigrateTo: func(ctx context.Context, s store.Store, version int) error {
			return s.(*postgres.Store).MigrateToForTest(ctx, version)
		},
		Query: func(ctx context.Context, s store.Store, sql string) ([][]string, error) {
			return s.(*postgres.Store).QueryForTest(ctx, sql)
		},
		OpenAgain: func(t *testing.T, s store.Store) store.Store {
			again, err := postgres.Open(context.Background(), s.(*postgres.Store).URLForTest(), store.JobsConfig{})
			require.NoError(t, err)
			t.Cleanup(func() { _ = again.Close() })
			return again
		},
		DropListener: func(ctx context.Context, s store.Store) error {
			return s.(*postgres.Store).DropListenerForTest(ctx)
		},
	})
}
