package ap

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestHostLimiterLimitsEachHostOnItsOwn(t *testing.T) {
	t.Parallel()
	l := newHostLimiter(1, 3)
	for range 3 {
		_, ok := l.allow(hostOf("https://busy.example/users/a"))
		require.True(t, ok, "the burst is allowed")
	}
	wait, ok := l.allow(hostOf("https://busy.example/users/b"))
	require.False(t, ok, "then the host waits, whichever of its actors sends")
	require.Positive(t, wait)
	_, ok = l.allow(hostOf("https://quiet.example/users/c"))
	require.True(t, ok, "other hosts are not held up")
}
