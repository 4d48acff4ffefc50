package e2e_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/server/servertest"
)

// payload is a captured payload of testdata/network, its origin moved
// to the fake server's and its 2026 dates ten years on, so that its
// events stay upcoming whenever the test runs.
func payload(t testing.TB, name, origin, capturedOrigin string, edits ...string) []byte {
	t.Helper()
	raw, err := os.ReadFile("testdata/network/" + name)
	require.NoError(t, err)
	s := strings.ReplaceAll(string(raw), capturedOrigin, origin)
	s = strings.ReplaceAll(s, `"2026-1`, `"2036-1`)
	for i := 0; i+1 < len(edits); i += 2 {
		require.Contains(t, s, edits[i], "%s holds what the test edits", name)
		s = strings.ReplaceAll(s, edits[i], edits[i+1])
	}
	return []byte(s)
}

// settled waits until gather has worked every job that is due: what was
// posted to its inbox has been acted on, or refused.
func settled(t *testing.T, gather *servertest.Instance) {
	t.Helper()
	waitFor(t, "every due job worked", func() bool {
		c, err := gather.Store.JobCounts(context.Background())
		require.NoError(t, err)
		return c["available"]+c["running"]+c["retryable"]+c["pending"] == 0
	})
}

// follows makes coop-a's @events follow actor on its fake server, and
// the actor accept, as a Gancio or Mobilizon does.
func follows(t *testing.T, a *servertest.Instance, actor *fedtest.Actor) {
	t.Helper()
	ctx := context.Background()
	handle := "@" + actor.Name + "@" + actor.Server().Host()
	_, err := a.App.Follow(ctx, "events", handle)
	require.NoError(t, err)
	d := actor.Server().WaitForDelivery(t, func(d fedtest.Delivery) bool {
		return d.Activity != nil && d.Activity.Type == "Follow" && d.Activity.Object.ID == actor.ID
	}, wait)
	require.True(t, d.Verified, "our Follow is signed: %v", d.VerifyErr)
	accept := fmt.Sprintf(`{"@context":"https://www.w3.org/ns/activitystreams","id":%q,"type":"Accept","actor":%q,`+
		`"object":{"id":%q,"type":"Follow","actor":%q,"object":%q}}`,
		actor.ID+"#accepts/"+strings.ReplaceAll(d.Activity.ID, "/", "_"), actor.ID, d.Activity.ID, a.Base+"/actors/events", actor.ID)
	res, err := actor.Post(ctx, a.Base+"/inbox", []byte(accept))
	require.NoError(t, err)
	require.Equal(t, http.StatusAccepted, res.Status, string(res.Body))
	waitFor(t, handle+" accepted", func() bool {
		list, err := a.App.Sources(ctx, "events")
		require.NoError(t, err)
		for _, s := range list {
			if s.ActorURI == actor.ID {
				return s.State == model.SourceAccepted
			}
		}
		return false
	})
}

func postTo(t *testing.T, a *servertest.Instance, from *fedtest.Actor, body []byte) {
	t.Helper()
	res, err := from.Post(context.Background(), a.Base+"/inbox", body)
	require.NoError(t, err)
	require.Equal(t, http.StatusAccepted, res.Status, string(res.Body))
}

// TestGancioSourceImports (issue 17): a Gancio we follow, with its
// captured payloads: its Accept, the upcoming events of its outbox, a
// live Create, a newer Update, and an Announce of another server's event
// (kept as its origin serves it). Refused, and stored nowhere: an older
// Update; an announced event whose origin disowns it; an activity signed
// by one actor that claims another; an event from an actor we do not
// follow.
func TestGancioSourceImports(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			a := servertest.Start(t, db)
			g := fedtest.NewServer(t, fedtest.Gancio)
			relay := g.AddActor("relay")
			// A stranger: another Gancio, which we do not follow.
			sg := fedtest.NewServer(t, fedtest.Gancio)
			stranger := sg.AddActor("relay")
			load := func(name string, edits ...string) []byte {
				return payload(t, name, g.URL(), "https://gancio.test", edits...)
			}
			// Its outbox: the captured first page, served as the whole.
			page := load("gancio-outbox-page1.json", `"next":"`+g.URL()+`/federation/u/relay/outbox?page=2",`, "")
			g.Serve("/federation/u/relay/outbox", page)

			follows(t, a, relay)
			waitFor(t, "the outbox's upcoming events", func() bool { return len(upcomingByURI(t, a)) == 10 })
			require.Equal(t, "Bench event 15", upcomingByURI(t, a)[g.URL()+"/federation/m/23"].Title)

			postTo(t, a, relay, load("gancio-create-event.json"))
			waitFor(t, "the live Create", func() bool {
				e, ok := upcomingByURI(t, a)[g.URL()+"/federation/m/8"]
				return ok && e.Title == "Gathering with poster" && e.PlaceName == "Casa del Popolo"
			})
			m4 := g.URL() + "/federation/m/4"
			postTo(t, a, relay, load("gancio-update-event.json"))
			waitFor(t, "the Update", func() bool { return upcomingByURI(t, a)[m4].Title == "Co-op gathering (room changed)" })

			postTo(t, a, relay, load("gancio-update-event.json", "#Update-", "#Update-stale-", `"updated":"2036-11-24T00:11:33.945Z"`,
				`"updated":"2036-11-24T00:11:20.000Z"`, "(room changed)", "(stale)"))
			// The Gancio shares an event of another server: it is fetched
			// from its origin, and what the origin says is kept. One
			// whose origin disowns it (its id elsewhere) is refused.
			other := fedtest.NewServer(t, fedtest.Mastodon)
			owner := other.AddActor("owner")
			shared, disowned := other.URL()+"/events/13", other.URL()+"/events/14"
			other.Serve("/events/13", []byte(fmt.Sprintf(`{"@context":"https://www.w3.org/ns/activitystreams","id":%q,"type":"Event",`+
				`"name":"Relayed from its origin","startTime":"2036-12-09T10:00:00Z","attributedTo":%q}`, shared, owner.ID)))
			other.Serve("/events/14", []byte(fmt.Sprintf(`{"@context":"https://www.w3.org/ns/activitystreams","id":%q,"type":"Event",`+
				`"name":"Disowned","startTime":"2036-12-09T10:00:00Z","attributedTo":%q}`, g.URL()+"/federation/m/99", relay.ID)))
			postTo(t, a, relay, relay.Announce(shared, owner.ID))
			postTo(t, a, relay, relay.Announce(disowned, owner.ID))
			// Signed by the stranger, claiming to be the relay: refused at
			// the door.
			forged, err := stranger.Post(context.Background(), a.Base+"/inbox", load("gancio-create-event.json", "/federation/m/8", "/federation/m/81"))
			require.NoError(t, err)
			require.Equal(t, http.StatusUnauthorized, forged.Status, string(forged.Body))
			// The stranger, as itself: nobody we follow.
			postTo(t, a, stranger, payload(t, "gancio-create-event.json", sg.URL(), "https://gancio.test", "/federation/m/8", "/federation/m/82"))
			settled(t, a)

			got := upcomingByURI(t, a)
			require.Equal(t, "Co-op gathering (room changed)", got[m4].Title, "not the older Update")
			require.Equal(t, "Relayed from its origin", got[shared].Title)
			require.Len(t, got, 13, "nothing disowned, forged or a stranger's: %v", got)
			for _, id := range []string{disowned, g.URL() + "/federation/m/99", g.URL() + "/federation/m/81", sg.URL() + "/federation/m/82"} {
				_, err := a.Store.RemoteEventGet(context.Background(), id)
				require.Error(t, err, id)
			}
		})
	}
}

// TestMobilizonSourceImports (issue 17): a Mobilizon group we follow:
// its Accept, an event of its outbox, a live Create, and an Update (a
// cancellation) sent by a member of the group, not by the group.
func TestMobilizonSourceImports(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			a := servertest.Start(t, db)
			m := fedtest.NewServer(t, fedtest.Mobilizon)
			group := m.AddActor("oxford_coops")
			anna := m.AddActor("anna")
			cowley := m.AddActor("cowley_coops")
			load := func(name string, edits ...string) []byte {
				return payload(t, name, m.URL(), "https://mobilizon.test", edits...)
			}
			// Its outbox holds one Create: the captured one, of another
			// event.
			create := load("mobilizon-create-event.json", "5b1c2a8e", "0utb0x00")
			m.Serve("/@oxford_coops/outbox", []byte(fmt.Sprintf(`{"@context":"https://www.w3.org/ns/activitystreams","id":%q,`+
				`"type":"OrderedCollection","totalItems":1,"orderedItems":[%s]}`, group.Outbox, create)))

			follows(t, a, group)
			outboxed := m.URL() + "/events/0utb0x00-7f3d-4a55-9a0e-3c1f0d6e2b11"
			waitFor(t, "the outbox's event", func() bool { _, ok := upcomingByURI(t, a)[outboxed]; return ok })

			live := m.URL() + "/events/5b1c2a8e-7f3d-4a55-9a0e-3c1f0d6e2b11"
			postTo(t, a, group, load("mobilizon-create-event.json"))
			waitFor(t, "the live Create", func() bool { return upcomingByURI(t, a)[live].Title == "Co-op weekend in Oxford" })
			postTo(t, a, anna, load("mobilizon-update-cancelled.json"))
			waitFor(t, "the member's cancellation", func() bool { return upcomingByURI(t, a)[live].Cancelled() })

			// Another group of the same server, followed too, may not
			// change the first group's event.
			follows(t, a, cowley)
			postTo(t, a, cowley, load("mobilizon-update-cancelled.json", "/update/2", "/update/3", "@anna", "@cowley_coops",
				`"attributedTo": "`+m.URL()+`/@oxford_coops"`, `"attributedTo": "`+m.URL()+`/@cowley_coops"`,
				"Co-op weekend in Oxford", "Taken over", `"updated": "2027-03-01T10:00:00Z"`, `"updated": "2027-04-01T10:00:00Z"`))
			settled(t, a)
			got := upcomingByURI(t, a)[live]
			require.Equal(t, "Co-op weekend in Oxford", got.Title, "another source's Update refused")
			src, err := a.Store.SourceGet(context.Background(), got.SourceID)
			require.NoError(t, err)
			require.Equal(t, group.ID, src.ActorURI)
		})
	}
}
