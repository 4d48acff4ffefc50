package e2e_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/server/servertest"
)

// TestSlotPollVotesFillRooms is issue 19: at 10:30 a workshop in the Main
// room (40 places) and one in the Small room (15) take sign-ups, so the
// gathering publishes one slot poll offering both. 41 people vote for
// the Main room's: 40 are in, the 41st is first on its waitlist; 16 vote
// for the Small room's, the same. The poll's counts are the API's.
func TestSlotPollVotesFillRooms(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			gather := servertest.Start(t, db)
			forty, fifteen := 40, 15
			in := app.GatheringInput{Title: "Co-op day", Timezone: "Europe/London",
				StartsAt: "2027-04-10T10:00", EndsAt: "2027-04-10T17:00", Venue: &app.VenueInput{Name: "Co-op hall"},
				Rooms: []app.RoomInput{{Name: "Main", Capacity: &forty}, {Name: "Small", Capacity: &fifteen}},
				Sessions: []app.SessionInput{
					{Title: "Co-op law", Kind: "workshop", Room: ptr("Main"), StartsAt: "2027-04-10T10:30", EndsAt: "2027-04-10T12:00"},
					{Title: "Bookkeeping", Kind: "workshop", Room: ptr("Small"), StartsAt: "2027-04-10T10:30", EndsAt: "2027-04-10T12:00"},
				}}
			ref, err := gather.App.CreateGathering(ctx, "events", &in, true)
			require.NoError(t, err)
			gathering, law, books := ref.APID, ref.Sessions[0].APID, ref.Sessions[1].APID
			coop := gather.Base + "/actors/events"
			// The first slot poll of a fresh database.
			slot := gathering + "/slots/1"
			type question struct {
				Type    string `json:"type"`
				Content string `json:"content"`
				OneOf   []struct {
					Name    string `json:"name"`
					Replies struct {
						TotalItems int `json:"totalItems"`
					} `json:"replies"`
				} `json:"oneOf"`
			}
			var q question
			getJSON(t, slot, &q)
			require.Equal(t, "Question", q.Type)
			require.Contains(t, q.Content, "10:30 — which will you join?")
			require.Len(t, q.OneOf, 2)
			require.Equal(t, "Co-op law · Main", q.OneOf[0].Name)
			require.Equal(t, "Bookkeeping · Small", q.OneOf[1].Name)

			gts := fedtest.NewServer(t, fedtest.GoToSocial)
			vote := func(name, option string) *fedtest.Actor {
				t.Helper()
				a := gts.AddActor(name)
				resp, err := a.Post(ctx, gather.Base+"/inbox", a.Vote(slot, coop, option))
				require.NoError(t, err)
				require.Equal(t, http.StatusAccepted, resp.Status, string(resp.Body))
				return a
			}
			var lawVoters, bookVoters []*fedtest.Actor
			for i := range 41 {
				lawVoters = append(lawVoters, vote(fmt.Sprintf("law%d", i), "Co-op law · Main"))
			}
			for i := range 16 {
				bookVoters = append(bookVoters, vote(fmt.Sprintf("books%d", i), "Bookkeeping · Small"))
			}
			count := func(apID, status string) int {
				n := 0
				for _, r := range rsvps(t, gather, gathering) {
					if r.APID == apID && r.Status == status {
						n++
					}
				}
				return n
			}
			waitFor(t, "every vote counted", func() bool {
				return count(law, "going")+count(law, "waitlisted") == 41 && count(books, "going")+count(books, "waitlisted") == 16
			})
			require.Equal(t, 40, count(law, "going"))
			require.Equal(t, 1, count(law, "waitlisted"))
			require.Equal(t, 15, count(books, "going"))
			require.Equal(t, 1, count(books, "waitlisted"))
			// The inbox takes votes side by side: whoever came last waits,
			// and is told so.
			waiting := func(apID string, voters []*fedtest.Actor) *fedtest.Actor {
				t.Helper()
				list := rsvps(t, gather, gathering)
				for _, a := range voters {
					if statusOf(list, apID, a.ID) == "waitlisted" {
						return a
					}
				}
				t.Fatalf("nobody waits for %s", apID)
				return nil
			}
			noteTo(t, gts, waiting(law, lawVoters), "#1 on the waitlist")
			noteTo(t, gts, waiting(books, bookVoters), "#1 on the waitlist")

			getJSON(t, slot, &q)
			require.Equal(t, 41, q.OneOf[0].Replies.TotalItems, "the Main room's places and its waitlist")
			require.Equal(t, 16, q.OneOf[1].Replies.TotalItems)

			// One of the Main room's changes her vote: her place there goes
			// to the one waiting, and she waits for the Small room's.
			list := rsvps(t, gather, gathering)
			var mover *fedtest.Actor
			for _, a := range lawVoters {
				if statusOf(list, law, a.ID) == "going" {
					mover = a
					break
				}
			}
			next := waiting(law, lawVoters)
			resp, err := mover.Post(ctx, gather.Base+"/inbox", mover.Vote(slot, coop, "Bookkeeping · Small"))
			require.NoError(t, err)
			require.Equal(t, http.StatusAccepted, resp.Status, string(resp.Body))
			noteTo(t, gts, next, "A place opened up")
			waitFor(t, "the vote moved", func() bool {
				list := rsvps(t, gather, gathering)
				return statusOf(list, law, mover.ID) == "not_going" && statusOf(list, books, mover.ID) == "waitlisted"
			})
			require.Equal(t, 40, count(law, "going"))
			require.Equal(t, 0, count(law, "waitlisted"))
			require.Equal(t, 2, count(books, "waitlisted"))
			getJSON(t, slot, &q)
			require.Equal(t, 40, q.OneOf[0].Replies.TotalItems)
			require.Equal(t, 17, q.OneOf[1].Replies.TotalItems)
		})
	}
}
