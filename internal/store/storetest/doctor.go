package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/store"
)

// testJobsOldestAvailable: the doctor's measure of a stuck queue is when
// the longest-waiting available job came due; jobs scheduled for later
// are not waiting yet.
func testJobsOldestAvailable(t *testing.T, h Harness) {
	ctx := context.Background()
	s := h.Open(t, store.JobsConfig{}) // enqueues, never works
	require.NoError(t, s.Migrate(ctx))
	_, waiting, err := s.JobsOldestAvailable(ctx)
	require.NoError(t, err)
	require.False(t, waiting, "an empty queue has no waiting job")

	hourAgo := time.Now().Add(-time.Hour)
	for _, at := range []time.Time{time.Now().Add(-time.Minute), hourAgo, time.Now().Add(time.Hour)} {
		require.NoError(t, s.InTx(ctx, func(tx store.Tx) error {
			return tx.Enqueue(ctx, testArgs{Username: "x"}, &river.InsertOpts{ScheduledAt: at})
		}))
	}
	oldest, waiting, err := s.JobsOldestAvailable(ctx)
	require.NoError(t, err)
	require.True(t, waiting)
	require.WithinDuration(t, hourAgo, oldest, time.Second, "the job waiting an hour, not the later ones")
}

// testHostHealth: failing hosts are listed longest failing first, and
// hosts that took a delivery lately are counted.
func testHostHealth(t *testing.T, h Harness) {
	ctx := context.Background()
	s := h.Open(t, store.JobsConfig{})
	require.NoError(t, s.Migrate(ctx))
	now := time.Now()
	farPast := now.Add(-30 * 24 * time.Hour)
	_, err := s.HostRecordFailure(ctx, "recent.example", now.Add(-time.Hour), farPast)
	require.NoError(t, err)
	_, err = s.HostRecordFailure(ctx, "old.example", now.Add(-48*time.Hour), farPast)
	require.NoError(t, err)
	require.NoError(t, s.HostRecordSuccess(ctx, "fine.example", now.Add(-time.Minute)))
	require.NoError(t, s.HostRecordSuccess(ctx, "quiet.example", now.Add(-10*24*time.Hour)))

	failing, err := s.HostListFailing(ctx, 10)
	require.NoError(t, err)
	require.Len(t, failing, 2)
	require.Equal(t, "old.example", failing[0].Host)
	require.Equal(t, "recent.example", failing[1].Host)
	failing, err = s.HostListFailing(ctx, 1)
	require.NoError(t, err)
	require.Len(t, failing, 1)

	n, err := s.HostCountSucceededSince(ctx, now.Add(-24*time.Hour))
	require.NoError(t, err)
	require.Equal(t, 1, n, "fine.example only")
}
