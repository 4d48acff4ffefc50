package jobs

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/app"
)

func TestDeliveryBackoffRetriesForAtLeastTwoDays(t *testing.T) {
	t.Parallel()
	var total time.Duration
	prev := time.Duration(0)
	for attempt := 1; attempt < 20; attempt++ {
		d := deliveryBackoff(attempt)
		require.GreaterOrEqual(t, d, 8*time.Second, "attempt %d", attempt)
		require.LessOrEqual(t, d, time.Duration(float64(8*time.Hour)*1.2), "attempt %d", attempt)
		if attempt < 10 {
			require.Greater(t, d, time.Duration(float64(prev)*1.3), "attempt %d grows", attempt)
		}
		prev = d
		total += d
	}
	require.Greater(t, total, 48*time.Hour, "19 retries must cover at least 48 hours, whatever the jitter")
}

func TestLookupBackoffCatchesARestartAndLastsADay(t *testing.T) {
	t.Parallel()
	require.LessOrEqual(t, lookupBackoff(1), 3*time.Second, "a server restarting is caught within seconds")
	var total time.Duration
	for attempt := 1; attempt < app.FacilitatorLookupAttempts; attempt++ {
		d := lookupBackoff(attempt)
		require.LessOrEqual(t, d, time.Duration(float64(time.Hour)*1.2), "attempt %d", attempt)
		total += d
	}
	require.Greater(t, total, 20*time.Hour, "the search lasts about a day")
	require.Less(t, total, 40*time.Hour)
}
