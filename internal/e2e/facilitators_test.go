package e2e_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/server/servertest"
)

// mentions reports whether the ActivityStreams object doc tags href as a
// Mention.
func mentions(doc map[string]any, href string) bool {
	tags, _ := doc["tag"].([]any)
	for _, t := range tags {
		tag, _ := t.(map[string]any)
		if tag["type"] == "Mention" && tag["href"] == href {
			return true
		}
	}
	return false
}

func eventDoc(t *testing.T, uri string) map[string]any {
	t.Helper()
	var doc map[string]any
	getJSON(t, uri, &doc)
	return doc
}

// TestFacilitatorOnAServerThatIsDown: a facilitator's server being down
// does not stop the organiser. The gathering is saved and published with
// a warning naming the handle; once the server is back, a job finds the
// account and the published Events mention them, and their server is
// told.
func TestFacilitatorOnAServerThatIsDown(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			gather := servertest.Start(t, db)
			tok := token(t, gather)
			remote := fedtest.NewServer(t, fedtest.Mastodon)
			sam := remote.AddActor("sam")
			remote.SetDown(http.StatusServiceUnavailable)

			body := `{"title": "Day", "timezone": "Europe/London", "starts_at": "2027-03-27T10:00", "ends_at": "2027-03-27T17:00",
				"venue": {"name": "Hall"}, "sessions": [{"title": "Pricing", "starts_at": "2027-03-27T11:00", "ends_at": "2027-03-27T12:00",
				"announce": true, "facilitators": ["Ada", "` + sam.Handle + `"]}]}`
			var created struct {
				ref
				Warnings []app.Warning `json:"warnings"`
			}
			status := apiCall(t, http.MethodPost, gather.Base+"/api/v1/gatherings?publish=true", tok, []byte(body), &created)
			require.Equal(t, http.StatusCreated, status, "saved and published although Sam's server is down")
			require.Len(t, created.Warnings, 1)
			require.Equal(t, "sessions[0].facilitators[1]", created.Warnings[0].Field)
			require.Equal(t, sam.Handle, created.Warnings[0].Handle)
			require.Contains(t, created.Warnings[0].Warning, "could not be confirmed")
			session := created.Sessions[0].APID
			require.False(t, mentions(eventDoc(t, session), sam.ID), "not mentioned while unconfirmed")
			require.Contains(t, eventDoc(t, session)["content"], sam.Handle, "but named")

			remote.SetDown(0)
			update := remote.WaitForDelivery(t, func(d fedtest.Delivery) bool {
				if d.Activity == nil || d.Activity.Type != "Update" || d.Activity.Object.ID != session {
					return false
				}
				var obj map[string]any
				return json.Unmarshal(d.Activity.Object.Raw, &obj) == nil && mentions(obj, sam.ID)
			}, wait)
			require.True(t, update.Verified, "%v", update.VerifyErr)
			require.True(t, mentions(eventDoc(t, session), sam.ID), "the session mentions Sam")
			require.True(t, mentions(eventDoc(t, created.APID), sam.ID), "so does the gathering")

			// An answer that the account does not exist is still a mistake,
			// and nothing is saved.
			body = `{"title": "Another day", "timezone": "Europe/London", "starts_at": "2027-03-28T10:00", "ends_at": "2027-03-28T17:00",
				"venue": {"name": "Hall"}, "sessions": [{"title": "Pricing", "starts_at": "2027-03-28T11:00", "ends_at": "2027-03-28T12:00",
				"facilitators": ["@nobody@` + remote.Host() + `"]}]}`
			var refusal struct{ Error, Field string }
			status = apiCall(t, http.MethodPost, gather.Base+"/api/v1/gatherings", tok, []byte(body), &refusal)
			require.Equal(t, http.StatusBadRequest, status)
			require.Equal(t, "sessions[0].facilitators[0]", refusal.Field)
			require.Contains(t, refusal.Error, "no such account")
			list, err := gather.App.ListGatherings(context.Background(), "events")
			require.NoError(t, err)
			require.Len(t, list, 1, "the refused gathering was not saved")
		})
	}
}
