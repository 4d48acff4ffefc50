package e2e_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/server/servertest"
)

// TestReplyNamingASession is issue 19's sign-up by reply, from Mastodon
// and GoToSocial:
// a reply to the gathering that names one of its sessions is an answer
// to that session (its one seat taken, then a waitlist place, then given
// up again); one that may mean two workshops gets a note listing them
// and signs up for nothing, and a reply to that note naming one counts; an
// edit naming another session moves the sign-up; a plain "going" stays the
// gathering's; a post that mentions us names a session as a reply does;
// and a reply to a slot poll naming another of its sessions moves the
// voter's place.
func TestReplyNamingASession(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		for _, flavor := range []fedtest.Flavor{fedtest.Mastodon, fedtest.GoToSocial} {
			t.Run(db+"/"+flavor.String(), func(t *testing.T) {
				t.Parallel()
				ctx := context.Background()
				gather := servertest.Start(t, db)
				one, fifty := 1, 50
				in := app.GatheringInput{Title: "Co-op day", Timezone: "Europe/London",
					StartsAt: "2027-04-10T10:00", EndsAt: "2027-04-10T17:00", Venue: &app.VenueInput{Name: "Co-op hall"},
					Rooms: []app.RoomInput{{Name: "Back room"}, {Name: "Main room"}, {Name: "Small room"}},
					Sessions: []app.SessionInput{
						{Title: "Pricing workshop", Kind: "workshop", Room: ptr("Back room"), Capacity: &one,
							StartsAt: "2027-04-10T10:30", EndsAt: "2027-04-10T12:00"},
						{Title: "Big Tech and the co-op alternative", Kind: "talk", Room: ptr("Main room"), Capacity: &fifty,
							StartsAt: "2027-04-10T10:30", EndsAt: "2027-04-10T12:00"},
						{Title: "Bookkeeping basics", Kind: "workshop", Room: ptr("Small room"),
							StartsAt: "2027-04-10T13:00", EndsAt: "2027-04-10T14:30"},
					}}
				ref, err := gather.App.CreateGathering(ctx, "events", &in, true)
				require.NoError(t, err)
				gathering, pricing, bigTech, books := ref.APID, ref.Sessions[0].APID, ref.Sessions[1].APID, ref.Sessions[2].APID
				coop, handle := gather.Base+"/actors/events", "@events@"+gather.App.URLs().Host()
				remote := fedtest.NewServer(t, flavor)
				alice, bob, carol, dave, erin := remote.AddActor("alice"), remote.AddActor("bob"), remote.AddActor("carol"),
					remote.AddActor("dave"), remote.AddActor("erin")
				post := func(from *fedtest.Actor, activity []byte) {
					t.Helper()
					resp, err := from.Post(ctx, gather.Base+"/inbox", activity)
					require.NoError(t, err)
					require.Equal(t, http.StatusAccepted, resp.Status, string(resp.Body))
				}
				answers := func(person *fedtest.Actor) map[string]string {
					t.Helper()
					out := map[string]string{}
					for _, r := range rsvps(t, gather, gathering) {
						if r.Person.ID == person.ID {
							out[r.APID] = r.Status
						}
					}
					return out
				}

				post(alice, alice.Reply(gathering, coop, handle, "I'll go to the pricing workshop", fedtest.Direct))
				noteTo(t, remote, alice, "going to Pricing workshop")
				require.Equal(t, map[string]string{pricing: "going", gathering: "going"}, answers(alice),
					"the workshop's seat, and so the gathering")

				bobs := bob.Reply(gathering, coop, handle, "put me down for big tech", fedtest.Public)
				post(bob, bobs)
				noteTo(t, remote, bob, "going to Big Tech and the co-op alternative")
				require.Equal(t, map[string]string{bigTech: "going", gathering: "going"}, answers(bob))

				// Two workshops: carol is asked which, and nothing is signed up.
				post(carol, carol.Reply(gathering, coop, handle, "Count me in for the workshop!", fedtest.Direct))
				ask := noteTo(t, remote, carol, "Which session do you mean")
				require.Contains(t, ask.ContentHTML, "Pricing workshop (Sat 10:30, Back room); Bookkeeping basics (Sat 13:00, Small room)")
				require.NotContains(t, ask.ContentHTML, "Big Tech")
				require.NotContains(t, ask.ContentHTML, gather.Base, "no link of ours: GoToSocial drops those from strangers")
				require.True(t, strings.HasPrefix(ask.ID, gathering+"/notes/"), "one of the gathering's notes: %s", ask.ID)
				require.Empty(t, answers(carol), "an unclear reply signs up for nothing")
				// Her answer to the question names one.
				post(carol, carol.Reply(ask.ID, coop, handle, "Bookkeeping please, going", fedtest.Direct))
				noteTo(t, remote, carol, "going to Bookkeeping basics")
				require.Equal(t, map[string]string{books: "going", gathering: "going"}, answers(carol))

				// The workshop's one seat is alice's: dave waits.
				post(dave, dave.Reply(gathering, coop, handle, "I'll go to the pricing workshop", fedtest.Public))
				noteTo(t, remote, dave, "#1 on the waitlist")
				require.Equal(t, map[string]string{pricing: "waitlisted", gathering: "going"}, answers(dave))

				// alice gives up the workshop, not the day; dave has the seat.
				post(alice, alice.Reply(gathering, coop, handle, "Sorry, not going to the pricing workshop after all", fedtest.Direct))
				noteTo(t, remote, alice, "not going to Pricing workshop")
				noteTo(t, remote, dave, "A place opened up")
				require.Equal(t, map[string]string{pricing: "not_going", gathering: "going"}, answers(alice))
				require.Equal(t, "going", answers(dave)[pricing])

				// bob edits his reply to name another session: the sign-up moves.
				post(bob, editReply(t, bobs, "put me down for bookkeeping"))
				noteTo(t, remote, bob, "going to Bookkeeping basics")
				require.Equal(t, map[string]string{books: "going", gathering: "going"}, answers(bob))

				// A plain "going" is the gathering's, as before.
				post(erin, erin.Reply(gathering, coop, handle, "I'm going!", fedtest.Public))
				noteTo(t, remote, erin, "going to Co-op day")
				require.Equal(t, map[string]string{gathering: "going"}, answers(erin))

				// A post mentioning us, replying to nothing, names a session the same way.
				frank := remote.AddActor("frank")
				post(frank, frank.Mention(coop, handle, "I'll go to big tech", fedtest.Public))
				noteTo(t, remote, frank, "going to Big Tech and the co-op alternative")
				require.Equal(t, map[string]string{bigTech: "going", gathering: "going"}, answers(frank))

				// At 10:30 the workshop and the talk take sign-ups: a slot poll.
				// gina votes for the talk, then, her vote fixed on Mastodon,
				// replies to the poll naming the workshop: she gives up the
				// talk's place and waits for the workshop's seat, as a changed
				// vote would.
				slot := gathering + "/slots/1"
				gina := remote.AddActor("gina")
				post(gina, gina.Vote(slot, coop, "Big Tech and the co-op alternative · Main room"))
				noteTo(t, remote, gina, "going to Big Tech and the co-op alternative")
				post(gina, gina.Reply(slot, coop, handle, "Put me down for the pricing workshop instead", fedtest.Direct))
				noteTo(t, remote, gina, "#1 on the waitlist")
				require.Equal(t, map[string]string{bigTech: "not_going", pricing: "waitlisted", gathering: "going"}, answers(gina))
			})
		}
	}
}

// editReply turns a Create of a reply into the Update its server sends
// when it is edited to say text instead: same note, new activity.
func editReply(t *testing.T, create []byte, text string) []byte {
	t.Helper()
	var act map[string]any
	require.NoError(t, json.Unmarshal(create, &act))
	note := act["object"].(map[string]any)
	act["id"] = note["id"].(string) + "#updates/1"
	act["type"] = "Update"
	content := note["content"].(string)
	i := strings.LastIndex(content, "</span> ")
	require.Positive(t, i, "a reply that opens with its mention")
	note["content"] = content[:i+len("</span> ")] + text + "</p>"
	note["updated"] = time.Now().Add(time.Second).UTC().Format(time.RFC3339)
	out, err := json.Marshal(act)
	require.NoError(t, err)
	return out
}
