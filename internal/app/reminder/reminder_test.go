package reminder

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/asevent"
)

func TestLeadSaysTheOffsetAsPeopleDo(t *testing.T) {
	for d, want := range map[time.Duration]string{
		24 * time.Hour:             "24 hours",
		48 * time.Hour:             "2 days",
		time.Hour:                  "1 hour",
		90 * time.Minute:           "1 hour 30 minutes",
		15 * time.Minute:           "15 minutes",
		time.Minute:                "1 minute",
		7 * 24 * time.Hour:         "7 days",
		25*time.Hour + time.Minute: "25 hours 1 minute",
	} {
		require.Equal(t, want, Lead(d), "%s", d)
	}
}

func TestTextSaysWhatWhenInItsZoneAndWhere(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	require.NoError(t, err)
	start := time.Date(2027, 3, 9, 18, 0, 0, 0, time.UTC) // 18:00 GMT
	e := asevent.Event{Name: "General circle call", Start: start, End: start.Add(time.Hour), TimeZone: london,
		Virtual: &asevent.VirtualLocation{}}
	got := Text(e, 15*time.Minute, "https://meet.example/circle")
	require.Equal(t, "Reminder: General circle call starts in 15 minutes: Tue 9 Mar 2027, 18:00–19:00 GMT. Join online: https://meet.example/circle", got)

	e.Place = &asevent.Place{Name: "Co-op hall"}
	e.Virtual = nil
	require.Equal(t, "Reminder: General circle call starts in 24 hours: Tue 9 Mar 2027, 18:00–19:00 GMT. Where: Co-op hall.", Text(e, 24*time.Hour, ""))
}
