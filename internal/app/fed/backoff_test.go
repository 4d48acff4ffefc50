package fed

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestDeliveryBackoffRetriesForAtLeastTwoDays(t *testing.T) {
	t.Parallel()
	var total time.Duration
	prev := time.Duration(0)
	for attempt := 1; attempt < 20; attempt++ {
		d := DeliveryBackoff(attempt)
		require.GreaterOrEqual(t, d, 8*time.Second, "attempt %d", attempt)
		require.LessOrEqual(t, d, time.Duration(float64(8*time.Hour)*1.2), "attempt %d", attempt)
		if attempt < 10 {
			require.Greater(t, d, time.Duration(float64(prev)*1.3), "attempt %d grows", attempt)
		}
		prev = d
		total += d
	}
	require.Greater(t, total, 48*time.Hour, "19 retries must cover at least 48 hours, whatever the jitter")
	require.Equal(t, 20, deliverAttempts, "the attempts these retries are spread over")
}
