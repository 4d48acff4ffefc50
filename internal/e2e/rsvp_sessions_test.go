package e2e_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/server/servertest"
)

// clashingGathering publishes a gathering with two announced sessions at
// 10:30–12:00 (a one-seat workshop and a talk) and lunch after them.
func clashingGathering(t *testing.T, gather *servertest.Instance) (gathering, workshop, talk, lunch string) {
	t.Helper()
	one := 1
	in := app.GatheringInput{Title: "Spring meet-up", Timezone: "Europe/London",
		StartsAt: "2027-04-10T10:00", EndsAt: "2027-04-10T17:00", Venue: &app.VenueInput{Name: "Co-op hall"},
		Rooms: []app.RoomInput{{Name: "Back room"}, {Name: "Main room"}},
		Sessions: []app.SessionInput{
			{Title: "Pricing workshop", Kind: "workshop", Room: ptr("Back room"), Capacity: &one, Announce: true,
				StartsAt: "2027-04-10T10:30", EndsAt: "2027-04-10T12:00"},
			{Title: "Governance talk", Kind: "talk", Room: ptr("Main room"), Announce: true,
				StartsAt: "2027-04-10T10:30", EndsAt: "2027-04-10T12:00"},
			{Title: "Lunch", Kind: "meal", Room: ptr("Main room"), Announce: true,
				StartsAt: "2027-04-10T12:00", EndsAt: "2027-04-10T13:00"},
		}}
	ref, err := gather.App.CreateGathering(context.Background(), "events", &in, true)
	require.NoError(t, err)
	return ref.APID, ref.Sessions[0].APID, ref.Sessions[1].APID, ref.Sessions[2].APID
}

// TestSessionsAndGatheringStayInStep is issue 13's alice on GoToSocial:
// "not going" to the gathering, then going to two sessions at the same
// time. Each session place counts her in for the gathering; the second is
// pointed out as a double booking, to her and to the organisers; and when
// she says "not going" to the gathering again, her places go to the
// waitlist, and she is told which.
func TestSessionsAndGatheringStayInStep(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			gather := servertest.Start(t, db)
			tok := token(t, gather)
			gts := fedtest.NewServer(t, fedtest.GoToSocial)
			other := fedtest.NewServer(t, fedtest.GoToSocial)
			alice, bob := gts.AddActor("alice"), other.AddActor("bob")
			coop := gather.Base + "/actors/events"
			handle := "@events@" + gather.App.URLs().Host()
			gathering, workshop, talk, lunch := clashingGathering(t, gather)
			_, gid, _ := gather.App.URLs().EventOf(gathering)
			post := func(from *fedtest.Actor, activity []byte) {
				t.Helper()
				resp, err := from.Post(ctx, gather.Base+"/inbox", activity)
				require.NoError(t, err)
				require.Equal(t, http.StatusAccepted, resp.Status, string(resp.Body))
			}

			post(alice, alice.Reply(gathering, coop, handle, "Sorry, can't make it", fedtest.Direct))
			noteTo(t, gts, alice, "not going to Spring meet-up")

			post(alice, alice.Reply(workshop, coop, handle, "I'm going!", fedtest.Direct))
			note := noteTo(t, gts, alice, "going to Pricing workshop")
			require.Contains(t, note.ContentHTML, "counts you in for Spring meet-up itself too")
			require.NotContains(t, note.ContentHTML, "same time", "lunch does not clash")
			require.Equal(t, "going", statusOf(rsvps(t, gather, gathering), gathering, alice.ID),
				"a session place is a going to the gathering")

			post(alice, alice.Reply(lunch, coop, handle, "going", fedtest.Direct))
			note = noteTo(t, gts, alice, "going to Lunch")
			require.NotContains(t, note.ContentHTML, "same time", "lunch starts as the workshop ends")
			require.NotContains(t, note.ContentHTML, "itself too", "she was going already")

			post(alice, alice.Reply(talk, coop, handle, "I'll be there", fedtest.Direct))
			note = noteTo(t, gts, alice, "going to Governance talk")
			require.Contains(t, note.ContentHTML, "also going to Pricing workshop — Sat 10 Apr, 10:30 BST, Back room, at the same time")
			require.Contains(t, note.ContentHTML, "Which one do you mean?")
			require.Contains(t, note.ContentHTML, "to the one you")

			// Organisers see the double booking on both answers.
			var listed struct {
				RSVPs []app.RSVPView `json:"rsvps"`
			}
			require.Equal(t, http.StatusOK, apiCall(t, http.MethodGet, gather.Base+"/api/v1/gatherings/"+itoa(gid)+"/rsvps", tok, nil, &listed))
			clashes := map[string][]string{}
			for _, r := range listed.RSVPs {
				require.Equal(t, alice.ID, r.Person.ID)
				for _, c := range r.Clashes {
					clashes[r.Title] = append(clashes[r.Title], c.Title)
				}
			}
			require.Equal(t, map[string][]string{"Pricing workshop": {"Governance talk"}, "Governance talk": {"Pricing workshop"}}, clashes)

			// bob waits for the workshop's one seat; waiting counts him in too.
			post(bob, bob.Reply(workshop, coop, handle, "Count me in", fedtest.Public))
			note = noteTo(t, other, bob, "#1 on the waitlist")
			require.Contains(t, note.ContentHTML, "counts you in for Spring meet-up itself too")

			// "Not going" to the gathering gives up her sessions; bob gets the seat.
			post(alice, alice.Reply(gathering, coop, handle, "Actually I can't come after all", fedtest.Direct))
			note = noteTo(t, gts, alice, "out of its sessions too")
			require.Contains(t, note.ContentHTML, "not going to Spring meet-up")
			require.Contains(t, note.ContentHTML, "(Pricing workshop, Governance talk, Lunch)")
			noteTo(t, other, bob, "A place opened up")
			list := rsvps(t, gather, gathering)
			for _, event := range []string{gathering, workshop, talk, lunch} {
				require.Equal(t, "not_going", statusOf(list, event, alice.ID), event)
			}
			require.Equal(t, "going", statusOf(list, workshop, bob.ID))
			require.Equal(t, "going", statusOf(list, gathering, bob.ID))
			for _, r := range list {
				require.Empty(t, r.Clashes, "no clash is left")
			}
			var event struct {
				ParticipantCount int `json:"participantCount"`
			}
			waitFor(t, "the gathering counts bob alone", func() bool {
				getJSON(t, gathering, &event)
				return event.ParticipantCount == 1
			})
		})
	}
}
