package myday

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/model"
)

// TestDaysAtLocalMorning: each local day a gathering spans gets its note
// at the same wall-clock time, whatever the offset that day (New York's
// clocks go forward on 14 March 2027); "" sends none.
func TestDaysAtLocalMorning(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	g := model.Gathering{ID: 1, Timezone: "America/New_York",
		StartsAt: time.Date(2027, 3, 13, 9, 0, 0, 0, ny), EndsAt: time.Date(2027, 3, 15, 1, 0, 0, 0, ny)}
	days, err := Days(g, "08:30")
	require.NoError(t, err)
	require.Equal(t, []Day{
		{Date: "2027-03-13", At: time.Date(2027, 3, 13, 13, 30, 0, 0, time.UTC)},
		{Date: "2027-03-14", At: time.Date(2027, 3, 14, 12, 30, 0, 0, time.UTC)},
		{Date: "2027-03-15", At: time.Date(2027, 3, 15, 12, 30, 0, 0, time.UTC)},
	}, days)
	none, err := Days(g, "")
	require.NoError(t, err)
	require.Empty(t, none, "off")
	_, err = Days(g, "8.30")
	require.Error(t, err)
}

// TestTexts: a day's note and the answer to "my sessions" say each
// session's local times and room, a session without a room without one.
func TestTexts(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	require.NoError(t, err)
	room := int64(7)
	g := model.Gathering{Title: "Co-op day", Rooms: []model.Room{{ID: room, Name: "Main room"}}}
	at := func(day, h, m int) time.Time { return time.Date(2027, 4, day, h, m, 0, 0, london) }
	sat := []model.Session{
		{Title: "Pricing workshop", StartsAt: at(10, 10, 30), EndsAt: at(10, 11, 30), RoomID: &room},
		{Title: "Lunch", StartsAt: at(10, 12, 0), EndsAt: at(10, 13, 0)},
	}
	require.Equal(t, "Your day at Co-op day, Sat 10 Apr: 10:30–11:30 Pricing workshop · Main room; 12:00–13:00 Lunch. "+
		"Your sessions in your calendar: https://x.example/my/t.ics", DayText(g, london, sat, "https://x.example/my/t.ics"))
	both := append(sat, model.Session{Title: "Walk", StartsAt: at(11, 9, 0), EndsAt: at(11, 10, 0)})
	require.Equal(t, "Your sessions at Co-op day, Sat 10 Apr: 10:30–11:30 Pricing workshop · Main room; 12:00–13:00 Lunch. "+
		"Sun 11 Apr: 09:00–10:00 Walk. Your sessions in your calendar: L", SessionsText(g, london, both, "L"))
	require.Contains(t, SessionsText(g, london, nil, "L"), "You have no place in a coming session of Co-op day")
}
