package e2e_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/config"
	"github.com/gather-coop/gather/internal/server/servertest"
)

// notesTo are the bodies of the direct notes server received for person
// that contain text.
func directNotesTo(t *testing.T, server *fedtest.Server, person, text string) []string {
	t.Helper()
	var out []string
	for _, d := range server.Deliveries() {
		if d.Activity == nil || d.Activity.Type != "Create" || d.Activity.Object.Type != "Note" {
			continue
		}
		var n reminderNote
		require.NoError(t, json.Unmarshal(d.Activity.Object.Raw, &n))
		if len(n.To) == 1 && n.To[0] == person && strings.Contains(n.Content, text) {
			out = append(out, n.Content)
		}
	}
	return out
}

// TestStandingRSVP (issue 18, "a standing RSVP counts on new
// occurrences"): bob replies "I'll come to all of them" to the first of
// a monthly call's three made occurrences and is going to all three,
// told once; saying it again tells him nothing. When the clock passes
// the first call and the window makes the fourth, he is going to it too,
// with no second note. erin stood too but is blocked since: the fourth
// does not count her. bob's own "I'm going" to the second call, given
// before, stays when he replies "not any more" to his confirmation: the
// answers the standing RSVP gave to the coming calls go, the past call's
// stays, and he is told once. The series API counts those standing.
func TestStandingRSVP(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			clock := &testClock{}
			gather := servertest.Start(t, db, func(c *config.Config) { c.Now = clock.Now })
			tok := token(t, gather)
			coop := gather.Base + "/actors/events"
			handle := "@events@" + gather.App.URLs().Host()
			mastodon := fedtest.NewServer(t, fedtest.Mastodon, fedtest.WithClock(clock.Now))
			bob, carol, erin := mastodon.AddActor("bob"), mastodon.AddActor("carol"), mastodon.AddActor("erin")

			var s struct {
				ID       int64 `json:"id"`
				Standing *int  `json:"standing"`
			}
			require.Equal(t, 201, apiCall(t, "POST", gather.Base+"/api/v1/series", tok, []byte(monthlyCallJSON), &s))
			require.Nil(t, s.Standing, "counted in GET of one series only")
			standing := func() int {
				t.Helper()
				var got struct {
					Standing *int `json:"standing"`
				}
				require.Equal(t, 200, apiCall(t, "GET", gather.Base+"/api/v1/series/"+itoa(s.ID), tok, nil, &got))
				require.NotNil(t, got.Standing)
				return *got.Standing
			}
			require.Equal(t, 0, standing())
			occurrences := func() []app.SeriesOccurrence {
				t.Helper()
				list, err := gather.App.SeriesOccurrences(ctx, s.ID)
				require.NoError(t, err)
				return list
			}
			occ := occurrences()
			require.Len(t, occ, 3)
			ap := func(o app.SeriesOccurrence) string { return gather.App.URLs().Gathering(o.Gathering.ID) }
			status := func(o app.SeriesOccurrence, who *fedtest.Actor) string {
				return statusOf(rsvps(t, gather, ap(o)), ap(o), who.ID)
			}
			answer := func(who *fedtest.Actor, inReplyTo, text string) {
				t.Helper()
				_, err := who.Post(ctx, gather.Base+"/inbox", who.Reply(inReplyTo, coop, handle, text, fedtest.Public))
				require.NoError(t, err)
				waitFor(t, "the reply processed", func() bool { return allProcessed(t, gather) })
			}

			// bob answers the second call on its own first.
			answer(bob, ap(occ[1]), "I'm going!")
			noteTo(t, mastodon, bob, "going to General circle call")
			answer(bob, ap(occ[0]), "I'll come to all of them!")
			confirm := noteTo(t, mastodon, bob, "down for every General circle call")
			for i, o := range occ {
				require.Equal(t, "going", status(o, bob), "occurrence %d", i)
			}
			require.Len(t, directNotesTo(t, mastodon, bob.ID, "down for every"), 1, "one confirmation for them all")
			require.Len(t, directNotesTo(t, mastodon, bob.ID, "going to General circle call"), 1, "only the single answer's own")
			require.Contains(t, confirm.ContentHTML, "not any more")
			require.Contains(t, confirm.ContentHTML, "call.example/secret-room", "the link, to someone going")
			require.Equal(t, 1, standing())

			answer(bob, ap(occ[2]), "Every month, yes")
			require.Len(t, directNotesTo(t, mastodon, bob.ID, "down for every"), 1, "saying it again tells nothing new")
			require.Equal(t, 1, standing())

			answer(erin, ap(occ[0]), "all of them please")
			noteTo(t, mastodon, erin, "down for every")
			require.Equal(t, 2, standing())
			require.NoError(t, gather.App.BlockPerson(ctx, erin.ID))
			answer(carol, ap(occ[0]), "Can't come to all of them, but I'll be there for this one")
			require.Equal(t, "going", status(occ[0], carol))
			require.Equal(t, "", status(occ[1], carol), "not standing: one answer")
			require.Equal(t, 1, standing(), "erin's, blocked, counts for nothing")

			// The clock passes the first call: the window makes the fourth.
			clock.Set(occ[0].Gathering.EndsAt.Add(time.Hour))
			made, err := gather.App.FillAllSeries(ctx)
			require.NoError(t, err)
			require.Equal(t, 1, made)
			occ = occurrences()
			require.Len(t, occ, 4)
			waitFor(t, "bob going to the fourth", func() bool { return status(occ[3], bob) == "going" })
			waitFor(t, "the jobs done", func() bool { return allProcessed(t, gather) })
			require.Equal(t, "", status(occ[3], erin), "blocked since")
			require.Equal(t, "", status(occ[3], carol))
			require.Len(t, directNotesTo(t, mastodon, bob.ID, "down for every"), 1, "no second confirmation")
			require.Len(t, directNotesTo(t, mastodon, bob.ID, "going to General circle call"), 1)

			// "Not any more", in reply to the confirmation.
			answer(bob, confirm.ID, "Not any more, sorry")
			noteTo(t, mastodon, bob, "no longer down for every")
			require.Equal(t, "going", status(occ[0], bob), "the past call keeps its answer")
			require.Equal(t, "going", status(occ[1], bob), "his own answer to the second stays")
			require.Equal(t, "", status(occ[2], bob))
			require.Equal(t, "", status(occ[3], bob))
			require.Equal(t, 0, standing())
			require.Len(t, directNotesTo(t, mastodon, bob.ID, "no longer down"), 1)
			require.Empty(t, directNotesTo(t, mastodon, bob.ID, "not going to"), "told once, not per call")

			// Filling again makes nothing and answers nothing for bob.
			_, err = gather.App.FillAllSeries(ctx)
			require.NoError(t, err)
			require.Equal(t, "", status(occ[3], bob))
		})
	}
}

// TestStandingRSVPDeleted: deleting the reply that made a standing RSVP
// takes back its answers, as for any reply, and ends it, so that no
// occurrence made later counts the person.
func TestStandingRSVPDeleted(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			gather := servertest.Start(t, db)
			tok := token(t, gather)
			coop := gather.Base + "/actors/events"
			handle := "@events@" + gather.App.URLs().Host()
			mastodon := fedtest.NewServer(t, fedtest.Mastodon)
			dana := mastodon.AddActor("dana")
			var s struct {
				ID int64 `json:"id"`
			}
			require.Equal(t, 201, apiCall(t, "POST", gather.Base+"/api/v1/series", tok, []byte(monthlyCallJSON), &s))
			occ, err := gather.App.SeriesOccurrences(ctx, s.ID)
			require.NoError(t, err)
			first := gather.App.URLs().Gathering(occ[0].Gathering.ID)
			last := gather.App.URLs().Gathering(occ[2].Gathering.ID)

			reply := dana.Reply(first, coop, handle, "Every month!", fedtest.Public)
			_, err = dana.Post(ctx, gather.Base+"/inbox", reply)
			require.NoError(t, err)
			noteTo(t, mastodon, dana, "down for every")
			require.Equal(t, "going", statusOf(rsvps(t, gather, last), last, dana.ID))
			var act struct {
				Object struct {
					ID string `json:"id"`
				} `json:"object"`
			}
			require.NoError(t, json.Unmarshal(reply, &act))
			_, err = dana.Post(ctx, gather.Base+"/inbox", deleteOf(t, dana, act.Object.ID))
			require.NoError(t, err)
			waitFor(t, "the delete processed", func() bool { return allProcessed(t, gather) })
			require.Equal(t, "", statusOf(rsvps(t, gather, first), first, dana.ID))
			require.Equal(t, "", statusOf(rsvps(t, gather, last), last, dana.ID))
			var got struct {
				Standing int `json:"standing"`
			}
			require.Equal(t, 200, apiCall(t, "GET", gather.Base+"/api/v1/series/"+itoa(s.ID), tok, nil, &got))
			require.Equal(t, 0, got.Standing)
		})
	}
}

// TestStandingAnswersUnderCapacity: the answers a standing RSVP gives
// (quiet, filling in only) go through the capacity rules as any answer
// does: a full event waitlists, without a note; filling in again leaves
// the answer alone; when a place opens the person is promoted and told,
// as anyone on the waitlist is. (A gathering has no capacity of its own
// in Gather, a session does: this is where the rules can be seen.)
func TestStandingAnswersUnderCapacity(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			gather := servertest.Start(t, db)
			remote := fedtest.NewServer(t, fedtest.Mastodon)
			gathering, workshop := smallGathering(t, gather, 1)
			coop := gather.Base + "/actors/events"
			handle := "@events@" + gather.App.URLs().Host()
			ann, ben := remote.AddActor("ann"), remote.AddActor("ben")
			_, err := ann.Post(ctx, gather.Base+"/inbox", ann.Reply(workshop, coop, handle, "Count me in!", fedtest.Public))
			require.NoError(t, err)
			noteTo(t, remote, ann, "going to Pricing workshop")
			// ben is known to us by a question.
			_, err = ben.Post(ctx, gather.Base+"/inbox", ben.Reply(workshop, coop, handle, "is there parking?", fedtest.Public))
			require.NoError(t, err)
			waitFor(t, "ben known", func() bool { return allProcessed(t, gather) })
			person, err := gather.Store.RemoteActorGetByURI(ctx, ben.ID)
			require.NoError(t, err)

			_, gid, _ := gather.App.URLs().EventOf(gathering)
			_, sid, _ := gather.App.URLs().EventOf(workshop)
			req := app.RSVPRequest{GatheringID: gid, SessionID: &sid, Person: &person, Intent: app.IntentGoing,
				Channel: "reply", ActivityURI: ben.ID + "/statuses/all-of-them", Quiet: true, IfUnanswered: true}
			out, err := gather.App.RSVP(ctx, req)
			require.NoError(t, err)
			require.Equal(t, "waitlisted", string(out.RSVP.Status), "full: on the waitlist")
			again, err := gather.App.RSVP(ctx, req)
			require.NoError(t, err)
			require.False(t, again.Changed, "filling in leaves an answer alone")

			_, err = ann.Post(ctx, gather.Base+"/inbox", ann.Reply(workshop, coop, handle, "Sorry, can't make it now", fedtest.Public))
			require.NoError(t, err)
			noteTo(t, remote, ben, "A place opened up")
			require.Equal(t, "going", statusOf(rsvps(t, gather, gathering), workshop, ben.ID))
			require.Empty(t, directNotesTo(t, remote, ben.ID, "waitlist"), "the quiet answer sent no note of its own")
		})
	}
}

// TestStandingRSVPFollowsASplit: when an organiser changes "this and the
// following" calls, the new series takes over those standing: the call
// it makes for its window counts them. "Not any more" to a call of the new
// series ends both: it was one reply, meaning every call.
func TestStandingRSVPFollowsASplit(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			gather := servertest.Start(t, db)
			tok := token(t, gather)
			coop := gather.Base + "/actors/events"
			handle := "@events@" + gather.App.URLs().Host()
			mastodon := fedtest.NewServer(t, fedtest.Mastodon)
			bob := mastodon.AddActor("bob")
			var s struct {
				ID int64 `json:"id"`
			}
			require.Equal(t, 201, apiCall(t, "POST", gather.Base+"/api/v1/series", tok, []byte(monthlyCallJSON), &s))
			occ, err := gather.App.SeriesOccurrences(ctx, s.ID)
			require.NoError(t, err)
			ap := func(o app.SeriesOccurrence) string { return gather.App.URLs().Gathering(o.Gathering.ID) }
			_, err = bob.Post(ctx, gather.Base+"/inbox", bob.Reply(ap(occ[0]), coop, handle, "I'll come to all of them", fedtest.Public))
			require.NoError(t, err)
			noteTo(t, mastodon, bob, "down for every")

			body := strings.Replace(monthlyCallJSON, `"General circle call"`, `"Members' call"`, 1)
			body = strings.Replace(body, `"rule": {"start": "2027-01-12T18:00", "freq": "monthly", "weekdays": ["TU"], "week": 2},`, "", 1)
			var next struct {
				ID int64 `json:"id"`
			}
			require.Equal(t, 201, apiCall(t, "POST", gather.Base+"/api/v1/gatherings/"+itoa(occ[1].Gathering.ID)+"/split", tok, []byte(body), &next))
			rest, err := gather.App.SeriesOccurrences(ctx, next.ID)
			require.NoError(t, err)
			require.Len(t, rest, 3, "February and March, and April made for the new window")
			april := ap(rest[2])
			waitFor(t, "bob going to the new series' first new call", func() bool {
				return statusOf(rsvps(t, gather, april), april, bob.ID) == "going"
			})
			var got struct {
				Standing int `json:"standing"`
			}
			require.Equal(t, 200, apiCall(t, "GET", gather.Base+"/api/v1/series/"+itoa(next.ID), tok, nil, &got))
			require.Equal(t, 1, got.Standing)

			_, err = bob.Post(ctx, gather.Base+"/inbox", bob.Reply(april, coop, handle, "not any more", fedtest.Public))
			require.NoError(t, err)
			noteTo(t, mastodon, bob, "no longer down for every Members")
			for _, o := range rest {
				require.Equal(t, "", statusOf(rsvps(t, gather, ap(o)), ap(o), bob.ID))
			}
			// The same reply stood for the calls before the split: they go too.
			require.Equal(t, "", statusOf(rsvps(t, gather, ap(occ[0])), ap(occ[0]), bob.ID))
			got.Standing = -1
			require.Equal(t, 200, apiCall(t, "GET", gather.Base+"/api/v1/series/"+itoa(s.ID), tok, nil, &got))
			require.Equal(t, 0, got.Standing, "the old series' copy ended too")
		})
	}
}
