package fed

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/app/localurl"
)

// TestHeardFromClearsAnUnreachableHost: a server recorded unreachable
// (by another node, after a week of failures) is cleared when it next
// sends us something. A host heard from and found reachable is not asked
// about again for heardRecheck, so a burst of POSTs from it reads its
// row once; the clearing waits at most that long.
func TestHeardFromClearsAnUnreachableHost(t *testing.T) {
	t.Parallel()
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			st, other := twoNodes(t, db)
			now := time.Date(2027, 3, 1, 12, 0, 0, 0, time.UTC)
			s := New(Config{Store: st, Logger: slog.New(slog.DiscardHandler), Now: func() time.Time { return now },
				URLs: localurl.URLs{Base: "https://events.example"}, SignatureMaxAge: time.Hour})
			const host, actor = "flaky.example", "https://flaky.example/users/ana"
			unreachable := func() bool {
				h, err := st.HostGet(ctx, host)
				require.NoError(t, err)
				return h.Unreachable
			}

			require.NoError(t, s.HeardFrom(ctx, actor), "a host never delivered to")
			week := now.Add(-unreachableAfter)
			_, err := other.HostRecordFailure(ctx, host, week.Add(-time.Hour), week.Add(-2*time.Hour))
			require.NoError(t, err)
			_, err = other.HostRecordFailure(ctx, host, now, week)
			require.NoError(t, err)
			require.True(t, unreachable(), "the other node gave up on it")

			now = now.Add(heardRecheck / 2)
			require.NoError(t, s.HeardFrom(ctx, actor))
			require.True(t, unreachable(), "heard from moments ago: not read again yet")

			now = now.Add(heardRecheck)
			require.NoError(t, s.HeardFrom(ctx, actor))
			require.False(t, unreachable(), "it sent us something: deliveries to it resume")
		})
	}
}
