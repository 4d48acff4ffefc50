package input

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/app/apperr"
)

// TestRemindersReadAsWritten: organisers' words for a lead time, and a
// field error naming the one that is wrong.
func TestRemindersReadAsWritten(t *testing.T) {
	got, err := Reminders([]string{"15m", "24h", "1h30m", "2d"})
	require.NoError(t, err)
	require.Equal(t, []time.Duration{48 * time.Hour, 24 * time.Hour, 90 * time.Minute, 15 * time.Minute}, got)
	require.Equal(t, []string{"48h", "24h", "1h30m", "15m"}, FormatReminders(got))

	got, err = Reminders([]string{"24h", "24h"})
	require.NoError(t, err)
	require.Equal(t, []time.Duration{24 * time.Hour}, got, "each once")

	for _, bad := range []string{"soon", "30s", "0m", "31d", "-1h", "1h30s", ""} {
		_, err := Reminders([]string{"24h", bad})
		var fe *apperr.ValidationError
		require.True(t, errors.As(err, &fe), "%q: %v", bad, err)
		require.Equal(t, "reminders[1]", fe.Field, bad)
	}
	_, err = Reminders([]string{"1m", "2m", "3m", "4m", "5m"})
	require.Error(t, err)
}

// FuzzReminders: whatever is typed, Reminders answers a field error or
// reminders it can write back and read again the same, never panics.
func FuzzReminders(f *testing.F) {
	for _, seed := range []string{"24h", "15m", "1h30m", "2d", "soon", "", "-1h", "9999999999d", "1e9h", "0.5h", "30d", "720h1m", "384307168202282325d"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		got, err := Reminders([]string{text})
		if err != nil {
			var fe *apperr.ValidationError
			require.True(t, errors.As(err, &fe), "%q: %v", text, err)
			return
		}
		require.Len(t, got, 1)
		require.GreaterOrEqual(t, got[0], time.Minute)
		require.LessOrEqual(t, got[0], 30*24*time.Hour)
		again, err := Reminders(FormatReminders(got))
		require.NoError(t, err)
		require.Equal(t, got, again)
	})
}
