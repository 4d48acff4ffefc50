package gatherings

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/app"
)

func TestGatheringFormInput(t *testing.T) {
	t.Parallel()
	v := url.Values{
		"title": {"Tech co-op network gathering"}, "summary": {"A day."}, "description": {"**Two** themes."},
		"timezone": {" Europe/London "}, "starts_at": {"2027-03-27T10:00"}, "ends_at": {"2027-03-28T12:00"},
		"venue.name": {"Co-op workspace"}, "venue.country": {"GB"}, "venue.latitude": {"51.5362"}, "venue.longitude": {"-0.1033"},
		"online_url": {""}, "category": {"MEETING"}, "tags": {"coops, tech #fedi"},
		"rooms[0].name": {"Main room"}, "rooms[0].capacity": {"40"},
		"rooms[1].name": {""}, "rooms[1].capacity": {" "},
		"rooms[2].name": {"Lobby"}, "rooms[2].capacity": {""},
		"rooms[3].name": {""}, "rooms[3].capacity": {""},
		"tracks": {"Business development\r\n\r\n  Big tech  \n"}, "rsvp_poll": {"on"},
	}
	g := readGatheringForm(v)
	require.Equal(t, []roomForm{{"Main room", "40"}, {"Lobby", ""}}, g.Rooms, "blank rows are dropped")
	in, err := g.input()
	require.NoError(t, err)
	require.Equal(t, "Europe/London", in.Timezone)
	require.Equal(t, []string{"Business development", "Big tech"}, in.Tracks)
	require.Equal(t, []string{"coops", "tech", "#fedi"}, in.Tags)
	require.Len(t, in.Rooms, 2)
	require.Equal(t, 40, *in.Rooms[0].Capacity)
	require.Nil(t, in.Rooms[1].Capacity, "empty: no limit")
	require.InDelta(t, 51.5362, *in.Venue.Latitude, 1e-9)
	require.True(t, *in.RSVPPoll)
	require.False(t, *in.DayOfSignup, "an unticked box is not sent")
	require.False(t, *in.SlotPolls, "unticked, the slot polls are turned off")
	require.Empty(t, *in.OnlineURL)

	// What the editor shows of a saved gathering reads back the same.
	back := gatheringFormFrom(app.GatheringInput{
		Title: in.Title, Timezone: in.Timezone, StartsAt: "2027-03-27T10:00:00", EndsAt: "2027-03-28T12:30:15",
		Venue: in.Venue, OnlineURL: in.OnlineURL, Rooms: in.Rooms, Tracks: in.Tracks, RSVPPoll: in.RSVPPoll, DayOfSignup: in.DayOfSignup,
	})
	require.Equal(t, "2027-03-27T10:00", back.StartsAt)
	require.True(t, back.SlotPolls, "a gathering that never said has its slot polls on")
	require.Equal(t, "2027-03-28T12:30:15", back.EndsAt)
	require.Equal(t, "51.5362", back.Venue.Latitude)
	require.Equal(t, "Business development\nBig tech", back.Tracks)
	require.Equal(t, []roomForm{{"Main room", "40"}, {"Lobby", ""}}, back.Rooms)

	// Reminders are typed as "24h 15m" and shown again the same way; an
	// error on one of them is shown at the field.
	withReminders := url.Values{"reminders": {"24h, 15m"}}
	in, err = readGatheringForm(withReminders).input()
	require.NoError(t, err)
	require.Equal(t, []string{"24h", "15m"}, *in.Reminders)
	require.Equal(t, "24h 15m", gatheringFormFrom(app.GatheringInput{Reminders: in.Reminders}).Reminders)
	require.Equal(t, "reminders", inputFor("reminders[1]"))

	// The "my day" time is sent as typed (app checks it); a form without
	// the field leaves it as it is; a saved gathering that never said
	// shows the default.
	in, err = readGatheringForm(url.Values{"my_day": {"07:30"}}).input()
	require.NoError(t, err)
	require.Equal(t, "07:30", *in.MyDay)
	in, err = readGatheringForm(url.Values{"my_day": {""}}).input()
	require.NoError(t, err)
	require.Empty(t, *in.MyDay, "emptied: off")
	in, err = readGatheringForm(url.Values{}).input()
	require.NoError(t, err)
	require.Nil(t, in.MyDay)
	require.Equal(t, "08:00", gatheringFormFrom(app.GatheringInput{}).MyDay)
	off := "off"
	require.Equal(t, "off", gatheringFormFrom(app.GatheringInput{MyDay: &off}).MyDay)
	// Co-hosts are one handle a line; an empty field names none (not
	// "leave them"), and an error on one is shown at the field.
	in, err = readGatheringForm(url.Values{"co_hosts": {" @events@oxford.example \r\n\r\nhttps://b.example/actors/coop\n"}}).input()
	require.NoError(t, err)
	require.Equal(t, []string{"@events@oxford.example", "https://b.example/actors/coop"}, *in.CoHosts)
	require.Equal(t, "@events@oxford.example\nhttps://b.example/actors/coop", gatheringFormFrom(app.GatheringInput{CoHosts: in.CoHosts}).CoHosts)
	in, err = readGatheringForm(url.Values{}).input()
	require.NoError(t, err)
	require.NotNil(t, in.CoHosts)
	require.Empty(t, *in.CoHosts)
	require.Equal(t, "co_hosts", inputFor("co_hosts[1]"))

	for _, tc := range []struct{ name, value, field string }{
		{"rooms[2].capacity", "lots", "rooms[1].capacity"},
		{"venue.latitude", "north", "venue.latitude"},
		{"venue.longitude", "1,5", "venue.longitude"},
	} {
		bad := url.Values{}
		for k, vs := range v {
			bad[k] = vs
		}
		bad.Set(tc.name, tc.value)
		_, err := readGatheringForm(bad).input()
		var verr *app.ValidationError
		require.ErrorAs(t, err, &verr, tc.name)
		require.Equal(t, tc.field, verr.Field, "named as the re-shown form names it")
	}
}

func TestPlaceGatheringError(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		err        *app.ValidationError
		input, msg string
	}{
		{&app.ValidationError{Field: "title", Msg: "is required"}, "title", "Title is required."},
		{&app.ValidationError{Field: "ends_at", Msg: "must be after starts_at"}, "ends_at", "Ends must be after the start."},
		{&app.ValidationError{Field: "venue", Msg: "give a venue, an online_url, or both"}, "venue.name", "Give a venue, an online link, or both."},
		{&app.ValidationError{Field: "tracks[1]", Msg: `two tracks are called "A"`}, "tracks", `Two tracks are called "A".`},
		{&app.ValidationError{Field: "rooms[0].capacity", Msg: "must be at least 1 (leave it out for no limit)"}, "rooms[0].capacity", "Seats must be at least 1"},
	} {
		f, _ := gatheringForm{}.form("/x", "Save")
		require.True(t, placeGathering(f, tc.err))
		fl := f.Field(tc.input)
		require.NotNil(t, fl, tc.input)
		require.Contains(t, fl.Error, tc.msg)
		require.True(t, fl.Focus)
		require.Empty(t, f.Problem)
	}
	f, _ := gatheringForm{}.form("/x", "Save")
	require.True(t, placeGathering(f, &app.ValidationError{Field: "rooms", Msg: `Main room still holds "Lunch": move the session first`}))
	require.Equal(t, `Main room still holds "Lunch": move the session first.`, f.Problem, "no input: above the form")
	require.False(t, placeGathering(f, app.ErrForbidden))
}
