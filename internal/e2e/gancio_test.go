package e2e_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/internal/server/servertest"
)

// gancioBody reads a request a real Gancio sent (testdata/gancio), its
// ids rewritten from the captured instance (gancio.test) to the fake
// Gancio server, and from the actor it followed (mockap.test) to ours.
func gancioBody(t *testing.T, name string, gancio *fedtest.Server, gather *servertest.Instance) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "gancio", name))
	require.NoError(t, err)
	var capture struct {
		BodyRaw string `json:"body_raw"`
	}
	require.NoError(t, json.Unmarshal(raw, &capture))
	body := strings.ReplaceAll(capture.BodyRaw, "https://mockap.test/users/events", gather.Base+"/actors/events")
	return []byte(strings.ReplaceAll(body, "https://gancio.test", gancio.URL()))
}

// post delivers body signed by from and waits until Gather has processed
// it (and everything else it received).
func postAndWait(t *testing.T, gather *servertest.Instance, from *fedtest.Actor, body []byte) {
	t.Helper()
	ctx := context.Background()
	before, err := gather.Store.InboxActivityCount(ctx)
	require.NoError(t, err)
	res, err := from.Post(ctx, gather.Base+"/inbox", body)
	require.NoError(t, err)
	require.Equal(t, http.StatusAccepted, res.Status, string(res.Body))
	waitFor(t, "the activity is processed", func() bool {
		n, err := gather.Store.InboxActivityCount(ctx)
		return err == nil && n == before+1 && allProcessed(t, gather)
	})
}

// followerIDs lists the co-op's followers, from its public collection.
func followerIDs(t *testing.T, gather *servertest.Instance) []string {
	t.Helper()
	var page struct {
		OrderedItems []string `json:"orderedItems"`
	}
	if followers(t, gather) == 0 {
		return nil
	}
	getJSON(t, gather.Base+"/actors/events/followers?page=1", &page)
	return page.OrderedItems
}

// TestGancioUnfollows: Gancio's Undo embeds its Follow without an actor.
// It must end Gancio's follow, and an Undo naming someone else's Follow
// (by id, or embedded without an actor) must end nothing.
func TestGancioUnfollows(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			gather := servertest.Start(t, db)
			coop := gather.Base + "/actors/events"
			gancio := fedtest.NewServer(t, fedtest.Gancio)
			relay := gancio.AddActor("relay")
			masto := fedtest.NewServer(t, fedtest.Mastodon)
			alice := masto.AddActor("alice")

			aliceFollow, err := alice.Follow(ctx, coop, gather.Base+"/inbox")
			require.NoError(t, err)
			require.Equal(t, http.StatusAccepted, aliceFollow.Status)
			waitFor(t, "Alice follows", func() bool { return followers(t, gather) == 1 })
			postAndWait(t, gather, relay, gancioBody(t, "gancio-sent-follow-ref.json", gancio, gather))
			require.ElementsMatch(t, []string{alice.ID, relay.ID}, followerIDs(t, gather))

			// Gancio naming Alice's Follow, by id or embedded without an
			// actor: neither is Gancio's to undo.
			byID := `{"@context":"https://www.w3.org/ns/activitystreams","id":"` + gancio.URL() + `/federation/m/x#unfollow",` +
				`"type":"Undo","actor":"` + relay.ID + `","object":"` + aliceFollow.ID + `"}`
			postAndWait(t, gather, relay, []byte(byID))
			// Embedding Alice's Follow is refused outright: its id is not
			// on Gancio's server (see TestNobodyCanSquatSomeoneElsesActivityID).
			embedded := `{"@context":"https://www.w3.org/ns/activitystreams","id":"` + gancio.URL() + `/federation/m/y#unfollow",` +
				`"type":"Undo","actor":"` + relay.ID + `","object":{"id":"` + aliceFollow.ID + `","type":"Follow","object":"` + coop + `"}}`
			res, err := relay.Post(ctx, gather.Base+"/inbox", []byte(embedded))
			require.NoError(t, err)
			require.Equal(t, http.StatusBadRequest, res.Status, string(res.Body))
			require.ElementsMatch(t, []string{alice.ID, relay.ID}, followerIDs(t, gather), "Alice still follows")

			// Gancio's own unfollow, as it sent it.
			postAndWait(t, gather, relay, gancioBody(t, "gancio-sent-undo-follow.json", gancio, gather))
			require.Equal(t, []string{alice.ID}, followerIDs(t, gather), "Gancio no longer follows")

			// Alice naming her own Follow by id alone.
			undo := `{"@context":"https://www.w3.org/ns/activitystreams","id":"` + alice.ID + `#undo-1",` +
				`"type":"Undo","actor":"` + alice.ID + `","object":"` + aliceFollow.ID + `"}`
			postAndWait(t, gather, alice, []byte(undo))
			require.Empty(t, followerIDs(t, gather))
		})
	}
}
