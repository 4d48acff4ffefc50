package server_test

import (
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/server/servertest"
	"github.com/gather-coop/gather/internal/store/storetest"
)

// TestAnEditOnOneNodeShowsOnTheOther runs two nodes on one PostgreSQL
// schema. Node B has a gathering's Event and page cached; after an edit
// and an answer on node A, B's next requests show them, without waiting
// for the caches to expire: B drops them on A's change notice.
func TestAnEditOnOneNodeShowsOnTheOther(t *testing.T) {
	t.Parallel()
	storetest.PostgresURL(t) // skips without PostgreSQL
	a := servertest.Start(t, "postgres")
	b := servertest.StartNode(t, a)
	ctx := t.Context()

	forty := 40
	ref, err := a.App.CreateGathering(ctx, "events", &app.GatheringInput{
		Title: "Spring assembly", Timezone: "Europe/London",
		StartsAt: "2027-03-27T10:00:00", EndsAt: "2027-03-27T17:00:00",
		Venue: &app.VenueInput{Name: "Co-op hall", Locality: "Leeds", Country: "GB"},
		Rooms: []app.RoomInput{{Name: "Hall", Capacity: &forty}},
	}, true)
	require.NoError(t, err)
	path := "/gatherings/" + strconv.FormatInt(ref.ID, 10)
	get := func(accept string) string {
		t.Helper()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.Base+path, nil)
		require.NoError(t, err)
		req.Header.Set("Accept", accept)
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		body, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, res.StatusCode, string(body))
		return string(body)
	}
	const event, page = "application/activity+json", "text/html"
	// Twice each: the second answer comes from B's caches.
	for range 2 {
		require.Contains(t, get(event), "Spring assembly")
		require.Contains(t, get(page), "Spring assembly")
	}

	// changed waits for B to hear of a change on A: the notice is the
	// only thing that moves B's stamp, since B itself changes nothing.
	changed := func(do func()) {
		t.Helper()
		stamp := b.App.ChangeStamp()
		do()
		deadline := time.Now().Add(10 * time.Second)
		for b.App.ChangeStamp() == stamp {
			require.True(t, time.Now().Before(deadline), "node B never heard of node A's change")
			time.Sleep(time.Millisecond)
		}
	}
	changed(func() {
		_, err := a.App.UpdateGathering(ctx, ref.ID, []byte(`{"title":"Autumn assembly"}`), 0)
		require.NoError(t, err)
	})
	require.Contains(t, get(event), "Autumn assembly")
	require.Contains(t, get(page), "Autumn assembly")
	require.NotContains(t, get(page), "Spring assembly")

	// An answer changes the counts the Event and the page show; the
	// change is made deep in the RSVP rules, inside their transaction.
	before := get(event)
	changed(func() {
		_, err := a.App.RSVP(ctx, app.RSVPRequest{GatheringID: ref.ID, GuestName: "Ada", GuestKey: "guest-1",
			Intent: app.IntentGoing, Channel: model.ChannelWeb})
		require.NoError(t, err)
	})
	require.NotEqual(t, before, get(event), "B still serves the Event from before the answer")
}

