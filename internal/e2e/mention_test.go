package e2e_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/server/servertest"
)

// TestMentionThatIsNotAReply: "@events I'm going to the gathering" as a
// new post from GoToSocial (a Create{Note} with a Mention and no
// inReplyTo) counts for the only upcoming gathering; with two coming up,
// a post that names neither gets one short question and a reply to it
// naming one counts; a public mention that says nothing about coming
// gets no answer at all.
func TestMentionThatIsNotAReply(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			gather := servertest.Start(t, db)
			gts := fedtest.NewServer(t, fedtest.GoToSocial)
			alice, bob := gts.AddActor("alice"), gts.AddActor("bob")
			coop := gather.Base + "/actors/events"
			handle := "@events@" + gather.App.URLs().Host()
			post := func(from *fedtest.Actor, activity []byte) {
				t.Helper()
				resp, err := from.Post(ctx, gather.Base+"/inbox", activity)
				require.NoError(t, err)
				require.Equal(t, http.StatusAccepted, resp.Status, string(resp.Body))
				waitFor(t, "processed", func() bool { return allProcessed(t, gather) })
			}
			sentTo := func(who *fedtest.Actor) int {
				n := 0
				for _, d := range gts.Deliveries() {
					if d.Activity != nil && d.Activity.Type == "Create" && strings.HasSuffix(d.Path, "/users/"+who.Name+"/inbox") {
						n++
					}
				}
				return n
			}

			spring, _ := smallGathering(t, gather, 10)
			post(alice, alice.Mention(coop, handle, "I'm going to the gathering", fedtest.Direct))
			noteTo(t, gts, alice, "going to Spring meet-up")
			require.Equal(t, "going", statusOf(rsvps(t, gather, spring), spring, alice.ID))

			// Talking about us in public is not an RSVP and gets no answer.
			post(bob, bob.Mention(coop, handle, "Have you seen what these folks are doing? Great stuff", fedtest.Public))
			require.Zero(t, sentTo(bob))

			in := app.GatheringInput{Title: "Autumn assembly", Timezone: "Europe/London",
				StartsAt: "2027-10-02T10:00", EndsAt: "2027-10-02T17:00", Venue: &app.VenueInput{Name: "Co-op hall"}}
			ref, err := gather.App.CreateGathering(ctx, "events", &in, true)
			require.NoError(t, err)
			autumn := ref.APID

			post(bob, bob.Mention(coop, handle, "Count me in!", fedtest.Public))
			ask := noteTo(t, gts, bob, "Which gathering do you mean")
			require.Contains(t, ask.ContentHTML, "Spring meet-up (Sat 10 Apr)")
			require.Contains(t, ask.ContentHTML, "Autumn assembly (Sat 2 Oct)")
			require.Empty(t, statusOf(rsvps(t, gather, spring), spring, bob.ID))
			require.Empty(t, statusOf(rsvps(t, gather, autumn), autumn, bob.ID))

			post(bob, bob.Reply(ask.ID, coop, handle, "The autumn assembly, going", fedtest.Direct))
			noteTo(t, gts, bob, "going to Autumn assembly")
			require.Equal(t, "going", statusOf(rsvps(t, gather, autumn), autumn, bob.ID))
			require.Empty(t, statusOf(rsvps(t, gather, spring), spring, bob.ID))

			// A link names the gathering too.
			post(alice, alice.Mention(coop, handle, "Can't make "+autumn+" sadly", fedtest.Direct))
			noteTo(t, gts, alice, "not going to Autumn assembly")
			require.Equal(t, 2, sentTo(bob), "one question and one confirmation")
		})
	}
}
