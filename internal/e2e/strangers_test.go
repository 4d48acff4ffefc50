package e2e_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/federation/httpsig"
	"github.com/gather-coop/gather/internal/server/servertest"
	"github.com/gather-coop/gather/internal/store"
)

// TestStrangersKeyCostsOneFetchOfTheirActor: someone we have never seen
// writes to us. Their Mastodon server keeps the key in the actor document,
// so one signed GET of it both finds the key and tells us who they are.
// GoToSocial's keyId is <actor>/main-key, whose stub would only name the
// actor: its actor document, which declares the key too, is fetched
// straight away. Either way the activity is accepted and the person stored.
func TestStrangersKeyCostsOneFetchOfTheirActor(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		flavor fedtest.Flavor
		gets   []string // what our key fetch asked the server for, in order
	}{
		{fedtest.Mastodon, []string{"/users/alice"}},
		{fedtest.GoToSocial, []string{"/users/alice"}},
	} {
		t.Run(tc.flavor.String(), func(t *testing.T) {
			t.Parallel()
			gather := servertest.Start(t, "sqlite")
			remote := fedtest.NewServer(t, tc.flavor, fedtest.WithAuthorizedFetch(true))
			alice := remote.AddActor("alice")

			status, reason := post(t, alice, gather.Base+"/inbox", "application/activity+json",
				alice.Like(gather.Base+"/actors/events", gather.Base+"/actors/events"), nil)
			require.Equal(t, http.StatusAccepted, status, reason)

			var gets []string
			for _, f := range remote.Fetches() {
				require.Equal(t, http.StatusOK, f.Status, f.Path)
				require.NotEmpty(t, f.SignedKeyID, "%s fetched unsigned", f.Path)
				gets = append(gets, f.Path)
			}
			require.Equal(t, tc.gets, gets)
			stored, err := gather.Store.RemoteActorGetByURI(t.Context(), alice.ID)
			require.NoError(t, err)
			require.Equal(t, alice.KeyID, stored.KeyID)
			require.Equal(t, alice.Inbox, stored.Inbox)
		})
	}
}

// TestHostThatWritesIsReachableAgain: a server we gave up on after a week
// of failures is tried again once it sends us something; one that never
// failed is left as it was.
func TestHostThatWritesIsReachableAgain(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			gather := servertest.Start(t, db)
			down := fedtest.NewServer(t, fedtest.Mastodon)
			up := fedtest.NewServer(t, fedtest.Mastodon)
			week := 7 * 24 * time.Hour
			_, err := gather.Store.HostRecordFailure(ctx, down.Host(), time.Now().Add(-week-time.Hour), time.Now().Add(-week))
			require.NoError(t, err)
			h, err := gather.Store.HostRecordFailure(ctx, down.Host(), time.Now(), time.Now().Add(-week))
			require.NoError(t, err)
			require.True(t, h.Unreachable)

			for _, srv := range []*fedtest.Server{down, up} {
				alice := srv.AddActor("alice")
				status, reason := post(t, alice, gather.Base+"/inbox", "application/activity+json",
					alice.Like(gather.Base+"/actors/events", gather.Base+"/actors/events"), nil)
				require.Equal(t, http.StatusAccepted, status, reason)
			}
			h, err = gather.Store.HostGet(ctx, down.Host())
			require.NoError(t, err)
			require.False(t, h.Unreachable, "the host that wrote to us is tried again")
			_, err = gather.Store.HostGet(ctx, up.Host())
			require.ErrorIs(t, err, store.ErrNotFound, "a host that never failed is not recorded")
		})
	}
}

// TestKeyApartFromItsActor: a server that keeps keys at /keys/NAME/main-key,
// a bare key document naming its owner /people/NAME. The guess that serves
// GoToSocial (the actor at the keyId without /main-key) finds nothing
// there, and the key is still found: from the key document, then the
// owner's actor document, which declares it.
func TestKeyApartFromItsActor(t *testing.T) {
	t.Parallel()
	gather := servertest.Start(t, "sqlite")
	key, err := httpsig.GenerateKey()
	require.NoError(t, err)
	pem, err := httpsig.MarshalPublicKeyPEM(&key.PublicKey)
	require.NoError(t, err)

	var mu sync.Mutex
	var gets []string
	docs := map[string][]byte{}
	remote := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		gets = append(gets, r.URL.Path)
		body, ok := docs[r.URL.Path]
		mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/activity+json")
		_, _ = w.Write(body)
	}))
	t.Cleanup(remote.Close)
	actor, keyID := remote.URL+"/people/ana", remote.URL+"/keys/ana/main-key"
	actorDoc, err := federation.ActorJSON(federation.Actor{ID: actor, Type: "Person", PreferredUsername: "ana",
		Inbox: actor + "/inbox", Outbox: actor + "/outbox", PublicKeyID: keyID, PublicKeyPEM: pem})
	require.NoError(t, err)
	keyDoc, err := json.Marshal(map[string]string{"@context": "https://w3id.org/security/v1",
		"id": keyID, "owner": actor, "publicKeyPem": pem})
	require.NoError(t, err)
	mu.Lock()
	docs["/people/ana"], docs["/keys/ana/main-key"] = actorDoc, keyDoc
	mu.Unlock()

	coop := gather.Base + "/actors/events"
	body, err := json.Marshal(map[string]any{"@context": federation.ActivityStreamsNS,
		"id": actor + "/likes/1", "type": "Like", "actor": actor, "object": coop})
	require.NoError(t, err)
	req, err := http.NewRequest(http.MethodPost, gather.Base+"/inbox", bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/activity+json")
	require.NoError(t, httpsig.SignRequest(req, body, keyID, key, time.Now()))
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	msg, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusAccepted, resp.StatusCode, string(msg))

	mu.Lock()
	require.Equal(t, []string{"/keys/ana", "/keys/ana/main-key", "/people/ana"}, gets)
	mu.Unlock()
	stored, err := gather.Store.RemoteActorGetByURI(t.Context(), actor)
	require.NoError(t, err)
	require.Equal(t, keyID, stored.KeyID)
}
