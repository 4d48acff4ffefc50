package input

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/app/apperr"
)

// TestMyDay: a time of day is kept as HH:MM, "off" and empty send none,
// anything else is refused naming the field.
func TestMyDay(t *testing.T) {
	for in, want := range map[string]string{"08:30": "08:30", "8:30": "08:30", " 07:05 ": "07:05", "off": "", "OFF": "", "": ""} {
		got, err := MyDay(in)
		require.NoError(t, err, in)
		require.Equal(t, want, got, in)
	}
	for _, bad := range []string{"25:00", "8", "08:30:00", "noon", "08:60", "-1:00"} {
		_, err := MyDay(bad)
		var ve *apperr.ValidationError
		require.ErrorAs(t, err, &ve, bad)
		require.Equal(t, "my_day", ve.Field)
	}
	require.Equal(t, "off", FormatMyDay(""))
	require.Equal(t, "09:15", FormatMyDay("09:15"))
}
