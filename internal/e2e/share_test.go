package e2e_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/server/servertest"
)

// TestSharingAPartnersGathering (issue 17): coop-a shares coop-b's
// gathering with its own followers. A Mastodon person who follows only
// coop-a gets a signed Announce naming coop-b's Event, which they can
// fetch from coop-b as Mastodon does before it shows the boost; coop-b is
// told too. Sharing twice or sharing what nobody follows is refused;
// undoing sends the Undo, and the Announce's id then answers 410.
func TestSharingAPartnersGathering(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			a := servertest.Start(t, db)
			b := servertest.Start(t, db)
			masto, mia := followedBy(t, a, fedtest.Mastodon, "mia", "/inbox")
			tok := token(t, a)
			require.Equal(t, http.StatusCreated, apiCall(t, http.MethodPost, a.Base+"/api/v1/network/sources", tok,
				[]byte(`{"target": "@events@`+b.App.URLs().Host()+`"}`), nil))
			waitFor(t, "coop-b accepts", func() bool { return sourceState(t, a) == "accepted" })
			event, _ := smallGathering(t, b, 5)
			waitFor(t, "coop-b's gathering arrives", func() bool { _, ok := upcomingByURI(t, a)[event]; return ok })

			var shared struct{ Event, Title, Announce string }
			body := []byte(`{"event": "` + event + `"}`)
			require.Equal(t, http.StatusCreated, apiCall(t, http.MethodPost, a.Base+"/api/v1/network/shares", tok, body, &shared))
			require.Equal(t, event, shared.Event)
			require.Equal(t, "Spring meet-up", shared.Title)

			got := masto.WaitForDelivery(t, func(d fedtest.Delivery) bool {
				return d.Activity != nil && d.Activity.Type == "Announce" && d.Activity.ID == shared.Announce
			}, wait)
			require.True(t, got.Verified, "the Announce is signed by coop-a")
			require.Equal(t, a.Base+"/actors/events", got.Activity.Actor)
			require.Equal(t, event, got.Activity.Object.ID)
			require.False(t, got.Activity.Object.IsEmbedded(), "named by its id, so that Mastodon fetches the host's copy")
			var addressed struct {
				To, CC    []string
				Published string
			}
			require.NoError(t, json.Unmarshal(got.Body, &addressed))
			require.Contains(t, addressed.To, federation.Public, "a public boost")
			require.Contains(t, addressed.CC, a.Base+"/actors/events/followers")
			require.Contains(t, addressed.CC, b.Base+"/actors/events")
			require.NotEmpty(t, addressed.Published, "Mastodon dates the boost by it")

			// What Mastodon shows is what it fetches from coop-b.
			res, err := mia.Get(ctx, event, "")
			require.NoError(t, err)
			require.Equal(t, http.StatusOK, res.Status)
			var shown struct{ Type, Name string }
			require.NoError(t, json.Unmarshal(res.Body, &shown))
			require.Equal(t, "Event", shown.Type)
			require.Equal(t, "Spring meet-up", shown.Name)
			res, err = mia.Get(ctx, shared.Announce, "")
			require.NoError(t, err)
			require.Equal(t, http.StatusOK, res.Status, "the Announce is served at its id")

			var refusal struct{ Error, Field string }
			require.Equal(t, http.StatusBadRequest, apiCall(t, http.MethodPost, a.Base+"/api/v1/network/shares", tok, body, &refusal), "sharing twice")
			require.Equal(t, "event", refusal.Field)
			require.Equal(t, http.StatusBadRequest, apiCall(t, http.MethodPost, a.Base+"/api/v1/network/shares", tok,
				[]byte(`{"event": "https://elsewhere.example/events/1"}`), &refusal), "an event of nobody we follow")
			require.Equal(t, "event", refusal.Field)

			var listed struct {
				Events []struct {
					ID     string
					Shared bool
				}
			}
			require.Equal(t, http.StatusOK, apiCall(t, http.MethodGet, a.Base+"/api/v1/network/events", tok, nil, &listed))
			require.Len(t, listed.Events, 1)
			require.True(t, listed.Events[0].Shared)

			unshare := a.Base + "/api/v1/network/shares?event=" + url.QueryEscape(event)
			require.Equal(t, http.StatusNoContent, apiCall(t, http.MethodDelete, unshare, tok, nil, nil))
			undo := masto.WaitForDelivery(t, fedtest.OfType("Undo"), wait)
			require.True(t, undo.Verified)
			require.Equal(t, shared.Announce, undo.Activity.Object.ID, "Mastodon finds the boost to take back by its id")
			res, err = mia.Get(ctx, shared.Announce, "")
			require.NoError(t, err)
			require.Equal(t, http.StatusGone, res.Status, "an undone share's id answers 410, never anything else")
			require.Equal(t, http.StatusNotFound, apiCall(t, http.MethodDelete, unshare, tok, nil, nil), "nothing left to undo")
			var shares struct{ Shares []struct{ Event string } }
			require.Equal(t, http.StatusOK, apiCall(t, http.MethodGet, a.Base+"/api/v1/network/shares", tok, nil, &shares))
			require.Empty(t, shares.Shares)

			log, err := a.App.AuditLog(ctx, "events", 1)
			require.NoError(t, err)
			var did []string
			for _, e := range log.Entries {
				if e.Action == app.AuditEventShare || e.Action == app.AuditEventUnshare {
					require.Equal(t, event, e.Target)
					did = append(did, e.Action)
				}
			}
			require.True(t, slices.Equal([]string{app.AuditEventUnshare, app.AuditEventShare}, did), "newest first: %v", did)
		})
	}
}
