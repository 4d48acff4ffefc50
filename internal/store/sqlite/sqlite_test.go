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
	h := storetest.HarnessFor(func(t *testing.T, cfg store.JobsConfig) store.Store {
		s, err := sqlite.Open(context.Background(), storetest.SQLitePath(t), cfg)
		require.NoError(t, err)
		t.Cleanup(func() { _ = s.Close() })
		return s
	})
	storetest.Run(t, h)
	fed.Run(t, h)
	events.Run(t, h)
}
