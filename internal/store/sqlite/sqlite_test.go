package sqlite_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/sqlite"
	"github.com/gather-coop/gather/internal/store/storetest"
	"github.com/gather-coop/gather/internal/store/storetest/events"
	"github.com/gather-coop/gather/internal/store/storetest/fed"
)

func TestConformance(t *testing.T) {
	t.Parallel()
	h := storetest.Harness{
		Open: func(t *testing.T, cfg store.JobsConfig) store.Store {
			s, err := sqlite.Open(context.Background(), storetest.SQLitePath(t), cfg)
			require.NoError(t, err)
			t.Cleanup(func() { _ = s.Close() })
			return s
		},
		Exec: func(ctx context.Context, s store.Store, sql string) error {
			return s.(*sqlite.Store).ExecForTest(ctx, sql)
		},
		MigrateTo: func(ctx context.Context, s store.Store, version int) error {
			return s.(*sqlite.Store).MigrateToForTest(ctx, version)
		},
		Query: func(ctx context.Context, s store.Store, sql string) ([][]string, error) {
			return s.(*sqlite.Store).QueryForTest(ctx, sql)
		},
	}
	storetest.Run(t, h)
	fed.Run(t, h)
	events.Run(t, h)
}
