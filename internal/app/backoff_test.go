package app_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/app"
)

func TestLookupBackoffCatchesARestartAndLastsADay(t *testing.T) {
	t.Parallel()
	require.LessOrEqual(t, app.LookupBackoff(1), 3*time.Second, "a server restarting is caught within seconds")
	var total time.Duration
	for attempt := 1; attempt < app.FacilitatorLookupAttempts; attempt++ {
		d := app.LookupBackoff(attempt)
		require.LessOrEqual(t, d, time.Duration(float64(time.Hour)*1.2), "attempt %d", attempt)
		total += d
	}
	require.Greater(t, total, 20*time.Hour, "the search lasts about a day")
	require.Less(t, total, 40*time.Hour)
}
