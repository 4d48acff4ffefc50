package fed

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/store"
)

func runInboxCounts(t *testing.T, h Harness) {
	t.Run("InboxCountSharedByNodes", func(t *testing.T) { t.Parallel(); testInboxCountShared(t, h) })
}

// testInboxCountShared: every node adds to one count per host and window,
// a new window starts from one, and hosts that stopped sending are swept.
func testInboxCountShared(t *testing.T, h Harness) {
	ctx := context.Background()
	b := setup(t, h)
	w1 := time.Date(2026, 12, 7, 3, 0, 0, 0, time.UTC)
	count := func(s store.Store, host string, window time.Time) int {
		t.Helper()
		n, err := s.InboxCount(ctx, &store.InboxCountParams{Host: host, Window: window})
		require.NoError(t, err)
		return n
	}
	if h.OpenAgain == nil {
		_, err := b.store.InboxCount(ctx, &store.InboxCountParams{Host: "social.example", Window: w1})
		require.ErrorIs(t, err, store.ErrNotShared)
		require.NoError(t, b.store.InboxCountForget(ctx, w1))
		return
	}
	other := h.OpenAgain(t, b.store)
	require.Equal(t, 1, count(b.store, "social.example", w1))
	require.Equal(t, 2, count(other, "social.example", w1), "the second node adds to the first's count")
	require.Equal(t, 3, count(b.store, "social.example", w1))
	require.Equal(t, 1, count(other, "quiet.example", w1), "each host has its own count")
	n, err := other.InboxCount(ctx, &store.InboxCountParams{Host: "social.example", Window: w1, N: 10})
	require.NoError(t, err)
	require.Equal(t, 13, n, "a batch of ten adds ten")
	require.Equal(t, 14, count(b.store, "social.example", w1))

	w2 := w1.Add(10 * time.Second)
	require.Equal(t, 1, count(other, "social.example", w2), "a new window starts again")
	rows, err := h.Query(ctx, b.store, `SELECT host, n FROM inbox_counts ORDER BY host`)
	require.NoError(t, err)
	require.Equal(t, [][]string{{"quiet.example", "1"}, {"social.example", "1"}}, rows,
		"the busy host's earlier window is forgotten as the next one starts")

	require.NoError(t, b.store.InboxCountForget(ctx, w2))
	rows, err = h.Query(ctx, b.store, `SELECT host, n FROM inbox_counts ORDER BY host`)
	require.NoError(t, err)
	require.Equal(t, [][]string{{"social.example", "1"}}, rows, "the host that stopped sending is swept")
}
