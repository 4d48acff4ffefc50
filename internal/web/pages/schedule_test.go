package pages

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
)

func ptr[T any](v T) *T { return &v }

// layoutCell is a cell as a test reads it: the session's title, or "" for
// an empty cell, and its span.
type layoutCell struct {
	Title string
	Span  int
}

func cells(r slotRow) []layoutCell {
	var out []layoutCell
	for _, c := range r.Cells {
		if c.Session == nil {
			out = append(out, layoutCell{})
			continue
		}
		out = append(out, layoutCell{c.Session.Title, c.Span})
	}
	return out
}

func TestScheduleLaysOutRoomsAndSlots(t *testing.T) {
	t.Parallel()
	london, err := time.LoadLocation("Europe/London")
	require.NoError(t, err)
	at := func(day, hm string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", day+" "+hm, london)
		require.NoError(t, err)
		return v.UTC()
	}
	g := model.Gathering{ID: 1, Timezone: "Europe/London",
		Rooms:  []model.Room{{ID: 10, Name: "Main", Capacity: ptr(40)}, {ID: 11, Name: "Small", Capacity: ptr(15)}},
		Tracks: []model.Track{{ID: 20, Name: "Business"}, {ID: 21, Name: "Tech"}},
	}
	sessions := []model.Session{
		{ID: 1, Title: "Welcome", StartsAt: at("2027-03-27", "10:00"), EndsAt: at("2027-03-27", "10:30"), RoomID: ptr[int64](10)},
		{ID: 2, Title: "Long", StartsAt: at("2027-03-27", "10:30"), EndsAt: at("2027-03-27", "12:00"), RoomID: ptr[int64](10), TrackID: ptr[int64](20)},
		{ID: 3, Title: "Short A", StartsAt: at("2027-03-27", "10:30"), EndsAt: at("2027-03-27", "11:00"), RoomID: ptr[int64](11), TrackID: ptr[int64](21)},
		{ID: 4, Title: "Short B", StartsAt: at("2027-03-27", "11:00"), EndsAt: at("2027-03-27", "12:00"), RoomID: ptr[int64](11)},
		{ID: 5, Title: "Pub", StartsAt: at("2027-03-27", "11:00"), EndsAt: at("2027-03-27", "13:00")},
		{ID: 6, Title: "Walk", StartsAt: at("2027-03-27", "11:30"), EndsAt: at("2027-03-27", "12:00")},
		{ID: 7, Title: "Sunday", StartsAt: at("2027-03-28", "10:00"), EndsAt: at("2027-03-28", "12:00"), RoomID: ptr[int64](11)},
	}
	days := schedule(app.URLs{Base: "https://coop.example"}, g, sessions)
	require.Len(t, days, 2)

	sat := days[0]
	require.Equal(t, "Saturday 27 March 2027", sat.Heading)
	require.Equal(t, "GMT", sat.Zones)
	// Every room, then the sessions without a room, which overlap and so
	// take two lanes.
	require.Equal(t, []column{{Name: "Main", Room: "Main", Lanes: 1}, {Name: "Small", Room: "Small", Lanes: 1}, {Name: elsewhere, Room: "", Lanes: 2}}, sat.Columns)
	var labels []string
	for _, r := range sat.Rows {
		labels = append(labels, r.Label)
	}
	require.Equal(t, []string{"10:00", "10:30", "11:00", "11:30", "12:00"}, labels)
	require.Equal(t, []layoutCell{{"Welcome", 1}, {}, {}, {}}, cells(sat.Rows[0]))
	require.Equal(t, []layoutCell{{"Long", 3}, {"Short A", 1}, {}, {}}, cells(sat.Rows[1]))
	require.Equal(t, []layoutCell{{"Short B", 2}, {"Pub", 3}, {}}, cells(sat.Rows[2]))
	require.Equal(t, []layoutCell{{"Walk", 1}}, cells(sat.Rows[3]))
	require.Equal(t, []layoutCell{{}, {}, {}}, cells(sat.Rows[4]))
	require.True(t, sat.Rows[4].Idle)

	sun := days[1]
	require.Equal(t, "BST", sun.Zones, "the clocks go forward overnight")
	require.Len(t, sun.Columns, 2, "no column for sessions without a room on a day that has none")
	require.Equal(t, "10:00", sun.Rows[0].Label)
	require.Equal(t, "2027-03-28T10:00:00+01:00", sun.Rows[0].ISO())
	require.Equal(t, []layoutCell{{}, {"Sunday", 1}}, cells(sun.Rows[0]))

	long := sat.Rows[1].Cells[0].Session
	require.Equal(t, "10:30–12:00", long.Clock)
	require.Equal(t, "Main", long.Room)
	require.Equal(t, trackView{Name: "Business", Mark: "A", Class: "track-1"}, long.Track)
	require.Equal(t, 40, *long.Capacity)
	require.Equal(t, "https://coop.example/sessions/2", long.URL)
}

func TestWhen(t *testing.T) {
	t.Parallel()
	london, err := time.LoadLocation("Europe/London")
	require.NoError(t, err)
	for _, tc := range []struct {
		name       string
		start, end time.Time
		text       string
		short      string
	}{
		{"one day", time.Date(2027, 3, 27, 10, 0, 0, 0, time.UTC), time.Date(2027, 3, 27, 17, 0, 0, 0, time.UTC),
			"Saturday 27 March 2027, 10:00–17:00 GMT", "Sat 27 March 2027"},
		{"over the clock change", time.Date(2027, 3, 27, 10, 0, 0, 0, time.UTC), time.Date(2027, 3, 28, 11, 0, 0, 0, time.UTC),
			"Saturday 27 March 2027, 10:00 GMT – Sunday 28 March 2027, 12:00 BST", "Sat 27 – Sun 28 March 2027"},
		{"over a month end", time.Date(2027, 4, 30, 9, 0, 0, 0, time.UTC), time.Date(2027, 5, 1, 15, 0, 0, 0, time.UTC),
			"Friday 30 April 2027, 10:00 BST – Saturday 1 May 2027, 16:00 BST", "Fri 30 April – Sat 1 May 2027"},
	} {
		w := newWhen(tc.start, tc.end, london, "Europe/London")
		require.Equal(t, tc.text, w.Text, tc.name)
		require.Equal(t, tc.short, w.Short, tc.name)
	}
}

func TestMapURLAndAddress(t *testing.T) {
	t.Parallel()
	v := model.Venue{Name: "Co-op workspace", StreetAddress: "1 Example Road", Locality: "London", PostalCode: "N1 0AA", Country: "GB",
		Latitude: ptr(51.5362), Longitude: ptr(-0.1033)}
	require.Equal(t, "https://www.openstreetmap.org/?mlat=51.5362&mlon=-0.1033#map=17/51.5362/-0.1033", mapURL(v))
	require.Equal(t, "1 Example Road, London N1 0AA, GB", address(v))
	v.Latitude = nil
	require.Empty(t, mapURL(v))
}
