package e2e_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/internal/server/servertest"
)

// withField returns activity with key set to value.
func withField(t *testing.T, activity []byte, key string, value any) []byte {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(activity, &m))
	m[key] = value
	b, err := json.Marshal(m)
	require.NoError(t, err)
	return b
}

// TestNobodyCanSquatSomeoneElsesActivityID: a hostile server signs, as its
// own user, a Like named with the id bob's "I'm going!" will have (and a
// reply whose note takes bob's note's id). Both are refused with 400 and
// stored nowhere, so bob's real reply, arriving next, makes him going.
func TestNobodyCanSquatSomeoneElsesActivityID(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			gather := servertest.Start(t, db)
			evil := fedtest.NewServer(t, fedtest.Mastodon)
			mallory := evil.AddActor("mallory")
			gts := fedtest.NewServer(t, fedtest.GoToSocial)
			bob := gts.AddActor("bob")
			gathering, _ := smallGathering(t, gather, 10)
			coop := gather.Base + "/actors/events"
			handle := "@events@" + gather.App.URLs().Host()

			reply := bob.Reply(gathering, coop, handle, "I'm going!", fedtest.Public)
			real, err := federation.DecodeActivity(reply)
			require.NoError(t, err)

			like := withField(t, mallory.Like(gathering, coop), "id", real.ID)
			likeResp, err := mallory.Post(ctx, gather.Base+"/inbox", like)
			require.NoError(t, err)

			note := map[string]any{}
			require.NoError(t, json.Unmarshal(real.Object.Raw, &note))
			note["attributedTo"] = mallory.ID
			note["content"] = "<p>can't go</p>"
			fake := withField(t, mallory.Reply(gathering, coop, handle, "can't go", fedtest.Public), "object", note)
			fakeResp, err := mallory.Post(ctx, gather.Base+"/inbox", fake)
			require.NoError(t, err)
			stored, err := gather.Store.InboxActivityCount(ctx)
			require.NoError(t, err)

			resp, err := bob.Post(ctx, gather.Base+"/inbox", reply)
			require.NoError(t, err)
			require.Equal(t, http.StatusAccepted, resp.Status)
			waitFor(t, "bob is going", func() bool { return statusOf(rsvps(t, gather, gathering), gathering, bob.ID) == "going" })
			noteTo(t, gts, bob, "going to Spring meet-up")

			require.Equal(t, http.StatusBadRequest, likeResp.Status, string(likeResp.Body))
			require.Contains(t, string(likeResp.Body), "not on the server of its actor")
			require.NotContains(t, strings.TrimSpace(string(likeResp.Body)), "\n", "one line")
			require.Equal(t, http.StatusBadRequest, fakeResp.Status, string(fakeResp.Body))
			require.Contains(t, string(fakeResp.Body), "not on the server of its author")
			require.Zero(t, stored, "nothing of mallory's was stored")
		})
	}
}
