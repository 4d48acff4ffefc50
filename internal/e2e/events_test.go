package e2e_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/internal/server/servertest"
)

// apiCall sends a JSON API request with the token and decodes the answer.
func apiCall(t *testing.T, method, url, token string, body []byte, out any) int {
	t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	if out != nil && len(data) > 0 {
		require.NoError(t, json.Unmarshal(data, out), string(data))
	}
	return resp.StatusCode
}

func token(t *testing.T, gather *servertest.Instance) string {
	t.Helper()
	ctx := context.Background()
	_, err := gather.App.CreateUser(ctx, "ada", "correct horse battery", "")
	require.NoError(t, err)
	tok, err := gather.App.CreateToken(ctx, "ada")
	require.NoError(t, err)
	return tok
}

type ref struct {
	ID       int64  `json:"id"`
	URL      string `json:"url"`
	APID     string `json:"ap_id"`
	Sessions []struct {
		ID   int64  `json:"id"`
		APID string `json:"ap_id"`
	} `json:"sessions"`
}

// exampleWithFacilitators is the repository's testdata/gathering.json, its
// facilitators' handles pointed at fake servers that answer WebFinger.
func exampleWithFacilitators(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile("../../testdata/gathering.json")
	require.NoError(t, err)
	facilitators := fedtest.NewServer(t, fedtest.Mastodon)
	for _, name := range []string{"workshops", "hello", "sysadmin", "studio"} {
		facilitators.AddActor(name)
	}
	host := facilitators.Host()
	for _, coop := range []string{"coop-b", "coop-c", "coop-d", "coop-e"} {
		data = bytes.ReplaceAll(data, []byte("@"+coop+".example"), []byte("@"+host))
	}
	return data
}

func object(t *testing.T, d fedtest.Delivery) map[string]any {
	t.Helper()
	var obj map[string]any
	require.NoError(t, json.Unmarshal(d.Activity.Object.Raw, &obj))
	return obj
}

// variant is the example gathering held in person, online only, or both.
type variant struct {
	name   string
	online string // the online link; "" for none
	venue  bool
}

var variants = []variant{
	{name: "in person", venue: true},
	{name: "online only", online: "https://meet.example/coop-day"},
	{name: "hybrid", online: "https://meet.example/coop-day", venue: true},
}

// body is the example gathering as v holds it.
func (v variant) body(t *testing.T) []byte {
	t.Helper()
	var in map[string]any
	require.NoError(t, json.Unmarshal(exampleWithFacilitators(t), &in))
	if !v.venue {
		in["venue"] = nil
	}
	if v.online != "" {
		in["online_url"] = v.online
	}
	out, err := json.Marshal(in)
	require.NoError(t, err)
	return out
}

// requireLocation checks an Event's location is what v needs: one
// object (Mobilizon fails on a list), a Place where there is a venue, and
// for online only a VirtualLocation whose address.url is the link (the
// only place Gancio reads it).
func (v variant) requireLocation(t *testing.T, event map[string]any, placeName string) {
	t.Helper()
	location, ok := event["location"].(map[string]any)
	require.True(t, ok, "location is one object, never a list")
	require.Equal(t, v.online != "", event["isOnline"])
	if v.venue {
		require.Equal(t, "Place", location["type"])
		require.Contains(t, location["name"], placeName)
		require.InDelta(t, 51.5362, location["latitude"], 1e-9)
		require.NotContains(t, location["address"], "url", "a place with an address url is online only to Gancio")
		return
	}
	require.Equal(t, "VirtualLocation", location["type"])
	require.Equal(t, v.online, location["url"])
	require.Equal(t, v.online, location["address"].(map[string]any)["url"])
}

// TestGatheringLifecycleFederates: the example gathering, held in person,
// online only and hybrid, is created and published through the JSON API;
// a Mastodon follower receives a complete, signed Create{Event} with no
// "updated" yet, and its poll; moving a session, cancelling and deleting
// federate too, and the deleted ids answer 410.
func TestGatheringLifecycleFederates(t *testing.T) {
	t.Parallel()
	for _, v := range variants {
		for _, db := range servertest.Databases {
			t.Run(v.name+"/"+db, func(t *testing.T) {
				t.Parallel()
				testGatheringLifecycle(t, v, db)
			})
		}
	}
}

func testGatheringLifecycle(t *testing.T, v variant, db string) {
	gather := servertest.Start(t, db)
	tok := token(t, gather)
	remote, _ := followedBy(t, gather, fedtest.Mastodon, "alice", "/inbox")

	var created ref
	require.Equal(t, http.StatusCreated, apiCall(t, http.MethodPost, gather.Base+"/api/v1/gatherings", tok, v.body(t), &created))
	require.Len(t, created.Sessions, 11)
	require.Equal(t, gather.Base+"/gatherings/"+itoa(created.ID), created.APID)

	require.Equal(t, http.StatusOK, apiCall(t, http.MethodPost, gather.Base+"/api/v1/gatherings/"+itoa(created.ID)+"/publish", tok, nil, nil))
	create := remote.WaitForDelivery(t, func(d fedtest.Delivery) bool {
		return d.Activity.Type == "Create" && d.Activity.Object.ID == created.APID
	}, wait)
	require.True(t, create.Verified, "signed: %v", create.VerifyErr)
	event := object(t, create)
	for _, field := range []string{"id", "type", "name", "summary", "content", "startTime", "endTime", "timezone",
		"location", "attachment", "url", "attributedTo", "to", "cc", "published", "tag", "participantCount",
		"joinMode", "ical:status", "eventStatus", "category", "organizers", "attendees", "replies", "subEvent"} {
		require.Contains(t, event, field)
	}
	require.NotContains(t, event, "updated", "new, not edited: GoToSocial shows any updated as \"(edited)\"")
	require.Equal(t, "Event", event["type"])
	require.Equal(t, "2027-03-27T10:00:00Z", event["startTime"])
	require.Equal(t, "2027-03-28T12:00:00+01:00", event["endTime"], "the offset of the zone at that time")
	require.Equal(t, "Europe/London", event["timezone"])
	v.requireLocation(t, event, "Co-op workspace")
	require.Equal(t, []any{}, event["attachment"], "no picture, so nothing Gancio would fetch as one")
	require.Len(t, event["subEvent"], 11)
	require.Contains(t, event["summary"], "Reply 'going'")
	require.Equal(t, "CONFIRMED", event["ical:status"])

	poll := remote.WaitForDelivery(t, func(d fedtest.Delivery) bool {
		return d.Activity.Type == "Create" && d.Activity.Object.ID == created.APID+"/poll"
	}, wait)
	require.NotContains(t, object(t, poll), "updated", "the poll is new too")

	// The facilitators on other servers were told: they are mentioned.
	mentions := 0
	for _, tag := range event["tag"].([]any) {
		if tag.(map[string]any)["type"] == "Mention" {
			mentions++
		}
	}
	require.Equal(t, 4, mentions)

	// The id answers with the same object, or the page.
	var fetched map[string]any
	getJSON(t, created.APID, &fetched)
	delete(fetched, "@context")
	delete(event, "@context")
	require.Equal(t, event, fetched)

	// Browsers get the page at the same URL.
	req, err := http.NewRequest(http.MethodGet, created.APID, nil)
	require.NoError(t, err)
	req.Header.Set("Accept", "text/html,application/xhtml+xml")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	page, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Contains(t, resp.Header.Get("Content-Type"), "text/html")
	require.Contains(t, string(page), "Tech co-op network gathering")

	// Moving a session to another room.
	session := created.Sessions[1].APID // "How we're really doing", Main room
	require.Equal(t, http.StatusOK, apiCall(t, http.MethodPatch, gather.Base+"/api/v1/sessions/"+itoa(created.Sessions[1].ID), tok,
		[]byte(`{"room": "Lobby and kitchen", "starts_at": "2027-03-27T10:30:00", "ends_at": "2027-03-27T11:30:00"}`), nil))
	update := remote.WaitForDelivery(t, func(d fedtest.Delivery) bool {
		return d.Activity.Type == "Update" && d.Activity.Object.ID == session
	}, wait)
	moved := object(t, update)
	v.requireLocation(t, moved, "Lobby and kitchen")
	require.Equal(t, []any{}, moved["attachment"])
	require.Greater(t, moved["updated"].(string), event["published"].(string), "a newer updated, or servers ignore it")
	remote.WaitForDelivery(t, func(d fedtest.Delivery) bool {
		return d.Activity.Type == "Create" && strings.Contains(string(d.Activity.Object.Raw), "New time")
	}, wait)

	// Cancelling.
	require.Equal(t, http.StatusOK, apiCall(t, http.MethodPost, gather.Base+"/api/v1/gatherings/"+itoa(created.ID)+"/cancel", tok, nil, nil))
	cancelled := remote.WaitForDelivery(t, func(d fedtest.Delivery) bool {
		return d.Activity.Type == "Update" && d.Activity.Object.ID == created.APID &&
			strings.Contains(string(d.Activity.Object.Raw), `"CANCELLED"`)
	}, wait)
	require.Equal(t, "EventCancelled", object(t, cancelled)["eventStatus"])
	require.Greater(t, object(t, cancelled)["updated"].(string), event["published"].(string))
	v.requireLocation(t, object(t, cancelled), "Co-op workspace")
	remote.WaitForDelivery(t, func(d fedtest.Delivery) bool {
		return d.Activity.Type == "Create" && strings.Contains(string(d.Activity.Object.Raw), "Cancelled:")
	}, wait)

	// Deleting: the Event and its poll, as Tombstones.
	require.Equal(t, http.StatusNoContent, apiCall(t, http.MethodDelete, gather.Base+"/api/v1/gatherings/"+itoa(created.ID), tok, nil, nil))
	for id, formerType := range map[string]string{created.APID: "Event", created.APID + "/poll": "Question", session: "Event"} {
		d := remote.WaitForDelivery(t, func(d fedtest.Delivery) bool {
			return d.Activity.Type == "Delete" && d.Activity.Object.ID == id
		}, wait)
		require.Equal(t, "Tombstone", d.Activity.Object.Type, id)
		require.Equal(t, formerType, object(t, d)["formerType"], id)
	}
	for _, uri := range []string{created.APID, session, created.APID + "/poll"} {
		require.Equal(t, http.StatusGone, status(t, uri), uri)
	}
}

// TestOutboxHoldsUpcomingGatherings: Gancio imports events from the first
// page of the outbox.
func TestOutboxHoldsUpcomingGatherings(t *testing.T) {
	t.Parallel()
	gather := servertest.Start(t, "sqlite")
	tok := token(t, gather)
	var created ref
	require.Equal(t, http.StatusCreated, apiCall(t, http.MethodPost, gather.Base+"/api/v1/gatherings?publish=true", tok, exampleWithFacilitators(t), &created))
	require.Equal(t, http.StatusOK, apiCall(t, http.MethodPatch, gather.Base+"/api/v1/gatherings/"+itoa(created.ID), tok,
		[]byte(`{"title": "Tech co-op network gathering 2027"}`), nil))

	var page struct {
		OrderedItems []struct {
			Type   string         `json:"type"`
			Object map[string]any `json:"object"`
		} `json:"orderedItems"`
	}
	getJSON(t, gather.Base+"/actors/events/outbox?page=1", &page)
	var types []string
	for _, item := range page.OrderedItems {
		require.Equal(t, "Create", item.Type, "updates are not listed")
		types = append(types, item.Object["type"].(string))
		if item.Object["type"] == "Event" {
			require.Equal(t, "Tech co-op network gathering 2027", item.Object["name"], "the event as it is now")
		}
	}
	// The example has three times at which sessions taking sign-ups run
	// side by side: a slot poll each (issue 19).
	require.ElementsMatch(t, []string{"Event", "Question", "Question", "Question", "Question", "Note"}, types,
		"the gathering, its RSVP poll, its slot polls and the note of its rename")
}

func TestAPIRefusesBadGatherings(t *testing.T) {
	t.Parallel()
	gather := servertest.Start(t, "sqlite")
	tok := token(t, gather)
	valid := `"title": "Day", "timezone": "Europe/London", "starts_at": "2027-03-27T10:00", "ends_at": "2027-03-27T17:00", "venue": {"name": "Hall"}`
	for name, tc := range map[string]struct{ body, field string }{
		"unknown field":      {`{` + valid + `, "colour": "red"}`, "colour"},
		"comments are fine":  {`{` + valid + `, "_note": "ignored", "rooms": [{"name": "A", "capacity": 10, "_why": "x"}]}`, ""},
		"end before start":   {`{"title": "Day", "timezone": "Europe/London", "starts_at": "2027-03-27T10:00", "ends_at": "2027-03-27T09:00", "venue": {"name": "Hall"}}`, "ends_at"},
		"bad zone":           {`{"title": "Day", "timezone": "Mars/Olympus", "starts_at": "2027-03-27T10:00", "ends_at": "2027-03-27T17:00", "venue": {"name": "Hall"}}`, "timezone"},
		"nowhere":            {`{"title": "Day", "timezone": "Europe/London", "starts_at": "2027-03-27T10:00", "ends_at": "2027-03-27T17:00"}`, "venue"},
		"capacity zero":      {`{` + valid + `, "rooms": [{"name": "A", "capacity": 0}]}`, "rooms[0].capacity"},
		"session outside":    {`{` + valid + `, "sessions": [{"title": "Late", "starts_at": "2027-03-27T18:00", "ends_at": "2027-03-27T19:00"}]}`, "sessions[0].starts_at"},
		"unknown room":       {`{` + valid + `, "sessions": [{"title": "S", "room": "Attic", "starts_at": "2027-03-27T11:00", "ends_at": "2027-03-27T12:00"}]}`, "sessions[0].room"},
		"room double-booked": {`{` + valid + `, "rooms": [{"name": "A"}], "sessions": [{"title": "One", "room": "A", "starts_at": "2027-03-27T11:00", "ends_at": "2027-03-27T12:00"}, {"title": "Two", "room": "A", "starts_at": "2027-03-27T11:30", "ends_at": "2027-03-27T12:30"}]}`, "sessions[1].room"},
		"unreachable handle": {`{` + valid + `, "sessions": [{"title": "S", "facilitators": ["@nobody@127.0.0.1:1"], "starts_at": "2027-03-27T11:00", "ends_at": "2027-03-27T12:00"}]}`, ""}, // saved unconfirmed: TestFacilitatorOnAServerThatIsDown
		"title too long":     {`{"title": "` + strings.Repeat("x", 201) + `", "timezone": "Europe/London", "starts_at": "2027-03-27T10:00", "ends_at": "2027-03-27T17:00", "venue": {"name": "Hall"}}`, "title"},
		"wrong type":         {`{` + valid + `, "rooms": "A"}`, "rooms"},
	} {
		t.Run(name, func(t *testing.T) {
			var body struct{ Error, Field string }
			status := apiCall(t, http.MethodPost, gather.Base+"/api/v1/gatherings", tok, []byte(tc.body), &body)
			if tc.field == "" {
				require.Equal(t, http.StatusCreated, status)
				return
			}
			require.Equal(t, http.StatusBadRequest, status, body.Error)
			require.Equal(t, tc.field, body.Field, body.Error)
			require.NotEmpty(t, body.Error)
		})
	}
	// Several mistakes: the first as "error"/"field", and every one in "errors".
	var several struct {
		Error, Field string
		Errors       []struct{ Error, Field string }
	}
	require.Equal(t, http.StatusBadRequest, apiCall(t, http.MethodPost, gather.Base+"/api/v1/gatherings", tok,
		[]byte(`{"title": "", "timezone": "Europe/London", "starts_at": "2027-03-27T10:00", "ends_at": "2027-03-27T09:00",
		  "venue": {"name": "Hall"}, "rooms": [{"name": "A", "capacity": 0}]}`), &several))
	require.Equal(t, "title", several.Field)
	var fields []string
	for _, e := range several.Errors {
		require.NotEmpty(t, e.Error)
		fields = append(fields, e.Field)
	}
	require.Equal(t, []string{"title", "ends_at", "rooms[0].capacity"}, fields)

	var list struct {
		Gatherings []any `json:"gatherings"`
	}
	require.Equal(t, http.StatusOK, apiCall(t, http.MethodGet, gather.Base+"/api/v1/gatherings", tok, nil, &list))
	require.Len(t, list.Gatherings, 2, "only the valid ones (one with an unconfirmed facilitator) were saved; nothing half-saved")
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestStaleEditIsRefused: an edit made from an old copy does not silently
// overwrite a newer one.
func TestStaleEditIsRefused(t *testing.T) {
	t.Parallel()
	gather := servertest.Start(t, "sqlite")
	tok := token(t, gather)
	var created ref
	require.Equal(t, http.StatusCreated, apiCall(t, http.MethodPost, gather.Base+"/api/v1/gatherings", tok, exampleWithFacilitators(t), &created))
	url := gather.Base + "/api/v1/gatherings/" + itoa(created.ID)

	patch := func(version string, body string) int {
		req, err := http.NewRequest(http.MethodPatch, url, strings.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("If-Match", version)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	require.Equal(t, http.StatusOK, patch(`"1"`, `{"title": "First edit"}`))
	require.Equal(t, http.StatusConflict, patch(`"1"`, `{"title": "From a stale copy"}`))
	require.Equal(t, http.StatusBadRequest, patch(`"one"`, `{"title": "x"}`))
	var got struct{ Title string }
	require.Equal(t, http.StatusOK, apiCall(t, http.MethodGet, url, tok, nil, &got))
	require.Equal(t, "First edit", got.Title)
}
