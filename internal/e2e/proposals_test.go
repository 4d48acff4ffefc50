package e2e_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/internal/server/servertest"
)

type proposalsJSON struct {
	Lightning []proposalJSON `json:"lightning"`
	OpenSpace []proposalJSON `json:"open_space"`
	Declined  []proposalJSON `json:"declined"`
}

type proposalJSON struct {
	ID       int64  `json:"id"`
	Title    string `json:"title"`
	Proposer string `json:"proposer"`
	State    string `json:"state"`
	Number   int    `json:"number"`
	Session  string `json:"session"`
}

// TestProposalsByReply (issue 19): Mastodon users reply "#openspace
// Co-op finance" and "#lightning …" to a published gathering; the
// organisers find the proposals in the API, a repeat by the same person
// changing theirs. Placing the topic in the Small room at 15:00 makes it
// a session: followers get the gathering's Update naming it, the public
// page shows it, and the proposer is told by a direct note. Lightning
// talks put on the list appear, numbered, in the Lightning talks
// session, whose Update reaches the followers each time the running
// order changes; each speaker is told their number.
func TestProposalsByReply(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			gather := servertest.Start(t, db)
			masto, _ := followedBy(t, gather, fedtest.Mastodon, "mia", "/inbox")
			bob, carol := masto.AddActor("bob"), masto.AddActor("carol")
			tok := token(t, gather)
			coop, handle := gather.Base+"/actors/events", "@events@"+gather.App.URLs().Host()
			body := `{"title": "Co-op day", "timezone": "Europe/London", "starts_at": "2027-04-10T10:00", "ends_at": "2027-04-10T17:00",
				"venue": {"name": "Co-op hall"}, "rooms": [{"name": "Main", "capacity": 40}, {"name": "Small", "capacity": 15}],
				"sessions": [
					{"title": "Co-op law", "kind": "workshop", "room": "Main", "starts_at": "2027-04-10T10:30", "ends_at": "2027-04-10T12:00"},
					{"title": "Lightning talks", "kind": "lightning_talks", "description": "Five minutes each.", "room": "Main",
					 "starts_at": "2027-04-10T16:00", "ends_at": "2027-04-10T16:45"}]}`
			var created struct {
				ID       int64  `json:"id"`
				APID     string `json:"ap_id"`
				Sessions []ref  `json:"sessions"`
			}
			require.Equal(t, http.StatusCreated, apiCall(t, http.MethodPost, gather.Base+"/api/v1/gatherings?publish=true", tok, []byte(body), &created))
			masto.WaitForDelivery(t, func(d fedtest.Delivery) bool {
				return d.Activity != nil && d.Activity.Type == "Create" && d.Activity.Object.ID == created.APID
			}, wait)
			send := func(who *fedtest.Actor, activity []byte) {
				t.Helper()
				_, err := who.Post(ctx, gather.Base+"/inbox", activity)
				require.NoError(t, err)
				waitFor(t, "the activity processed", func() bool { return allProcessed(t, gather) })
			}
			reply := func(who *fedtest.Actor, text string) string {
				t.Helper()
				create := who.Reply(created.APID, coop, handle, text, fedtest.Public)
				send(who, create)
				var c struct {
					Object struct {
						ID string `json:"id"`
					} `json:"object"`
				}
				require.NoError(t, json.Unmarshal(create, &c))
				return c.Object.ID
			}
			proposals := func() proposalsJSON {
				t.Helper()
				var ps proposalsJSON
				require.Equal(t, http.StatusOK, apiCall(t, http.MethodGet, gather.Base+"/api/v1/gatherings/"+itoa(created.ID)+"/proposals", tok, nil, &ps))
				return ps
			}

			reply(bob, "#openspace Co-op finance")
			reply(carol, "#lightning Worker buyouts")
			reply(bob, "#lightning Our payroll")
			reply(carol, "#lightning Worker buyouts in five minutes")
			ps := proposals()
			require.Len(t, ps.OpenSpace, 1)
			topic := ps.OpenSpace[0]
			require.Equal(t, "Co-op finance", topic.Title)
			require.Equal(t, "@bob@"+strings.TrimPrefix(masto.URL(), "http://"), topic.Proposer)
			require.Equal(t, "proposed", topic.State)
			require.Len(t, ps.Lightning, 2, "carol's second talk changed her first")
			require.Equal(t, "Worker buyouts in five minutes", ps.Lightning[0].Title)
			require.Equal(t, "Our payroll", ps.Lightning[1].Title)
			require.Equal(t, "", statusOf(rsvps(t, gather, created.APID), created.APID, bob.ID), "a proposal is no RSVP")
			// A reply deleted takes its proposal back.
			seed := reply(carol, "#openspace Seed funding")
			require.Len(t, proposals().OpenSpace, 2)
			send(carol, deleteOf(t, carol, seed))
			require.Len(t, proposals().OpenSpace, 1, "carol's topic went with her reply")

			var placed ref
			require.Equal(t, http.StatusCreated, apiCall(t, http.MethodPost, gather.Base+"/api/v1/gatherings/"+itoa(created.ID)+"/proposals/"+itoa(topic.ID)+"/place",
				tok, []byte(`{"room": "Small", "starts_at": "2027-04-10T15:00", "length_minutes": 45}`), &placed))
			masto.WaitForDelivery(t, func(d fedtest.Delivery) bool {
				return d.Activity != nil && d.Activity.Type == "Update" && d.Activity.Object.ID == created.APID &&
					strings.Contains(string(d.Activity.Object.Raw), "Co-op finance") && d.Path == "/inbox"
			}, wait)
			note := noteTo(t, masto, bob, "Co-op finance")
			require.Contains(t, note.ContentHTML, "Your open-space topic “Co-op finance” is at 15:00 in Small")
			require.Equal(t, "placed", proposals().OpenSpace[0].State)
			require.Equal(t, placed.APID, proposals().OpenSpace[0].Session)
			var session struct {
				Name      string `json:"name"`
				StartTime string `json:"startTime"`
			}
			getJSON(t, placed.APID, &session)
			require.Equal(t, "Co-op finance", session.Name)
			require.Contains(t, pageText(t, gather.Base+"/gatherings/"+itoa(created.ID)), "Co-op finance")
			status := apiCall(t, http.MethodPost, gather.Base+"/api/v1/gatherings/"+itoa(created.ID)+"/proposals/"+itoa(topic.ID)+"/place",
				tok, []byte(`{"room": "Small", "starts_at": "2027-04-10T13:00", "length_minutes": 45}`), nil)
			require.Equal(t, http.StatusBadRequest, status, "placed once")

			lightning := created.Sessions[1].APID
			talkUpdate := func(first, second string) {
				t.Helper()
				masto.WaitForDelivery(t, func(d fedtest.Delivery) bool {
					raw := string(d.Activity.Object.Raw)
					i, j := strings.Index(raw, first), strings.Index(raw, second)
					return d.Activity.Type == "Update" && d.Activity.Object.ID == lightning && d.Path == "/inbox" &&
						i >= 0 && j > i
				}, wait)
			}
			action := func(p proposalJSON, what string) {
				t.Helper()
				require.Equal(t, http.StatusNoContent, apiCall(t, http.MethodPost,
					gather.Base+"/api/v1/gatherings/"+itoa(created.ID)+"/proposals/"+itoa(p.ID)+"/"+what, tok, []byte(`{}`), nil))
			}
			worker, payroll := ps.Lightning[0], ps.Lightning[1]
			action(worker, "list")
			noteTo(t, masto, carol, "is number 1 in Lightning talks")
			action(payroll, "list")
			noteTo(t, masto, bob, "is number 2 in Lightning talks")
			talkUpdate("Worker buyouts in five minutes", "Our payroll")
			action(payroll, "up")
			talkUpdate("Our payroll", "Worker buyouts in five minutes")
			ps = proposals()
			require.Equal(t, []string{"Our payroll", "Worker buyouts in five minutes"}, []string{ps.Lightning[0].Title, ps.Lightning[1].Title})
			require.Equal(t, []int{1, 2}, []int{ps.Lightning[0].Number, ps.Lightning[1].Number})
			page := pageText(t, gather.App.URLs().Session(created.Sessions[1].ID))
			require.Contains(t, page, "Five minutes each.", "the organisers' words stay")
			require.Less(t, strings.Index(page, "Our payroll"), strings.Index(page, "Worker buyouts"), "the talks in order on its page")

			// Declined, a talk leaves the list, and the session says so.
			action(worker, "decline")
			masto.WaitForDelivery(t, func(d fedtest.Delivery) bool {
				raw := string(d.Activity.Object.Raw)
				return d.Activity.Type == "Update" && d.Activity.Object.ID == lightning && d.Path == "/inbox" &&
					strings.Contains(raw, "Our payroll") && !strings.Contains(raw, "Worker buyouts")
			}, wait)
			ps = proposals()
			require.Len(t, ps.Lightning, 1)
			require.Equal(t, "Worker buyouts in five minutes", ps.Declined[0].Title)
			require.Equal(t, http.StatusBadRequest, apiCall(t, http.MethodPost,
				gather.Base+"/api/v1/gatherings/"+itoa(created.ID)+"/proposals/"+itoa(topic.ID)+"/decline", tok, []byte(`{}`), nil),
				"a topic placed is taken off by deleting its session")

			var audit struct {
				Entries []struct {
					Action string `json:"action"`
				} `json:"entries"`
			}
			require.Equal(t, http.StatusOK, apiCall(t, http.MethodGet, gather.Base+"/api/v1/audit", tok, nil, &audit))
			var actions []string
			for _, e := range audit.Entries {
				actions = append(actions, e.Action)
			}
			require.Contains(t, actions, "proposal.place")
			require.Contains(t, actions, "proposal.move")
			require.Contains(t, actions, "proposal.decline")
		})
	}
}

// pageText GETs an HTML page and returns it.
func pageText(t *testing.T, url string) string {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	require.NoError(t, err)
	req.Header.Set("Accept", "text/html")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	return string(body)
}
