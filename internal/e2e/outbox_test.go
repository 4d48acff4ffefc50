package e2e_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/server/servertest"
)

// gancioOutboxPage is what Gancio reads of an outbox page.
type gancioOutboxPage struct {
	TotalItems   int    `json:"totalItems"`
	First        string `json:"first"`
	Next         string `json:"next"`
	OrderedItems []struct {
		ID     string `json:"id"`
		Type   string `json:"type"`
		Object struct {
			ID   string `json:"id"`
			Type string `json:"type"`
		} `json:"object"`
	} `json:"orderedItems"`
}

// gancioGet fetches url as Gancio does: a GET signed without the query
// string and with the host without its port.
func gancioGet(t *testing.T, relay *fedtest.Actor, url string) gancioOutboxPage {
	t.Helper()
	res, err := relay.Get(context.Background(), url, "application/activity+json")
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, res.Status, string(res.Body))
	var page gancioOutboxPage
	require.NoError(t, json.Unmarshal(res.Body, &page), string(res.Body))
	return page
}

// TestGancioImportsEveryUpcomingGathering: Gancio imports the
// Create{Event}s of the first page of the outbox only. After six
// gatherings, each with its poll and change notes (more than a page of
// them), every upcoming gathering is still on that page, and paging
// through the rest lists each Create once.
func TestGancioImportsEveryUpcomingGathering(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			gather := servertest.Start(t, db)
			tok := token(t, gather)
			var gatherings []string
			for i := 1; i <= 6; i++ {
				day := fmt.Sprintf("2027-04-%02d", i)
				body := `{"title": "Gathering ` + fmt.Sprint(i) + `", "timezone": "Europe/London", "starts_at": "` + day + `T10:00",` +
					` "ends_at": "` + day + `T17:00", "venue": {"name": "Hall"}, "rsvp_poll": true}`
				var created ref
				require.Equal(t, http.StatusCreated, apiCall(t, http.MethodPost, gather.Base+"/api/v1/gatherings?publish=true", tok, []byte(body), &created))
				gatherings = append(gatherings, created.APID)
				for _, start := range []string{"T09:30", "T09:00"} { // two "New time" notes
					require.Equal(t, http.StatusOK, apiCall(t, http.MethodPatch, gather.Base+"/api/v1/gatherings/"+itoa(created.ID), tok,
						[]byte(`{"starts_at": "`+day+start+`"}`), nil))
				}
				if i == 1 {
					session := `{"title": "Workshop", "starts_at": "` + day + `T11:00", "ends_at": "` + day + `T12:00", "announce": true}`
					require.Equal(t, http.StatusCreated, apiCall(t, http.MethodPost, gather.Base+"/api/v1/gatherings/"+itoa(created.ID)+"/sessions", tok, []byte(session), nil))
				}
			}

			gancio := fedtest.NewServer(t, fedtest.Gancio)
			relay := gancio.AddActor("relay")
			top := gancioGet(t, relay, gather.Base+"/actors/events/outbox")
			want := 6*4 + 1 // per gathering: Event, poll, two notes; and the session's one post, its poll
			require.Equal(t, want, top.TotalItems)

			first := gancioGet(t, relay, top.First)
			var imported []string
			for _, item := range first.OrderedItems {
				if item.Type == "Create" && item.Object.Type == "Event" {
					imported = append(imported, item.Object.ID)
				}
			}
			require.Subset(t, imported, gatherings, "Gancio imports every upcoming gathering from the first page")
			require.Equal(t, gatherings, imported[:len(gatherings)], "soonest first, ahead of everything else")
			require.Len(t, first.OrderedItems, 20)

			seen := map[string]bool{}
			pages := 0
			for page := first; ; page = gancioGet(t, relay, page.Next) {
				pages++
				for _, item := range page.OrderedItems {
					require.False(t, seen[item.ID], "%s is on one page only", item.ID)
					seen[item.ID] = true
				}
				if page.Next == "" {
					break
				}
			}
			require.Len(t, seen, want, "every Create is listed")
			require.Equal(t, 2, pages)
		})
	}
}

// TestOutboxFirstPageGrowsForManyGatherings: with more upcoming gatherings
// than a page holds, the first page holds them all, and the next page
// carries on after them.
func TestOutboxFirstPageGrowsForManyGatherings(t *testing.T) {
	t.Parallel()
	gather := servertest.Start(t, "sqlite")
	ctx := context.Background()
	const n = 23
	for i := range n {
		day := fmt.Sprintf("2027-05-%02dT", i+1)
		in := app.GatheringInput{Title: fmt.Sprintf("Day %d", i+1), Timezone: "Europe/London",
			StartsAt: day + "10:00", EndsAt: day + "17:00", Venue: &app.VenueInput{Name: "Hall"}, RSVPPoll: ptr(true)}
		_, err := gather.App.CreateGathering(ctx, "events", &in, true)
		require.NoError(t, err)
	}
	gancio := fedtest.NewServer(t, fedtest.Gancio)
	relay := gancio.AddActor("relay")
	top := gancioGet(t, relay, gather.Base+"/actors/events/outbox")
	require.Equal(t, 2*n, top.TotalItems)
	first := gancioGet(t, relay, top.First)
	require.Len(t, first.OrderedItems, n, "every gathering, and nothing after them")
	for _, item := range first.OrderedItems {
		require.Equal(t, "Event", item.Object.Type)
	}
	second := gancioGet(t, relay, first.Next)
	require.Len(t, second.OrderedItems, 20)
	require.NotEmpty(t, second.Next)
	third := gancioGet(t, relay, second.Next)
	require.Len(t, third.OrderedItems, 3)
	require.Empty(t, third.Next)
	for _, item := range append(second.OrderedItems, third.OrderedItems...) {
		require.Equal(t, "Question", item.Object.Type, "the polls, newest first")
	}
}
