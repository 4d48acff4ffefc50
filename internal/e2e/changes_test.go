package e2e_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/server/servertest"
)

// TestChangesReachEveryoneWhoAnswered (issue 13.1): every change people
// must notice (time, place, online link, title, and a session's time)
// reaches each who answered, going, maybe or waitlisted, as a note
// addressed to them alone with a Mention: bob on Mastodon and dan on
// GoToSocial, who do not follow; alice, who follows and answered, gets
// that note and not the public one as well; carol, who follows and did
// not answer, gets the public one. A non-follower's note carries no link
// (GoToSocial would drop it), so the new online link is for followers.
// A session's change is for those who answered it: erin, going, and
// frank, on its waitlist.
func TestChangesReachEveryoneWhoAnswered(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			gather := servertest.Start(t, db)
			coop := gather.Base + "/actors/events"
			handle := "@events@" + gather.App.URLs().Host()
			ours := func(id string) bool {
				_, _, ok := gather.App.URLs().EventOf(strings.TrimSuffix(id, "/poll"))
				return ok
			}
			gts := func() *fedtest.Server { return fedtest.NewServer(t, fedtest.GoToSocial) }
			alice := newPerson(t, "alice", gts(), true, ours)
			carol := newPerson(t, "carol", gts(), true, ours)
			bob := newPerson(t, "bob", fedtest.NewServer(t, fedtest.Mastodon), false, ours)
			dan := newPerson(t, "dan", gts(), false, ours)
			erin := newPerson(t, "erin", gts(), false, ours)
			frank := newPerson(t, "frank", fedtest.NewServer(t, fedtest.Mastodon), false, ours)
			for _, p := range []*person{alice, carol} {
				_, err := p.actor.Follow(ctx, coop, gather.Base+"/inbox")
				require.NoError(t, err)
				p.server.WaitForDelivery(t, fedtest.OfType("Accept"), wait)
			}

			gathering, workshop := smallGathering(t, gather, 1)
			_, gid, _ := gather.App.URLs().EventOf(gathering)
			_, wid, _ := gather.App.URLs().EventOf(workshop)
			answer := func(p *person, body []byte, says string) {
				t.Helper()
				_, err := p.actor.Post(ctx, gather.Base+"/inbox", body)
				require.NoError(t, err)
				p.server.WaitForDelivery(t, func(d fedtest.Delivery) bool {
					return d.Activity.Type == "Create" && strings.Contains(string(d.Activity.Object.Raw), says)
				}, wait)
			}
			answer(alice, alice.actor.Vote(gathering+"/poll", coop, "Going"), "going to Spring meet-up")
			answer(bob, bob.actor.Reply(gathering, coop, handle, "I'm going!", fedtest.Public), "going to Spring meet-up")
			answer(dan, dan.actor.Reply(gathering+"/poll", coop, handle, "maybe", fedtest.Public), "maybe")
			answer(erin, erin.actor.Reply(workshop+"/poll", coop, handle, "going", fedtest.Public), "going to Pricing workshop")
			answer(frank, frank.actor.Reply(workshop+"/poll", coop, handle, "going", fedtest.Public), "waitlist")
			waitFor(t, "answers done", func() bool { return allProcessed(t, gather) })
			for _, p := range []*person{alice, carol, bob, dan, erin, frank} {
				p.seen = len(p.server.Deliveries())
			}

			answered := []*person{alice, bob, dan, erin, frank} // erin and frank are going to the gathering too
			for _, change := range []struct {
				what, patch string
				says        []string
			}{
				{"new time", `{"starts_at": "2027-04-10T09:30"}`, []string{"New time: Spring meet-up", "09:30"}},
				{"new place", `{"venue": {"name": "Town library"}}`, []string{"New place: Spring meet-up is now at Town library"}},
				{"new link", `{"online_url": "https://meet.example/spring"}`, []string{"New online link for Spring meet-up"}},
				{"rename", `{"title": "Spring co-op meet-up"}`, []string{"Renamed: Spring meet-up is now Spring co-op meet-up"}},
			} {
				_, err := gather.App.UpdateGathering(ctx, gid, []byte(change.patch), 0)
				require.NoError(t, err, change.what)
				updates := []expected{{typ: "Update", kind: "Event", id: gathering}, {typ: "Update", kind: "Question", id: gathering + "/poll"}}
				for _, p := range answered {
					note := expected{typ: "Create", kind: "Note", to: p.actor.ID, says: change.says}
					if change.what == "new link" {
						if p.follows {
							note.says = append(note.says, "https://meet.example/spring")
						} else {
							note.says = append(note.says, "in the post you answered")
						}
					}
					p.expect(change.what, append(updates, note)...)
				}
				carol.expect(change.what, append(updates, expected{typ: "Create", kind: "Note", says: change.says})...)
			}

			// A session's change is for those who answered it; the
			// followers who did not read the public note.
			_, err := gather.App.UpdateSession(ctx, wid, []byte(`{"starts_at": "2027-04-10T13:00", "ends_at": "2027-04-10T14:30"}`), 0)
			require.NoError(t, err)
			says := []string{"New time: Pricing workshop", "13:00–14:30"}
			for _, p := range []*person{erin, frank} {
				p.expect("the workshop moves",
					expected{typ: "Update", kind: "Question", id: workshop + "/poll", says: []string{"13:00"}},
					expected{typ: "Create", kind: "Note", to: p.actor.ID, says: says})
			}
			for _, p := range []*person{alice, carol} {
				p.expect("the workshop moves",
					expected{typ: "Update", kind: "Question", id: workshop + "/poll", says: []string{"13:00"}},
					expected{typ: "Update", kind: "Event", id: workshop},
					expected{typ: "Update", kind: "Event", id: gathering, says: []string{"13:00–14:30 · Pricing workshop"}},
					expected{typ: "Create", kind: "Note", says: says})
			}
			for _, p := range []*person{alice, carol, bob, dan, erin, frank} {
				p.nothingMore(gather, "in the end")
			}
		})
	}
}

// TestCancellationClosesEverything (issue 13.2): cancelling closes the
// gathering's poll and its session's (closed set, fetched or received),
// the session's Event says it is cancelled and no longer asks for
// replies, and each who answered is told. A vote or a reply after that is
// not counted and gets one note saying it is cancelled: once per person,
// however many votes, and none for someone told already.
func TestCancellationClosesEverything(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			gather := servertest.Start(t, db)
			coop := gather.Base + "/actors/events"
			handle := "@events@" + gather.App.URLs().Host()
			ours := func(id string) bool {
				_, _, ok := gather.App.URLs().EventOf(strings.TrimSuffix(id, "/poll"))
				return ok
			}
			alice := newPerson(t, "alice", fedtest.NewServer(t, fedtest.GoToSocial), true, ours)
			bob := newPerson(t, "bob", fedtest.NewServer(t, fedtest.Mastodon), false, ours)
			carol := newPerson(t, "carol", fedtest.NewServer(t, fedtest.GoToSocial), false, ours)
			_, err := alice.actor.Follow(ctx, coop, gather.Base+"/inbox")
			require.NoError(t, err)
			alice.server.WaitForDelivery(t, fedtest.OfType("Accept"), wait)

			gathering, workshop := smallGathering(t, gather, 10)
			_, gid, _ := gather.App.URLs().EventOf(gathering)
			_, err = bob.actor.Post(ctx, gather.Base+"/inbox", bob.actor.Reply(workshop+"/poll", coop, handle, "going", fedtest.Public))
			require.NoError(t, err)
			noteTo(t, bob.server, bob.actor, "going to Pricing workshop")
			waitFor(t, "answers done", func() bool { return allProcessed(t, gather) })
			alice.seen, bob.seen = len(alice.server.Deliveries()), len(bob.server.Deliveries())

			_, err = gather.App.CancelGathering(ctx, gid)
			require.NoError(t, err)
			closed := func(id string) expected {
				return expected{typ: "Update", kind: "Question", id: id, says: []string{"Cancelled:", "will not take place"}, never: []string{"Vote to RSVP"}}
			}
			cancelled := func(id string) expected {
				return expected{typ: "Update", kind: "Event", id: id, says: []string{"Cancelled"}, never: []string{"Reply 'going'"}}
			}
			alice.expect("cancel", cancelled(gathering), closed(gathering+"/poll"), cancelled(workshop), closed(workshop+"/poll"),
				expected{typ: "Create", kind: "Note", says: []string{"Cancelled: Spring meet-up"}})
			bob.expect("cancel", cancelled(gathering), closed(gathering+"/poll"), closed(workshop+"/poll"),
				expected{typ: "Create", kind: "Note", to: bob.actor.ID, says: []string{"Cancelled: Spring meet-up"}})
			cancelledAt := alice.latest[gathering].obj["updated"]
			for _, poll := range []string{gathering + "/poll", workshop + "/poll"} {
				require.Equal(t, cancelledAt, alice.latest[poll].obj["closed"], "%s closed when cancelled", poll)
				var fetched map[string]any
				getJSON(t, poll, &fetched)
				require.Equal(t, cancelledAt, fetched["closed"], "%s fetched", poll)
			}

			// Late: carol votes twice (GoToSocial sends each vote as its
			// own Create when asked twice) and replies; bob, told
			// already, replies again.
			before := rsvps(t, gather, gathering)
			for _, body := range [][]byte{
				carol.actor.Vote(gathering+"/poll", coop, "Going"),
				carol.actor.Vote(workshop+"/poll", coop, "Going"),
				carol.actor.Reply(gathering, coop, handle, "going!", fedtest.Public),
			} {
				_, err = carol.actor.Post(ctx, gather.Base+"/inbox", body)
				require.NoError(t, err)
			}
			_, err = bob.actor.Post(ctx, gather.Base+"/inbox", bob.actor.Reply(gathering, coop, handle, "still going", fedtest.Public))
			require.NoError(t, err)
			carol.expect("late votes and reply", expected{typ: "Create", kind: "Note", to: carol.actor.ID,
				says: []string{"Cancelled: Spring meet-up", "will not take place", "not counted"}})
			for _, p := range []*person{alice, bob, carol} {
				p.nothingMore(gather, "after the late answers")
			}
			require.Equal(t, before, rsvps(t, gather, gathering), "late answers are not counted")

			// And a cancelled gathering no longer changes.
			_, err = gather.App.UpdateGathering(ctx, gid, []byte(`{"title": "Back on"}`), 0)
			require.ErrorContains(t, err, "cancelled")
			_, err = gather.App.AddSession(ctx, gid, &app.SessionInput{Title: "Pub", Kind: "social", StartsAt: "2027-04-10T16:00", EndsAt: "2027-04-10T17:00"})
			require.ErrorContains(t, err, "cancelled")
		})
	}
}
