package e2e_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/server/servertest"
)

// expected is one delivery a person's server should get: an activity of
// type about an object of kind, with id (a note's id is new: "" matches
// any), addressed to one person (to, an actor id) or to the public (to
// ""), whose text as GoToSocial shows it says each of says and none of
// never.
type expected struct {
	typ, kind, id, to string
	says, never       []string
}

func (e expected) String() string {
	to := "public"
	if e.to != "" {
		to = e.to
	}
	return fmt.Sprintf("%s{%s %s} to %s saying %q", e.typ, e.kind, e.id, to, e.says)
}

// received is one delivery as its receiver's server reads it.
type received struct {
	typ, kind, id string
	to            []string
	mentions      []string
	obj           map[string]any
	shown         string // as GoToSocial shows it
}

func (r received) String() string {
	return fmt.Sprintf("%s{%s %s} to %v: %q", r.typ, r.kind, r.id, r.to, r.shown)
}

// person is an account on a fake server and what their server received
// from us, step by step, checked against what each step should send.
type person struct {
	t       *testing.T
	name    string
	actor   *fedtest.Actor
	server  *fedtest.Server
	follows bool
	// ours are the ids of our events and polls: the only objects a
	// count refresh (an Update at the end of a minute with new counts,
	// see app.SendEventUpdate) may be about.
	ours    func(id string) bool
	seen    int
	latest  map[string]received
	mu      sync.Mutex
	log     []string // every delivery, in order, as the note lists them
	current string   // the step being checked
}

func newPerson(t *testing.T, name string, server *fedtest.Server, follows bool, ours func(string) bool) *person {
	return &person{t: t, name: name, actor: server.AddActor(name), server: server, follows: follows, ours: ours,
		latest: map[string]received{}}
}

func read(t *testing.T, d fedtest.Delivery) received {
	t.Helper()
	require.True(t, d.Verified, "signed: %v", d.VerifyErr)
	r := received{typ: d.Activity.Type, kind: d.Activity.Object.Type, id: d.Activity.Object.ID}
	if d.Activity.Type != "Create" && d.Activity.Type != "Update" {
		return r
	}
	var obj map[string]any
	require.NoError(t, json.Unmarshal(d.Activity.Object.Raw, &obj))
	r.obj = obj
	for _, to := range asList(obj["to"]) {
		r.to = append(r.to, to.(string))
	}
	for _, tag := range asList(obj["tag"]) {
		if m, ok := tag.(map[string]any); ok && m["type"] == "Mention" {
			r.mentions = append(r.mentions, m["href"].(string))
		}
	}
	r.shown = asGoToSocial(obj).All()
	return r
}

func asList(v any) []any {
	if l, ok := v.([]any); ok {
		return l
	}
	if v == nil {
		return nil
	}
	return []any{v}
}

// links finds what GoToSocial's spam filter takes for links: anything
// http(s) in the summary and content, tags included.
var links = regexp.MustCompile(`https?://[^\s"'<>]+`)

// matches reports whether r is e, as p's server takes it: a note to p
// must be to p alone and mention them, with their handle in the text;
// and a post to someone who does not follow us must carry no link but
// the mention's, or GoToSocial's spam filter drops it.
func (p *person) matches(e expected, r received) bool {
	if r.typ != e.typ || r.kind != e.kind || (e.id != "" && r.id != e.id) {
		return false
	}
	if e.kind == "Note" {
		if e.to == "" && !slices.Contains(r.to, federation.Public) {
			return false
		}
		if e.to != "" && !(slices.Equal(r.to, []string{e.to}) && slices.Contains(r.mentions, e.to) &&
			strings.Contains(r.shown, "@"+p.name)) {
			return false
		}
	}
	for _, s := range e.says {
		if !strings.Contains(r.shown, s) {
			return false
		}
	}
	for _, s := range e.never {
		if strings.Contains(r.shown, s) {
			return false
		}
	}
	if !p.follows && r.typ == "Create" {
		summary, _ := r.obj["summary"].(string)
		content, _ := r.obj["content"].(string)
		for _, l := range links.FindAllString(summary+" "+content, -1) {
			u, err := url.Parse(l)
			if err != nil || u.Host != p.server.Host() {
				p.t.Errorf("%s: %s would be dropped by GoToSocial: a link (%s) from an account %s does not follow", p.current, r, l, p.name)
			}
		}
	}
	return true
}

// countRefresh reports whether r is an Update of one of our events or
// polls saying what the last one said (name, summary, content, closed),
// but with new counts: what SendEventUpdate sends followers once a
// minute after answers, at a moment no step controls.
func (p *person) countRefresh(r received) bool {
	if !p.follows || r.typ != "Update" || !p.ours(r.id) {
		return false
	}
	last, ok := p.latest[r.id]
	if !ok {
		return true // refreshed before the step that edits it arrived
	}
	for _, key := range []string{"name", "summary", "content", "closed"} {
		if fmt.Sprint(last.obj[key]) != fmt.Sprint(r.obj[key]) {
			return false
		}
	}
	return true
}

// expect waits until p's server received every one of want (in any
// order: the deliveries of one change run in parallel) and fails at once
// on anything else but count refreshes.
func (p *person) expect(step string, want ...expected) {
	p.t.Helper()
	p.current = step
	matched := make([]bool, len(want))
	deadline := time.Now().Add(wait)
	for {
		all := p.server.Deliveries()
		for ; p.seen < len(all); p.seen++ {
			r := read(p.t, all[p.seen])
			i := -1
			for j, e := range want {
				if !matched[j] && p.matches(e, r) {
					i = j
					break
				}
			}
			switch {
			case i >= 0:
				matched[i] = true
				p.record(step, r, "")
			case p.countRefresh(r):
				p.record(step, r, " (count refresh)")
			default:
				p.t.Fatalf("%s, %s: unexpected %s", p.name, step, r)
			}
			if r.typ == "Update" || r.typ == "Create" {
				p.latest[r.id] = r
			}
		}
		if !slices.Contains(matched, false) {
			return
		}
		if time.Now().After(deadline) {
			var missing []string
			for i, e := range want {
				if !matched[i] {
					missing = append(missing, e.String())
				}
			}
			p.t.Fatalf("%s, %s: still waiting for %s", p.name, step, strings.Join(missing, "; "))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (p *person) record(step string, r received, note string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	to := "public"
	if !slices.Contains(r.to, federation.Public) {
		to = strings.Join(r.to, ", ")
	}
	p.log = append(p.log, fmt.Sprintf("%s: %s %s %s to %s%s: %q", step, r.typ, r.kind, r.id, to, note,
		strings.Join(strings.Fields(r.shown), " ")))
}

// nothingMore checks that, with every job done, nothing more arrived.
func (p *person) nothingMore(gather *servertest.Instance, step string) {
	p.t.Helper()
	waitFor(p.t, "deliveries done", func() bool { return allProcessed(p.t, gather) })
	p.expect(step)
}

// TestLifecycleAsPeopleLiveIt (issue 13): the life of a gathering as two
// people on GoToSocial live it. alice follows the co-op and votes Going
// in the gathering's poll; bob, on another server, does not follow and
// only replies "going" to a session added later. Published, the
// gathering is three posts (its Event, its poll, its one announced
// session's poll); a session is added, moved, the gathering renamed and
// cancelled; each step, each of them receives exactly what is listed, and
// nothing else but count refreshes. A late reply after the cancellation
// gets bob nothing more: he was told.
func TestLifecycleAsPeopleLiveIt(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			for name, log := range testLifecycle(t, db) {
				t.Logf("what %s received:\n%s", name, strings.Join(log, "\n"))
			}
		})
	}
}

// testLifecycle runs the lifecycle and returns what each person
// received, in order (go test -v shows it).
func testLifecycle(t *testing.T, db string) map[string][]string {
	ctx := context.Background()
	gather := servertest.Start(t, db)
	coop := gather.Base + "/actors/events"
	handle := "@events@" + gather.App.URLs().Host()
	ours := func(id string) bool {
		kind, _, ok := gather.App.URLs().EventOf(strings.TrimSuffix(id, "/poll"))
		return ok && kind != ""
	}
	alice := newPerson(t, "alice", fedtest.NewServer(t, fedtest.GoToSocial), true, ours)
	bob := newPerson(t, "bob", fedtest.NewServer(t, fedtest.GoToSocial), false, ours)
	_, err := alice.actor.Follow(ctx, coop, gather.Base+"/inbox")
	require.NoError(t, err)
	alice.server.WaitForDelivery(t, fedtest.OfType("Accept"), wait)
	alice.seen = len(alice.server.Deliveries())

	// Publish: a gathering with an announced workshop and a lunch.
	in := app.GatheringInput{Title: "Spring meet-up", Timezone: "Europe/London",
		StartsAt: "2027-04-10T10:00", EndsAt: "2027-04-10T17:00", Venue: &app.VenueInput{Name: "Co-op hall"},
		Rooms: []app.RoomInput{{Name: "Back room"}},
		Sessions: []app.SessionInput{
			{Title: "Pricing workshop", Kind: "workshop", Room: ptr("Back room"), Announce: true, StartsAt: "2027-04-10T11:00", EndsAt: "2027-04-10T12:30"},
			{Title: "Lunch", Kind: "meal", StartsAt: "2027-04-10T12:30", EndsAt: "2027-04-10T13:30"},
		}}
	created, err := gather.App.CreateGathering(ctx, "events", &in, true)
	require.NoError(t, err)
	g, workshop := created.APID, created.Sessions[0].APID
	alice.expect("publish",
		expected{typ: "Create", kind: "Event", id: g, says: []string{"Spring meet-up", "Sat 10 Apr 2027", "Co-op hall",
			"Programme", "11:00–12:30 · Pricing workshop · Back room", "12:30–13:30 · Lunch"}},
		expected{typ: "Create", kind: "Question", id: g + "/poll", says: []string{"Coming to Spring meet-up?", "[Going]"}},
		expected{typ: "Create", kind: "Question", id: workshop + "/poll", says: []string{"Coming to Pricing workshop?", "11:00", "Back room", "Part of Spring meet-up", "[Going]"}},
	)
	_, err = alice.actor.Post(ctx, gather.Base+"/inbox", alice.actor.Vote(g+"/poll", coop, "Going"))
	require.NoError(t, err)
	alice.expect("alice votes Going", expected{typ: "Create", kind: "Note", to: alice.actor.ID, says: []string{"going to Spring meet-up"}})

	// Add a session: a post of its own, and the gathering lists it.
	_, gid, _ := gather.App.URLs().EventOf(g)
	added, err := gather.App.AddSession(ctx, gid, &app.SessionInput{Title: "Accounting clinic", Kind: "workshop", Room: ptr("Back room"),
		Announce: true, StartsAt: "2027-04-10T14:00", EndsAt: "2027-04-10T15:00"})
	require.NoError(t, err)
	clinic := added.APID
	alice.expect("add a session",
		expected{typ: "Create", kind: "Question", id: clinic + "/poll", says: []string{"Coming to Accounting clinic?", "14:00"}},
		expected{typ: "Update", kind: "Event", id: g, says: []string{"14:00–15:00 · Accounting clinic · Back room"}},
	)
	_, err = bob.actor.Post(ctx, gather.Base+"/inbox", bob.actor.Reply(clinic+"/poll", coop, handle, "going", fedtest.Public))
	require.NoError(t, err)
	bob.expect("bob replies going to the clinic", expected{typ: "Create", kind: "Note", to: bob.actor.ID, says: []string{"going to Accounting clinic"}})
	alice.expect("bob replies going to the clinic")

	// Move it: its post changes; alice, who did not answer it, reads the
	// public note; bob, who did, is told directly.
	_, err = gather.App.UpdateSession(ctx, added.ID, []byte(`{"starts_at": "2027-04-10T15:00", "ends_at": "2027-04-10T16:00"}`), 0)
	require.NoError(t, err)
	alice.expect("move the clinic",
		expected{typ: "Update", kind: "Question", id: clinic + "/poll", says: []string{"15:00–16:00"}},
		expected{typ: "Update", kind: "Event", id: clinic, says: []string{"15:00–16:00"}},
		expected{typ: "Update", kind: "Event", id: g, says: []string{"15:00–16:00 · Accounting clinic"}},
		expected{typ: "Create", kind: "Note", says: []string{"New time: Accounting clinic", "15:00–16:00"}},
	)
	bob.expect("move the clinic",
		expected{typ: "Update", kind: "Question", id: clinic + "/poll", says: []string{"15:00–16:00"}},
		expected{typ: "Create", kind: "Note", to: bob.actor.ID, says: []string{"New time: Accounting clinic", "15:00–16:00"}},
	)

	// Rename the gathering: both answered it (bob by his session), so
	// both are told directly, and only so.
	_, err = gather.App.UpdateGathering(ctx, gid, []byte(`{"title": "Spring co-op meet-up"}`), 0)
	require.NoError(t, err)
	for _, p := range []*person{alice, bob} {
		p.expect("rename",
			expected{typ: "Update", kind: "Event", id: g, says: []string{"Spring co-op meet-up"}},
			expected{typ: "Update", kind: "Question", id: g + "/poll", says: []string{"Coming to Spring co-op meet-up?"}},
			expected{typ: "Create", kind: "Note", to: p.actor.ID, says: []string{"Renamed: Spring meet-up is now Spring co-op meet-up"}},
		)
	}

	// Cancel: every post says so, every poll is closed, both are told.
	_, err = gather.App.CancelGathering(ctx, gid)
	require.NoError(t, err)
	closed := func(id string) expected {
		return expected{typ: "Update", kind: "Question", id: id, says: []string{"Cancelled:"}, never: []string{"Vote to RSVP"}}
	}
	cancelledEvent := func(id string) expected {
		return expected{typ: "Update", kind: "Event", id: id, says: []string{"Cancelled"}, never: []string{"Reply 'going'"}}
	}
	note := func(p *person) expected {
		return expected{typ: "Create", kind: "Note", to: p.actor.ID, says: []string{"Cancelled: Spring co-op meet-up", "will not take place"}}
	}
	alice.expect("cancel", cancelledEvent(g), closed(g+"/poll"), cancelledEvent(workshop), closed(workshop+"/poll"),
		cancelledEvent(clinic), closed(clinic+"/poll"), note(alice))
	bob.expect("cancel", cancelledEvent(g), closed(g+"/poll"), closed(clinic+"/poll"), note(bob))
	for p, polls := range map[*person][]string{alice: {g, workshop, clinic}, bob: {g, clinic}} {
		for _, id := range polls {
			require.NotEmpty(t, p.latest[id+"/poll"].obj["closed"], "%s: %s's poll is closed", p.name, id)
		}
	}

	// A late reply: bob was told already, so nothing more.
	_, err = bob.actor.Post(ctx, gather.Base+"/inbox", bob.actor.Reply(clinic+"/poll", coop, handle, "still going!", fedtest.Public))
	require.NoError(t, err)
	bob.nothingMore(gather, "late reply")
	alice.nothingMore(gather, "late reply")
	return map[string][]string{"alice": alice.log, "bob": bob.log}
}
