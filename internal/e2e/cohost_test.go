package e2e_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/server/servertest"
)

// coHosted is what coop's @events is named co-host of, in any state.
func coHosted(t *testing.T, coop *servertest.Instance) []model.CoHosted {
	t.Helper()
	list, err := coop.App.CoHostedEvents(context.Background(), "events")
	require.NoError(t, err)
	return list
}

// auditActions are the actions of @events' audit log on coop, newest
// first, of those in want.
func auditActions(t *testing.T, coop *servertest.Instance, want ...string) []string {
	t.Helper()
	log, err := coop.App.AuditLog(context.Background(), "events", 1)
	require.NoError(t, err)
	var out []string
	for _, e := range log.Entries {
		for _, w := range want {
			if e.Action == w {
				out = append(out, e.Action+" "+e.Detail)
			}
		}
	}
	return out
}

// TestCoHostingBetweenTwoGathers (issue 17): coop-a names coop-b (on
// another Gather) and a Mastodon co-op as co-hosts of its gathering. A
// handle that is not one, or that its server does not know, is refused
// with its field. The Event coop-a serves credits all three among its
// organizers; the Mastodon co-op gets a note saying so; coop-b, which
// does not follow coop-a, holds it for an organiser to accept, then lists
// it as co-hosted with us on its network calendar and profile. Removing
// coop-b sends it the Update without it, and coop-b stops listing it.
func TestCoHostingBetweenTwoGathers(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			a := servertest.Start(t, db)
			b := servertest.Start(t, db)
			masto := fedtest.NewServer(t, fedtest.Mastodon)
			mastoCoop := masto.AddActor("coop")
			reader := masto.AddActor("reader")
			tokA, tokB := token(t, a), token(t, b)
			coopB := "@events@" + b.App.URLs().Host()
			coopM := "@coop@" + masto.Host()

			gathering := func(coHosts ...string) []byte {
				names, err := json.Marshal(coHosts)
				require.NoError(t, err)
				return []byte(`{"title": "Joint assembly", "timezone": "Europe/London", "starts_at": "2031-05-10T10:00",
					"ends_at": "2031-05-10T17:00", "venue": {"name": "Co-op hall"}, "co_hosts": ` + string(names) + `}`)
			}
			for _, bad := range []string{"not a handle", "@nobody@" + b.App.URLs().Host()} {
				var refusal struct{ Error, Field string }
				require.Equal(t, http.StatusBadRequest, apiCall(t, http.MethodPost, a.Base+"/api/v1/gatherings", tokA,
					gathering(coopB, bad), &refusal), bad)
				require.Equal(t, "co_hosts[1]", refusal.Field, refusal.Error)
			}
			var ref struct {
				ID   int64  `json:"id"`
				APID string `json:"ap_id"`
			}
			require.Equal(t, http.StatusCreated, apiCall(t, http.MethodPost, a.Base+"/api/v1/gatherings?publish=true", tokA,
				gathering(coopB, coopM), &ref))
			var saved struct {
				CoHosts []string `json:"co_hosts"`
			}
			require.Equal(t, http.StatusOK, apiCall(t, http.MethodGet, a.Base+"/api/v1/gatherings/"+itoa(ref.ID), tokA, nil, &saved))
			require.Equal(t, []string{coopB, coopM}, saved.CoHosts)

			// The Event credits both co-hosts after the co-op itself.
			res, err := reader.Get(ctx, ref.APID, "")
			require.NoError(t, err)
			require.Equal(t, http.StatusOK, res.Status)
			var served struct {
				Organizers struct{ Items []string }
				CC         []string
			}
			require.NoError(t, json.Unmarshal(res.Body, &served))
			require.Equal(t, []string{a.Base + "/actors/events", b.Base + "/actors/events", mastoCoop.ID}, served.Organizers.Items)
			require.Contains(t, served.CC, b.Base+"/actors/events")

			// The Mastodon co-op is sent the Event and told in a note.
			masto.WaitForDelivery(t, func(d fedtest.Delivery) bool {
				return d.Activity != nil && d.Activity.Type == "Create" && d.Activity.Object.ID == ref.APID
			}, wait)
			note := masto.WaitForDelivery(t, func(d fedtest.Delivery) bool {
				return d.Activity != nil && d.Activity.Type == "Create" && d.Activity.Object.Type == "Note"
			}, wait)
			require.True(t, note.Verified)
			require.Equal(t, []string{mastoCoop.ID}, note.Activity.To, "to the co-host alone")
			require.Contains(t, string(note.Body), "You are named as a co-host of Joint assembly")

			// coop-b does not follow coop-a: it waits for an organiser.
			waitFor(t, "coop-b is told", func() bool { return len(coHosted(t, b)) == 1 })
			named := coHosted(t, b)[0]
			require.Equal(t, ref.APID, named.ObjectURI)
			require.Equal(t, model.CoHostedPending, named.State)
			require.Equal(t, "@events@"+a.App.URLs().Host(), named.HostHandle)
			require.NotContains(t, pageBody(t, b.Base+"/network"), "Joint assembly", "not listed before it is accepted")
			require.NotContains(t, pageBody(t, b.Base+"/@events"), "Joint assembly")

			var listed struct {
				CoHosted []struct {
					ID          int64
					Event, Host string
					State       string
				} `json:"cohosted"`
			}
			require.Equal(t, http.StatusOK, apiCall(t, http.MethodGet, b.Base+"/api/v1/network/cohosted", tokB, nil, &listed))
			require.Len(t, listed.CoHosted, 1)
			require.Equal(t, "pending", listed.CoHosted[0].State)
			require.Equal(t, http.StatusOK, apiCall(t, http.MethodPost,
				fmt.Sprintf("%s/api/v1/network/cohosted/%d/accept", b.Base, listed.CoHosted[0].ID), tokB, nil, nil))
			require.Equal(t, model.CoHostedAccepted, coHosted(t, b)[0].State)
			for _, path := range []string{"/network", "/@events"} {
				body := pageBody(t, b.Base+path)
				require.Contains(t, body, "Joint assembly", path)
				require.Contains(t, body, "Co-hosted with us", path)
			}
			require.Contains(t, pageBody(t, b.Base+"/network"), "@events@"+a.App.URLs().Host(), "hosted by coop-a")

			// An edit reaches coop-b too.
			require.Equal(t, http.StatusOK, apiCall(t, http.MethodPatch, a.Base+"/api/v1/gatherings/"+itoa(ref.ID), tokA,
				[]byte(`{"title": "Joint assembly 2031"}`), nil))
			waitFor(t, "the edit reaches coop-b", func() bool {
				list := coHosted(t, b)
				return len(list) == 1 && list[0].Title == "Joint assembly 2031"
			})
			require.Equal(t, model.CoHostedAccepted, coHosted(t, b)[0].State, "the decision stands")

			// Removing coop-b: it gets the Update without it.
			require.Equal(t, http.StatusOK, apiCall(t, http.MethodPatch, a.Base+"/api/v1/gatherings/"+itoa(ref.ID), tokA,
				[]byte(`{"co_hosts": ["`+coopM+`"]}`), nil))
			waitFor(t, "coop-b stops co-hosting", func() bool { return len(coHosted(t, b)) == 0 })
			require.NotContains(t, pageBody(t, b.Base+"/network"), "Joint assembly")
			res, err = reader.Get(ctx, ref.APID, "")
			require.NoError(t, err)
			require.NoError(t, json.Unmarshal(res.Body, &served))
			require.Equal(t, []string{a.Base + "/actors/events", mastoCoop.ID}, served.Organizers.Items)

			require.Equal(t, []string{app.AuditCoHostRemove + " " + coopB, app.AuditCoHostAdd + " " + coopM, app.AuditCoHostAdd + " " + coopB},
				auditActions(t, a, app.AuditCoHostAdd, app.AuditCoHostRemove), "newest first")
			accepted := auditActions(t, b, app.AuditCoHostedAccept)
			require.Len(t, accepted, 1)
			require.True(t, strings.Contains(accepted[0], "Joint assembly"), accepted[0])
		})
	}
}

// TestCoHostedFollowedHostAndDelete (issue 17): a co-op that follows the
// host lists the gathering naming it at once, as co-hosted with us; the
// host's Delete ends it.
func TestCoHostedFollowedHostAndDelete(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			a := servertest.Start(t, db)
			b := servertest.Start(t, db)
			tokB := token(t, b)
			require.Equal(t, http.StatusCreated, apiCall(t, http.MethodPost, b.Base+"/api/v1/network/sources", tokB,
				[]byte(`{"target": "@events@`+a.App.URLs().Host()+`"}`), nil))
			waitFor(t, "coop-a accepts", func() bool { return sourceState(t, b) == model.SourceAccepted })

			hosts := []string{"@events@" + b.App.URLs().Host()}
			in := app.GatheringInput{Title: "Followed and co-hosted", Timezone: "Europe/London",
				StartsAt: "2031-06-10T10:00", EndsAt: "2031-06-10T17:00", Venue: &app.VenueInput{Name: "Co-op hall"}, CoHosts: &hosts}
			ref, err := a.App.CreateGathering(ctx, "events", &in, true)
			require.NoError(t, err)
			waitFor(t, "coop-b lists it", func() bool {
				list := coHosted(t, b)
				return len(list) == 1 && list[0].State == model.CoHostedAccepted
			})
			waitFor(t, "and has it from its source", func() bool { _, ok := upcomingByURI(t, b)[ref.APID]; return ok })
			body := pageBody(t, b.Base+"/network")
			require.Equal(t, 1, strings.Count(body, "Followed and co-hosted</a>"), "listed once, from its source, marked")
			require.Contains(t, body, "Co-hosted with us")

			require.NoError(t, a.App.DeleteGathering(ctx, ref.ID))
			waitFor(t, "the Delete ends it", func() bool { return len(coHosted(t, b)) == 0 })
		})
	}
}

// TestCoHostSpoofRefused (issue 17): a third server sends coop-b an
// Event on coop-a's origin naming coop-b as co-host: it is not coop-a's
// word, and nothing is kept. The same server's own event naming coop-b
// is kept, but only for an organiser to accept: not listed.
func TestCoHostSpoofRefused(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			a := servertest.Start(t, db)
			b := servertest.Start(t, db)
			third := fedtest.NewServer(t, fedtest.Mastodon)
			mallory := third.AddActor("mallory")
			coopA, coopB := a.Base+"/actors/events", b.Base+"/actors/events"

			event := func(id, author, title string) string {
				return fmt.Sprintf(`{"id": %q, "type": "Event", "name": %q, "attributedTo": %q, "startTime": "2031-07-01T10:00:00Z",
					"endTime": "2031-07-01T12:00:00Z", "to": ["https://www.w3.org/ns/activitystreams#Public"], "cc": [%q],
					"organizers": {"type": "Collection", "totalItems": 2, "items": [%q, %q]}}`, id, title, author, coopB, author, coopB)
			}
			create := func(id, ev string) []byte {
				return []byte(fmt.Sprintf(`{"@context": "https://www.w3.org/ns/activitystreams", "id": %q, "type": "Create",
					"actor": %q, "to": ["https://www.w3.org/ns/activitystreams#Public"], "cc": [%q], "object": %s}`,
					id, mallory.ID, coopB, ev))
			}
			spoofed := a.Base + "/gatherings/77"
			post := func(body []byte) int {
				res, err := mallory.Post(context.Background(), b.Base+"/inbox", body)
				require.NoError(t, err)
				return res.Status
			}
			// coop-a's event, as mallory tells it: taken in, never kept
			// (mallory is not coop-a's server, and does not make us fetch).
			require.Equal(t, http.StatusAccepted, post(create(mallory.ID+"/create/1", event(spoofed, coopA, "Spoofed assembly"))))
			// On coop-a's origin, claiming mallory as author: refused at the door.
			require.Equal(t, http.StatusBadRequest, post(create(mallory.ID+"/create/2", event(spoofed, mallory.ID, "Spoofed again"))))
			own := third.URL() + "/events/1"
			postTo(t, b, mallory, create(mallory.ID+"/create/3", event(own, mallory.ID, "Mallory's meet-up")))
			settled(t, b)

			list := coHosted(t, b)
			require.Len(t, list, 1, "only mallory's own event: %v", list)
			require.Equal(t, own, list[0].ObjectURI)
			require.Equal(t, model.CoHostedPending, list[0].State, "a stranger's: an organiser decides")
			body := pageBody(t, b.Base+"/network")
			require.NotContains(t, body, "Spoofed")
			require.NotContains(t, body, "Mallory's meet-up", "not listed before an organiser accepts")

			// A flood of them, one after another: the admin's list keeps
			// a server's first 20, and an update of one kept still counts.
			for i := 2; i <= app.MaxPendingCoHostedPerServer+5; i++ {
				postTo(t, b, mallory, create(fmt.Sprintf("%s/create/flood-%d", mallory.ID, i),
					event(fmt.Sprintf("%s/events/%d", third.URL(), i), mallory.ID, fmt.Sprintf("Flood %d", i))))
				settled(t, b)
			}
			postTo(t, b, mallory, create(mallory.ID+"/create/4", event(own, mallory.ID, "Mallory's meet-up, moved")))
			settled(t, b)
			list = coHosted(t, b)
			require.Len(t, list, app.MaxPendingCoHostedPerServer)
			require.True(t, slices.ContainsFunc(list, func(c model.CoHosted) bool { return c.Title == "Mallory's meet-up, moved" }))
			require.False(t, slices.ContainsFunc(list, func(c model.CoHosted) bool { return c.Title == "Flood 21" }))
		})
	}
}

// TestCoHostOnAServerThatIsDown: a co-host whose server is down when the
// gathering is saved does not stop the organiser: it is saved with a
// warning and not credited; once the server answers, the look-up job
// (the facilitators' own) finds it, and it is sent the Update crediting
// it and told in a note.
func TestCoHostOnAServerThatIsDown(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			gather := servertest.Start(t, db)
			tok := token(t, gather)
			remote := fedtest.NewServer(t, fedtest.Mastodon)
			coop := remote.AddActor("coop")
			remote.SetDown(http.StatusServiceUnavailable)

			body := `{"title": "Day", "timezone": "Europe/London", "starts_at": "2031-03-27T10:00", "ends_at": "2031-03-27T17:00",
				"venue": {"name": "Hall"}, "co_hosts": ["` + coop.Handle + `"]}`
			var created struct {
				ref
				Warnings []app.Warning `json:"warnings"`
			}
			require.Equal(t, http.StatusCreated, apiCall(t, http.MethodPost, gather.Base+"/api/v1/gatherings?publish=true", tok, []byte(body), &created))
			require.Len(t, created.Warnings, 1)
			require.Equal(t, "co_hosts[0]", created.Warnings[0].Field)
			require.Contains(t, created.Warnings[0].Warning, "could not be confirmed")
			organizers := func() []any {
				items, _ := eventDoc(t, created.APID)["organizers"].(map[string]any)["items"].([]any)
				return items
			}
			require.Len(t, organizers(), 1, "not credited while unconfirmed")

			remote.SetDown(0)
			update := remote.WaitForDelivery(t, func(d fedtest.Delivery) bool {
				return d.Activity != nil && d.Activity.Type == "Update" && d.Activity.Object.ID == created.APID
			}, wait)
			require.True(t, update.Verified, "%v", update.VerifyErr)
			require.Contains(t, update.Activity.CC, coop.ID, "addressed to the co-host")
			remote.WaitForDelivery(t, func(d fedtest.Delivery) bool {
				return d.Activity != nil && d.Activity.Type == "Create" && d.Activity.Object.Type == "Note"
			}, wait)
			require.Equal(t, []any{gather.Base + "/actors/events", coop.ID}, organizers())
		})
	}
}
