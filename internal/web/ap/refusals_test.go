package ap_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/client"
	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/config"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/server/servertest"
)

// post sends body to url as alice would, after sign (which may tamper).
func post(t *testing.T, alice *fedtest.Actor, url, contentType string, body []byte, tamper func(r *http.Request, body *[]byte)) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, nil)
	require.NoError(t, err)
	req.Header.Set("Content-Type", contentType)
	require.NoError(t, alice.Sign(req, body))
	if tamper != nil {
		tamper(req, &body)
	}
	req.Body = io.NopCloser(bytes.NewReader(body))
	req.ContentLength = int64(len(body))
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	msg, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, strings.TrimSpace(string(msg))
}

func followJSON(t *testing.T, actor, object string) []byte {
	b, err := json.Marshal(map[string]any{
		"@context": "https://www.w3.org/ns/activitystreams",
		"id":       actor + "/follows/" + time.Now().Format("150405.000000000"),
		"type":     "Follow", "actor": actor, "object": object,
	})
	require.NoError(t, err)
	return b
}

// TestInboxRefusals sends each kind of bad inbox POST and checks that it is
// refused with the right status and a one-line reason, and that nothing
// was stored.
func TestInboxRefusals(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	gather := servertest.Start(t, "sqlite")
	remote := fedtest.NewServer(t, fedtest.Mastodon)
	alice, bob := remote.AddActor("alice"), remote.AddActor("bob")
	stale := fedtest.NewServer(t, fedtest.Mastodon, fedtest.WithClock(func() time.Time { return time.Now().Add(-13 * time.Hour) }))
	carol := stale.AddActor("carol")
	inbox := gather.Base + "/actors/events/inbox"
	coop := gather.Base + "/actors/events"
	const as = "application/activity+json"

	for name, tc := range map[string]struct {
		from        *fedtest.Actor
		body        []byte
		contentType string
		tamper      func(r *http.Request, body *[]byte)
		status      int
		reason      string
	}{
		"unsigned": {from: alice, tamper: func(r *http.Request, _ *[]byte) { r.Header.Del("Signature") },
			status: 401, reason: "missing Signature"},
		"body changed after signing": {from: alice, tamper: func(_ *http.Request, b *[]byte) { *b = bytes.Replace(*b, []byte("Follow"), []byte("Foll0w"), 1) },
			status: 401, reason: "digest"},
		"digest left out of the signature": {from: alice, tamper: func(r *http.Request, _ *[]byte) {
			r.Header.Set("Signature", strings.Replace(r.Header.Get("Signature"), " digest", "", 1))
		}, status: 401, reason: "digest"},
		"unknown algorithm": {from: alice, tamper: func(r *http.Request, _ *[]byte) {
			r.Header.Set("Signature", strings.Replace(r.Header.Get("Signature"), `algorithm="rsa-sha256"`, `algorithm="hmac-sha256"`, 1))
		}, status: 401, reason: "algorithm"},
		"signature mangled": {from: alice, tamper: func(r *http.Request, _ *[]byte) {
			r.Header.Set("Signature", strings.Replace(r.Header.Get("Signature"), `signature="`, `signature="AAAA`, 1))
		}, status: 401, reason: "signature"},
		"key that does not exist": {from: alice, tamper: func(r *http.Request, _ *[]byte) {
			r.Header.Set("Signature", strings.Replace(r.Header.Get("Signature"), "/users/alice#main-key", "/users/nobody#main-key", 1))
		}, status: 401, reason: "key"},
		"stale date":             {from: carol, status: 401, reason: "date"},
		"signed by someone else": {from: bob, body: followJSON(t, alice.ID, coop), status: 401, reason: "does not belong"},
		"not ActivityStreams":    {from: alice, contentType: "text/plain", status: 415, reason: "Content-Type"},
		"not an activity":        {from: alice, body: []byte(`{"hello": "world"}`), status: 400, reason: "not an activity"},
		"not JSON":               {from: alice, body: []byte(`<html>`), status: 400, reason: "not an activity"},
		"five megabytes": {from: alice, body: append(append([]byte(`{"id":"x","pad":"`), bytes.Repeat([]byte("a"), 5<<20)...), '"', '}'),
			status: 413, reason: "1 MiB"},
	} {
		t.Run(name, func(t *testing.T) {
			body := tc.body
			if body == nil {
				body = followJSON(t, tc.from.ID, coop)
			}
			ct := tc.contentType
			if ct == "" {
				ct = as
			}
			status, reason := post(t, tc.from, inbox, ct, body, tc.tamper)
			t.Logf("%d %s", status, reason)
			require.Equal(t, tc.status, status, reason)
			require.Contains(t, strings.ToLower(reason), strings.ToLower(tc.reason))
			require.NotContains(t, reason, "\n", "one line")
		})
	}
	n, err := gather.Store.InboxActivityCount(ctx)
	require.NoError(t, err)
	require.Zero(t, n, "nothing refused was stored")
	require.Zero(t, followers(t, gather))
}

func TestBlockedDomain(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	gather := servertest.Start(t, "sqlite")
	remote := fedtest.NewServer(t, fedtest.Mastodon)
	alice := remote.AddActor("alice")
	_, err := alice.Follow(ctx, gather.Base+"/actors/events", gather.Base+"/inbox")
	require.NoError(t, err)
	remote.WaitForDelivery(t, fedtest.OfType("Accept"), wait)

	require.NoError(t, gather.App.BlockDomain(ctx, "127.0.0.1"))
	status, reason := post(t, alice, gather.Base+"/inbox", "application/activity+json", followJSON(t, alice.ID, gather.Base+"/actors/events"), nil)
	require.Equal(t, http.StatusForbidden, status, reason)

	actor, err := gather.App.Actor(ctx, "events")
	require.NoError(t, err)
	inboxes, err := gather.Store.FollowerInboxes(ctx, actor.ID)
	require.NoError(t, err)
	require.Empty(t, inboxes, "no deliveries to a blocked domain")
	err = gather.App.Deliver(ctx, app.DeliverArgs{OutboxID: 1, Inbox: alice.Inbox})
	require.ErrorIs(t, err, app.ErrGiveUp)
}

// TestPrivateAddressesAreRefusedWithoutTheFlag: a remote on loopback, or an
// inbox on the cloud metadata address, is never contacted by default.
func TestPrivateAddressesAreRefusedWithoutTheFlag(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	gather := servertest.Start(t, "sqlite", func(c *config.Config) { c.AllowPrivateAddresses = false })
	remote := fedtest.NewServer(t, fedtest.Mastodon)
	alice := remote.AddActor("alice")

	status, reason := post(t, alice, gather.Base+"/inbox", "application/activity+json", followJSON(t, alice.ID, gather.Base+"/actors/events"), nil)
	require.Equal(t, http.StatusUnauthorized, status, reason)
	require.Empty(t, remote.Fetches(), "the key was not fetched from 127.0.0.1")

	actor, err := gather.App.Actor(ctx, "events")
	require.NoError(t, err)
	out, err := gather.Store.OutboxActivityInsert(ctx, &model.OutboxActivity{URI: gather.Base + "/activities/x", ActorID: actor.ID,
		Type: "Update", Raw: []byte(`{}`), CreatedAt: time.Now()})
	require.NoError(t, err)
	for _, inbox := range []string{"http://169.254.169.254/inbox", alice.Inbox} {
		err = gather.App.Deliver(ctx, app.DeliverArgs{OutboxID: out.ID, Inbox: inbox})
		require.ErrorIs(t, err, app.ErrGiveUp, inbox)
		require.ErrorIs(t, err, client.ErrForbiddenAddress, inbox)
	}
	require.Zero(t, remote.InboxHits())
}

func TestAuthorizedFetch(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	gather := servertest.Start(t, "sqlite", func(c *config.Config) { c.AuthorizedFetch = true })
	remote := fedtest.NewServer(t, fedtest.Mastodon)
	alice := remote.AddActor("alice")

	unsigned := func(url string) int {
		req, err := http.NewRequest(http.MethodGet, url, nil)
		require.NoError(t, err)
		req.Header.Set("Accept", "application/activity+json")
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	require.Equal(t, http.StatusOK, unsigned(gather.Base+"/actors/events"), "actors stay public, or no one could verify us")
	require.Equal(t, http.StatusOK, unsigned(gather.Base+"/actor"))
	require.Equal(t, http.StatusUnauthorized, unsigned(gather.Base+"/actors/events/outbox"))

	resp, err := alice.Get(ctx, gather.Base+"/actors/events/outbox", "application/activity+json")
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.Status, string(resp.Body))

	require.NoError(t, gather.App.BlockDomain(ctx, "127.0.0.1"))
	resp, err = alice.Get(ctx, gather.Base+"/actors/events/followers", "application/activity+json")
	require.NoError(t, err)
	require.Equal(t, http.StatusForbidden, resp.Status, "a blocked server is refused even when signed")
}

func TestInboxRateLimitPerHost(t *testing.T) {
	t.Parallel()
	gather := servertest.Start(t, "sqlite", func(c *config.Config) { c.InboxRateLimit = 0.1 })
	remote := fedtest.NewServer(t, fedtest.Mastodon)
	alice := remote.AddActor("alice")
	coop := gather.Base + "/actors/events"
	status, reason := post(t, alice, gather.Base+"/inbox", "application/activity+json", followJSON(t, alice.ID, coop), nil)
	require.Equal(t, http.StatusAccepted, status, reason)

	req, err := http.NewRequest(http.MethodPost, gather.Base+"/inbox", bytes.NewReader(followJSON(t, alice.ID, coop)))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/activity+json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusTooManyRequests, resp.StatusCode)
	require.NotEmpty(t, resp.Header.Get("Retry-After"))
}
