package e2e_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/config"
	"github.com/gather-coop/gather/internal/server/servertest"
)

// myDayNotes are the "my day" notes (and answers to "my sessions") about
// the gathering titled title that server received for person, signed.
func myDayNotes(t *testing.T, server *fedtest.Server, person, prefix, title string) []federation.NoteIn {
	t.Helper()
	var out []federation.NoteIn
	for _, d := range server.Deliveries() {
		if d.Activity == nil || d.Activity.Type != "Create" || d.Activity.Object.Type != "Note" {
			continue
		}
		note, err := federation.ParseNote(d.Activity.Object.Raw)
		require.NoError(t, err)
		if slices.Contains(note.To, person) && strings.Contains(note.ContentHTML, prefix+" at "+title) {
			require.True(t, d.Verified, "signed: %v", d.VerifyErr)
			out = append(out, note)
		}
	}
	return out
}

var myCalendarLink = regexp.MustCompile(`https?://[^\s"<>]+/my/[0-9a-f]{32}\.ics`)

// TestMyDayOncePerPersonAtTheirMorning (issue 19): a two-day gathering in
// New York over the weekend the clocks go forward. At 08:00 local each
// day (13:00 UTC on Saturday, 12:00 UTC on Sunday) each of bob, carol and
// dan, with places in that day's sessions in two rooms, gets exactly one
// note listing theirs with local times and rooms; erin, going to the
// gathering but no session, and a person of a cancelled gathering get
// none; the job run again sends nothing more. Bob's reply "my sessions"
// is answered with all his coming sessions, and the calendar link in the
// notes holds just his. On PostgreSQL a second process works the jobs
// beside the first: still one note each.
func TestMyDayOncePerPersonAtTheirMorning(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			clock := &testClock{}
			clock.Set(time.Date(2027, 3, 12, 12, 0, 0, 0, time.UTC)) // the Friday before
			gather := servertest.Start(t, db, func(c *config.Config) { c.Now = clock.Now })
			coop := gather.Base + "/actors/events"
			handle := "@events@" + gather.App.URLs().Host()
			mastodon := fedtest.NewServer(t, fedtest.Mastodon, fedtest.WithClock(clock.Now))
			bob, carol, dan, erin := mastodon.AddActor("bob"), mastodon.AddActor("carol"), mastodon.AddActor("dan"), mastodon.AddActor("erin")

			in := app.GatheringInput{Title: "Co-op weekend", Timezone: "America/New_York",
				StartsAt: "2027-03-13T09:00", EndsAt: "2027-03-14T17:00", Venue: &app.VenueInput{Name: "Co-op hall"},
				Rooms: []app.RoomInput{{Name: "Main room"}, {Name: "Small room"}},
				Sessions: []app.SessionInput{
					{Title: "Pricing workshop", Kind: "workshop", Room: ptr("Main room"), Announce: true,
						StartsAt: "2027-03-13T10:30", EndsAt: "2027-03-13T11:30"},
					{Title: "Bookkeeping", Kind: "workshop", Room: ptr("Small room"), Announce: true,
						StartsAt: "2027-03-13T10:30", EndsAt: "2027-03-13T11:30"},
					{Title: "Lunch", Kind: "meal", Room: ptr("Main room"), Announce: true,
						StartsAt: "2027-03-13T12:00", EndsAt: "2027-03-13T13:00"},
					{Title: "Governance talk", Kind: "talk", Room: ptr("Small room"), Announce: true,
						StartsAt: "2027-03-14T10:00", EndsAt: "2027-03-14T11:00"},
				}}
			ref, err := gather.App.CreateGathering(ctx, "events", &in, true)
			require.NoError(t, err)
			_, gatheringID, _ := gather.App.URLs().EventOf(ref.APID)
			session := map[string]string{}
			for i, s := range ref.Sessions {
				session[in.Sessions[i].Title] = s.APID
			}
			other, err := gather.App.CreateGathering(ctx, "events", &app.GatheringInput{Title: "Other weekend", Timezone: "America/New_York",
				StartsAt: "2027-03-13T09:00", EndsAt: "2027-03-13T17:00", Venue: &app.VenueInput{Name: "Elsewhere"},
				Sessions: []app.SessionInput{{Title: "Repair cafe", Kind: "workshop", Announce: true,
					StartsAt: "2027-03-13T10:00", EndsAt: "2027-03-13T12:00"}}}, true)
			require.NoError(t, err)

			reply := func(who *fedtest.Actor, to, text string) string {
				t.Helper()
				activity := who.Reply(to, coop, handle, text, fedtest.Direct)
				resp, err := who.Post(ctx, gather.Base+"/inbox", activity)
				require.NoError(t, err)
				require.Equal(t, http.StatusAccepted, resp.Status, string(resp.Body))
				var sent struct {
					Object struct {
						ID string `json:"id"`
					} `json:"object"`
				}
				require.NoError(t, json.Unmarshal(activity, &sent))
				return sent.Object.ID
			}
			reply(bob, session["Pricing workshop"], "I'm going!")
			reply(bob, session["Lunch"], "going")
			reply(bob, session["Governance talk"], "I'll be there")
			reply(carol, session["Bookkeeping"], "I'm going!")
			reply(dan, session["Governance talk"], "going")
			reply(erin, ref.APID, "I'm going!")
			reply(dan, other.Sessions[0].APID, "going")
			waitFor(t, "answers done", func() bool { return allProcessed(t, gather) })
			_, otherID, _ := gather.App.URLs().EventOf(other.APID)
			_, err = gather.App.CancelGathering(ctx, otherID)
			require.NoError(t, err)

			var got struct {
				MyDay *string `json:"my_day"`
			}
			require.Equal(t, http.StatusOK, apiCall(t, http.MethodGet, gather.Base+"/api/v1/gatherings/"+itoa(gatheringID), token(t, gather), nil, &got))
			require.Equal(t, "08:00", *got.MyDay, "the default")
			if db == "postgres" {
				second := servertest.StartNode(t, gather)
				// The second process schedules the same days again.
				_, err := second.App.UpdateGathering(ctx, gatheringID, []byte(`{"my_day": "08:00"}`), 0)
				require.NoError(t, err)
			}

			saturday := time.Date(2027, 3, 13, 13, 0, 0, 0, time.UTC) // 08:00 EST
			clock.Set(saturday)
			waitFor(t, "Saturday's notes", func() bool {
				return len(myDayNotes(t, mastodon, bob.ID, "Your day", "Co-op weekend")) == 1 &&
					len(myDayNotes(t, mastodon, carol.ID, "Your day", "Co-op weekend")) == 1 && allProcessed(t, gather)
			})
			note := myDayNotes(t, mastodon, bob.ID, "Your day", "Co-op weekend")[0]
			require.False(t, note.Published.Before(saturday), "sent at %s, due %s", note.Published, saturday)
			require.Less(t, note.Published.Sub(saturday), 15*time.Second, "sent at %s, due %s", note.Published, saturday)
			require.Contains(t, note.ContentHTML, "Sat 13 Mar: 10:30–11:30 Pricing workshop · Main room; 12:00–13:00 Lunch · Main room")
			require.NotContains(t, note.ContentHTML, "Governance", "Sunday's is Sunday's")
			require.Contains(t, myDayNotes(t, mastodon, carol.ID, "Your day", "Co-op weekend")[0].ContentHTML,
				"Sat 13 Mar: 10:30–11:30 Bookkeeping · Small room")
			require.Empty(t, myDayNotes(t, mastodon, dan.ID, "Your day", "Co-op weekend"), "no session of his on Saturday")
			require.Empty(t, myDayNotes(t, mastodon, dan.ID, "Your day", "Other weekend"), "cancelled")
			require.Empty(t, myDayNotes(t, mastodon, erin.ID, "Your day", "Co-op weekend"), "no session")

			// Run again (a retry, another process): nobody is sent it twice.
			require.NoError(t, gather.App.SendMyDay(ctx, app.MyDayArgs{GatheringID: gatheringID, Day: "2027-03-13", At: saturday}))
			waitFor(t, "deliveries done", func() bool { return allProcessed(t, gather) })
			require.Len(t, myDayNotes(t, mastodon, bob.ID, "Your day", "Co-op weekend"), 1)
			require.Len(t, myDayNotes(t, mastodon, carol.ID, "Your day", "Co-op weekend"), 1)

			// Bob's calendar: just his sessions.
			link := myCalendarLink.FindString(note.ContentHTML)
			require.NotEmpty(t, link, note.ContentHTML)
			status, ics := getText(t, link)
			require.Equal(t, http.StatusOK, status)
			for _, title := range []string{"Pricing workshop", "Lunch", "Governance talk"} {
				require.Contains(t, ics, "SUMMARY:"+title)
			}
			require.NotContains(t, ics, "Bookkeeping")
			require.NotContains(t, ics, "SUMMARY:Co-op weekend", "the sessions, not the gathering")
			require.Contains(t, ics, "TZID=America/New_York")
			status, _ = getText(t, gather.Base+"/my/"+strings.Repeat("0", 32)+".ics")
			require.Equal(t, http.StatusNotFound, status)

			// "my sessions": all his coming sessions, in reply.
			asked := reply(bob, ref.APID, "my sessions please")
			waitFor(t, "bob's sessions", func() bool {
				return len(myDayNotes(t, mastodon, bob.ID, "Your sessions", "Co-op weekend")) == 1
			})
			answer := myDayNotes(t, mastodon, bob.ID, "Your sessions", "Co-op weekend")[0]
			require.Equal(t, asked, answer.InReplyTo)
			require.Contains(t, answer.ContentHTML, "Sat 13 Mar: 10:30–11:30 Pricing workshop · Main room; 12:00–13:00 Lunch · Main room. "+
				"Sun 14 Mar: 10:00–11:00 Governance talk · Small room")
			require.Contains(t, answer.ContentHTML, link, "the same calendar")

			sunday := time.Date(2027, 3, 14, 12, 0, 0, 0, time.UTC) // 08:00 EDT: the clocks went forward
			clock.Set(sunday)
			waitFor(t, "Sunday's notes", func() bool {
				return len(myDayNotes(t, mastodon, bob.ID, "Your day", "Co-op weekend")) == 2 &&
					len(myDayNotes(t, mastodon, dan.ID, "Your day", "Co-op weekend")) == 1 && allProcessed(t, gather)
			})
			note = myDayNotes(t, mastodon, dan.ID, "Your day", "Co-op weekend")[0]
			require.False(t, note.Published.Before(sunday), "sent at %s, due %s", note.Published, sunday)
			require.Less(t, note.Published.Sub(sunday), 15*time.Second, "sent at %s, due %s", note.Published, sunday)
			require.Contains(t, note.ContentHTML, "Your day at Co-op weekend, Sun 14 Mar: 10:00–11:00 Governance talk · Small room")
			require.Len(t, myDayNotes(t, mastodon, carol.ID, "Your day", "Co-op weekend"), 1, "nothing of hers on Sunday")
			require.Empty(t, myDayNotes(t, mastodon, erin.ID, "Your day", "Co-op weekend"))

			// Deleted, the calendar's address answers that it is gone.
			require.NoError(t, gather.App.DeleteGathering(ctx, gatheringID))
			status, _ = getText(t, link)
			require.Equal(t, http.StatusGone, status)
			waitFor(t, "the Deletes delivered", func() bool { return allProcessed(t, gather) })
		})
	}
}

// getText fetches url and returns its status and body.
func getText(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(body)
}

// TestMyDayTimeIsTheGatherings: "my_day" is set and shown by the API
// ("07:45", "off", a time that is not one refused naming the field); a
// new time reschedules the day: the job of the old time, when it runs,
// sends nothing, and the note goes at the new time, in Berlin's time. A
// session added later on the second day, which had none, gives that day
// its note too.
func TestMyDayTimeIsTheGatherings(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			clock := &testClock{}
			clock.Set(time.Date(2027, 6, 4, 12, 0, 0, 0, time.UTC))
			gather := servertest.Start(t, db, func(c *config.Config) { c.Now = clock.Now })
			coop := gather.Base + "/actors/events"
			handle := "@events@" + gather.App.URLs().Host()
			mastodon := fedtest.NewServer(t, fedtest.Mastodon, fedtest.WithClock(clock.Now))
			ana := mastodon.AddActor("ana")
			tok := token(t, gather)
			api := gather.Base + "/api/v1/gatherings"
			body := `{"title": "Sommerfest", "timezone": "Europe/Berlin", "starts_at": "2027-06-05T10:00", "ends_at": "2027-06-06T18:00",
				"venue": {"name": "Hof"}, "my_day": "7:45", "rooms": [{"name": "Garten"}],
				"sessions": [{"title": "Kompost", "kind": "workshop", "room": "Garten", "announce": true,
					"starts_at": "2027-06-05T11:00", "ends_at": "2027-06-05T12:00"}]}`
			var created struct {
				ID       int64 `json:"id"`
				MyDay    string
				Sessions []struct {
					APID string `json:"ap_id"`
				} `json:"sessions"`
			}
			require.Equal(t, http.StatusCreated, apiCall(t, http.MethodPost, api+"?publish=true", tok, []byte(body), &created))
			var got struct {
				MyDay string `json:"my_day"`
			}
			one := api + "/" + itoa(created.ID)
			require.Equal(t, http.StatusOK, apiCall(t, http.MethodGet, one, tok, nil, &got))
			require.Equal(t, "07:45", got.MyDay)
			var e struct{ Error, Field string }
			require.Equal(t, http.StatusBadRequest, apiCall(t, http.MethodPatch, one, tok, []byte(`{"my_day": "soon"}`), &e))
			require.Equal(t, "my_day", e.Field, e.Error)
			require.Equal(t, http.StatusOK, apiCall(t, http.MethodPatch, one, tok, []byte(`{"my_day": "off"}`), nil))
			require.Equal(t, http.StatusOK, apiCall(t, http.MethodGet, one, tok, nil, &got))
			require.Equal(t, "off", got.MyDay)
			require.Equal(t, http.StatusOK, apiCall(t, http.MethodPatch, one, tok, []byte(`{"my_day": "09:00"}`), nil))

			var added struct {
				APID string `json:"ap_id"`
			}
			require.Equal(t, http.StatusCreated, apiCall(t, http.MethodPost, one+"/sessions", tok, []byte(`{"title": "Brunch", "kind": "meal",
				"room": "Garten", "announce": true, "starts_at": "2027-06-06T10:00", "ends_at": "2027-06-06T11:00"}`), &added))
			for _, to := range []string{created.Sessions[0].APID, added.APID} {
				activity := ana.Reply(to, coop, handle, "I'm going!", fedtest.Direct)
				resp, err := ana.Post(ctx, gather.Base+"/inbox", activity)
				require.NoError(t, err)
				require.Equal(t, http.StatusAccepted, resp.Status)
			}
			waitFor(t, "answers done", func() bool { return allProcessed(t, gather) })

			// The 07:45 job (05:45 UTC, summer time) runs and sends nothing.
			old := time.Date(2027, 6, 5, 5, 45, 0, 0, time.UTC)
			require.NoError(t, gather.App.SendMyDay(ctx, app.MyDayArgs{GatheringID: created.ID, Day: "2027-06-05", At: old}))
			waitFor(t, "nothing to deliver", func() bool { return allProcessed(t, gather) })
			require.Empty(t, myDayNotes(t, mastodon, ana.ID, "Your day", "Sommerfest"), "its time moved")

			due := time.Date(2027, 6, 5, 7, 0, 0, 0, time.UTC) // 09:00 in Berlin
			clock.Set(due)
			waitFor(t, "ana's day", func() bool { return len(myDayNotes(t, mastodon, ana.ID, "Your day", "Sommerfest")) == 1 })
			note := myDayNotes(t, mastodon, ana.ID, "Your day", "Sommerfest")[0]
			require.False(t, note.Published.Before(due), "sent at %s, due %s", note.Published, due)
			require.Less(t, note.Published.Sub(due), 15*time.Second)
			require.Contains(t, note.ContentHTML, "Your day at Sommerfest, Sat 5 Jun: 11:00–12:00 Kompost · Garten")
			require.NotContains(t, note.ContentHTML, "Brunch")

			sunday := due.Add(24 * time.Hour)
			clock.Set(sunday)
			waitFor(t, "ana's Sunday", func() bool { return len(myDayNotes(t, mastodon, ana.ID, "Your day", "Sommerfest")) == 2 })
			require.Contains(t, myDayNotes(t, mastodon, ana.ID, "Your day", "Sommerfest")[1].ContentHTML,
				"Your day at Sommerfest, Sun 6 Jun: 10:00–11:00 Brunch · Garten")
		})
	}
}

// TestMyDayForAGatheringPublishedBeforeIt: a gathering published before
// "my day" existed has the migration's time (08:00) but no day scheduled
// (made here by publishing with the notes off, then setting the time in
// the database, as the migration does). Once jobs start again, its days
// are scheduled and its people get their note at 08:00; scheduling again
// doubles nothing. On PostgreSQL the start is a real one: a second
// process starting its jobs.
func TestMyDayForAGatheringPublishedBeforeIt(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			clock := &testClock{}
			clock.Set(time.Date(2027, 5, 7, 12, 0, 0, 0, time.UTC))
			gather := servertest.Start(t, db, func(c *config.Config) { c.Now = clock.Now })
			coop := gather.Base + "/actors/events"
			handle := "@events@" + gather.App.URLs().Host()
			mastodon := fedtest.NewServer(t, fedtest.Mastodon, fedtest.WithClock(clock.Now))
			bob := mastodon.AddActor("bob")

			off := "off"
			ref, err := gather.App.CreateGathering(ctx, "events", &app.GatheringInput{Title: "Spring day", Timezone: "Europe/London",
				StartsAt: "2027-05-08T09:00", EndsAt: "2027-05-08T17:00", Venue: &app.VenueInput{Name: "Hall"},
				Rooms: []app.RoomInput{{Name: "Main room"}}, MyDay: &off,
				Sessions: []app.SessionInput{{Title: "Pricing workshop", Kind: "workshop", Room: ptr("Main room"), Announce: true,
					StartsAt: "2027-05-08T10:30", EndsAt: "2027-05-08T11:30"}}}, true)
			require.NoError(t, err)
			_, gatheringID, _ := gather.App.URLs().EventOf(ref.APID)
			resp, err := bob.Post(ctx, gather.Base+"/inbox", bob.Reply(ref.Sessions[0].APID, coop, handle, "I'm going!", fedtest.Direct))
			require.NoError(t, err)
			require.Equal(t, http.StatusAccepted, resp.Status, string(resp.Body))
			waitFor(t, "bob's answer", func() bool { return allProcessed(t, gather) })
			require.NoError(t, gather.Store.GatheringMyDaySet(ctx, gatheringID, "08:00"))

			if db == "postgres" {
				servertest.StartNode(t, gather)
			} else {
				require.NoError(t, gather.App.ScheduleComingMyDays(ctx))
			}
			require.NoError(t, gather.App.ScheduleComingMyDays(ctx), "again: nothing doubled")

			clock.Set(time.Date(2027, 5, 8, 7, 0, 0, 0, time.UTC)) // 08:00 BST
			waitFor(t, "bob's day", func() bool {
				return len(myDayNotes(t, mastodon, bob.ID, "Your day", "Spring day")) > 0 && allProcessed(t, gather)
			})
			notes := myDayNotes(t, mastodon, bob.ID, "Your day", "Spring day")
			require.Len(t, notes, 1)
			require.Contains(t, notes[0].ContentHTML, "Sat 8 May: 10:30–11:30 Pricing workshop · Main room")
		})
	}
}
