package fedtest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/federation/webfinger"
)

func get(t *testing.T, rawURL string) (int, []byte) {
	t.Helper()
	res, err := http.Get(rawURL)
	require.NoError(t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res.StatusCode, body
}

func TestActorsAndWebFinger(t *testing.T) {
	t.Parallel()
	tests := []struct {
		flavor      fedtest.Flavor
		actorPath   string
		actorType   string
		sharedInbox string
	}{
		{fedtest.Mastodon, "/users/alice", "Person", "/inbox"},
		{fedtest.GoToSocial, "/users/alice", "Person", ""},
		{fedtest.Mobilizon, "/@alice", "Person", "/inbox"},
		{fedtest.Gancio, "/federation/u/alice", "Application", "/federation/u/alice/inbox"},
	}
	for _, tc := range tests {
		t.Run(tc.flavor.String(), func(t *testing.T) {
			t.Parallel()
			ctx := testContext(t)
			srv := fedtest.NewServer(t, tc.flavor, fedtest.WithKey(key(t)))
			alice := srv.AddActor("alice")
			masto := fedtest.NewServer(t, fedtest.Mastodon, fedtest.WithKey(key(t)))
			mallory := masto.AddActor("mallory")

			require.Equal(t, srv.URL()+tc.actorPath, alice.ID)
			require.Equal(t, "@alice@"+srv.Host(), alice.Handle)
			require.Equal(t, alice.ID+"/inbox", alice.Inbox)
			if tc.sharedInbox == "" {
				require.Empty(t, alice.SharedInbox)
			} else {
				require.Equal(t, srv.URL()+tc.sharedInbox, alice.SharedInbox)
			}

			for _, handle := range []string{alice.Handle, "alice@" + srv.Host(), "acct:alice@" + srv.Host()} {
				id, err := masto.WebFinger(ctx, handle)
				require.NoError(t, err, handle)
				require.Equal(t, alice.ID, id)
			}
			_, err := masto.WebFinger(ctx, "@nobody@"+srv.Host())
			require.ErrorContains(t, err, "status 404")

			// By actor URL, as Mastodon also asks.
			status, body := get(t, srv.URL()+"/.well-known/webfinger?resource="+url.QueryEscape(alice.ID))
			require.Equal(t, http.StatusOK, status)
			jrd, err := webfinger.ParseJRD(body)
			require.NoError(t, err)
			require.Equal(t, "acct:alice@"+srv.Host(), jrd.Subject)

			remote, err := mallory.FetchActor(ctx, alice.ID)
			require.NoError(t, err)
			require.Equal(t, tc.actorType, remote.Type)
			require.Equal(t, alice.Inbox, remote.Inbox)
			require.Equal(t, alice.SharedInbox, remote.SharedInbox)
			key, ok := remote.Key(alice.KeyID)
			require.True(t, ok, "actor document declares %s", alice.KeyID)
			require.Equal(t, alice.ID, key.Owner)
		})
	}
}

func TestGancioHasOneActor(t *testing.T) {
	t.Parallel()
	srv := fedtest.NewServer(t, fedtest.Gancio, fedtest.WithKey(key(t)))
	srv.AddActor("gancio")
	require.Panics(t, func() { srv.AddActor("other") })
	require.NotNil(t, srv.Actor("gancio"))
	require.Nil(t, srv.Actor("other"))

	masto := fedtest.NewServer(t, fedtest.Mastodon, fedtest.WithKey(key(t)))
	masto.AddActor("alice")
	require.Panics(t, func() { masto.AddActor("alice") })
}

func TestNodeInfo(t *testing.T) {
	t.Parallel()
	srv := fedtest.NewServer(t, fedtest.GoToSocial, fedtest.WithKey(key(t)))
	srv.AddActor("alice")

	status, body := get(t, srv.URL()+webfinger.NodeInfoWellKnownPath)
	require.Equal(t, http.StatusOK, status)
	links, err := webfinger.ParseJRD(body)
	require.NoError(t, err)
	require.Len(t, links.Links, 1)
	require.Equal(t, srv.URL()+webfinger.NodeInfoPath, links.Links[0].Href)

	status, body = get(t, links.Links[0].Href)
	require.Equal(t, http.StatusOK, status)
	var info struct {
		Software struct{ Name string }
		Usage    struct{ Users struct{ Total int } }
	}
	require.NoError(t, json.Unmarshal(body, &info))
	require.Equal(t, "gotosocial", info.Software.Name)
	require.Equal(t, 1, info.Usage.Users.Total)
}

// TestAuthorizedFetch: GoToSocial serves its key stub to anyone but its
// actor documents only to signed GETs; so does Mastodon in AUTHORIZED_FETCH
// mode, which has no stub.
func TestAuthorizedFetch(t *testing.T) {
	t.Parallel()
	ctx := testContext(t)
	gts := fedtest.NewServer(t, fedtest.GoToSocial, fedtest.WithKey(key(t)))
	masto := fedtest.NewServer(t, fedtest.Mastodon, fedtest.WithKey(key(t)))
	gary := gts.AddActor("gary")
	alice := masto.AddActor("alice")

	status, _ := get(t, gary.ID)
	require.Equal(t, http.StatusUnauthorized, status)

	status, body := get(t, gary.KeyID)
	require.Equal(t, http.StatusOK, status)
	keyID, owner, _, err := federation.ParseKeyDocument(body)
	require.NoError(t, err)
	require.Equal(t, gary.KeyID, keyID)
	require.Equal(t, gary.ID, owner)

	remote, err := alice.FetchActor(ctx, gary.ID)
	require.NoError(t, err)
	require.Equal(t, gary.ID, remote.ID)

	f := gts.Fetches()
	require.Len(t, f, 3)
	require.Equal(t, http.StatusUnauthorized, f[0].Status)
	require.Error(t, f[0].VerifyErr)
	require.Equal(t, "/users/gary/main-key", f[1].Path)
	require.Equal(t, http.StatusOK, f[2].Status)
	require.True(t, f[2].Verified, "%v", f[2].VerifyErr)
	require.Equal(t, alice.KeyID, f[2].SignedKeyID)

	// Mastodon without AUTHORIZED_FETCH serves anyone; with it, its
	// actors and their objects need a signature.
	status, _ = get(t, alice.ID)
	require.Equal(t, http.StatusOK, status)
	secure := fedtest.NewServer(t, fedtest.Mastodon, fedtest.WithKey(key(t)), fedtest.WithAuthorizedFetch(true))
	sam := secure.AddActor("sam")
	status, _ = get(t, sam.ID)
	require.Equal(t, http.StatusUnauthorized, status)
	signed, err := alice.Get(ctx, sam.ID, "")
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, signed.Status)
	reply := sam.Reply(alice.ID+"/statuses/1", alice.ID, alice.Handle, "hi", fedtest.Public)
	create, err := federation.DecodeActivity(reply)
	require.NoError(t, err)
	status, _ = get(t, create.Object.ID)
	require.Equal(t, http.StatusUnauthorized, status)
	res, err := alice.Get(ctx, create.Object.ID, "")
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, res.Status)
}

// TestBuiltObjectsAreServed: what an actor builds answers GET at its id.
func TestBuiltObjectsAreServed(t *testing.T) {
	t.Parallel()
	srv := fedtest.NewServer(t, fedtest.Mastodon, fedtest.WithKey(key(t)))
	alice := srv.AddActor("alice")
	create, err := federation.DecodeActivity(alice.Reply("http://127.0.0.1:9/events/1", "", "", "going", fedtest.Public))
	require.NoError(t, err)

	for _, id := range []string{create.ID, create.Object.ID} {
		status, body := get(t, id)
		require.Equal(t, http.StatusOK, status, id)
		var doc struct{ ID string }
		require.NoError(t, json.Unmarshal(body, &doc))
		require.Equal(t, id, doc.ID)
	}
	for _, c := range []string{alice.Outbox, alice.Followers, alice.Following} {
		status, _ := get(t, c)
		require.Equal(t, http.StatusOK, status, c)
	}
	status, _ := get(t, srv.URL()+"/users/nobody")
	require.Equal(t, http.StatusNotFound, status)
}

func TestSetDown(t *testing.T) {
	t.Parallel()
	s := fedtest.NewServer(t, fedtest.Mastodon)
	alice := s.AddActor("alice")
	finger := s.URL() + "/.well-known/webfinger?resource=" + url.QueryEscape("acct:alice@"+s.Host())
	s.SetDown(http.StatusServiceUnavailable)
	for _, u := range []string{finger, alice.ID} {
		status, _ := get(t, u)
		require.Equal(t, http.StatusServiceUnavailable, status, u)
	}
	res, err := http.Post(alice.Inbox, "application/activity+json", nil)
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusServiceUnavailable, res.StatusCode)
	require.Empty(t, s.Deliveries(), "nothing is recorded while down")

	s.SetDown(0)
	status, _ := get(t, finger)
	require.Equal(t, http.StatusOK, status)
}
