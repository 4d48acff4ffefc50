package fedtest_test

import (
	"bytes"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/federation/httpsig"
)

// signingCases are what each flavour is expected to sign, written out
// independently of the package's own tables.
var signingCases = []struct {
	flavor      fedtest.Flavor
	algorithm   string
	keySuffix   string
	contentType string
	post, get   string
	noPort      bool
	postNoQuery bool
	getNoQuery  bool
}{
	{
		flavor: fedtest.Mastodon, algorithm: "rsa-sha256", keySuffix: "#main-key",
		contentType: "application/activity+json",
		post:        "(request-target) host date digest content-type",
		get:         "(request-target) host date accept",
	},
	{
		flavor: fedtest.GoToSocial, algorithm: "hs2019", keySuffix: "/main-key",
		contentType: federation.LDContentType,
		post:        "(request-target) host date digest",
		get:         "(request-target) host date",
	},
	{
		flavor: fedtest.Mobilizon, algorithm: "rsa-sha256", keySuffix: "#main-key",
		contentType: "application/activity+json",
		post:        "(request-target) content-length date digest host",
		get:         "(request-target) date host",
		postNoQuery: true, getNoQuery: true,
	},
	{
		flavor: fedtest.Gancio, algorithm: "rsa-sha256", keySuffix: "#main-key",
		contentType: "application/activity+json",
		post:        "(request-target) host date digest",
		get:         "(request-target) host date",
		noPort:      true, postNoQuery: true, getNoQuery: true,
	},
}

// TestSignVariants rebuilds each flavour's signing string by hand and
// checks the signature against it, and that the variants are real: the
// string a flavour does not sign does not verify.
func TestSignVariants(t *testing.T) {
	t.Parallel()
	for _, tc := range signingCases {
		t.Run(tc.flavor.String(), func(t *testing.T) {
			t.Parallel()
			srv := fedtest.NewServer(t, tc.flavor, fedtest.WithKey(key(t)))
			a := srv.AddActor("signer")
			require.True(t, strings.HasSuffix(a.KeyID, tc.keySuffix), a.KeyID)

			body := []byte(`{"type":"Like"}`)
			post, err := http.NewRequest(http.MethodPost, "http://127.0.0.1:9/inbox?x=1", bytes.NewReader(body))
			require.NoError(t, err)
			require.NoError(t, a.Sign(post, body))
			require.Equal(t, tc.contentType, post.Header.Get("Content-Type"))
			require.Equal(t, httpsig.Digest(body), post.Header.Get("Digest"))
			checkSignature(t, a, post, body, tc.algorithm, tc.post, tc.noPort, tc.postNoQuery)

			get, err := http.NewRequest(http.MethodGet, "http://127.0.0.1:9/users/x?page=2", nil)
			require.NoError(t, err)
			require.NoError(t, a.Sign(get, nil))
			require.Empty(t, get.Header.Get("Digest"))
			checkSignature(t, a, get, nil, tc.algorithm, tc.get, tc.noPort, tc.getNoQuery)
		})
	}
}

func checkSignature(t *testing.T, a *fedtest.Actor, r *http.Request, body []byte, algorithm, headers string, noPort, noQuery bool) {
	t.Helper()
	p, err := httpsig.ParseSignature(r.Header.Get("Signature"))
	require.NoError(t, err)
	require.Equal(t, a.KeyID, p.KeyID)
	require.Equal(t, algorithm, p.Algorithm)
	require.Equal(t, headers, strings.Join(p.Headers, " "))

	build := func(noPort, noQuery bool) []byte {
		lines := make([]string, 0, len(p.Headers))
		for _, name := range p.Headers {
			var v string
			switch name {
			case "(request-target)":
				v = strings.ToLower(r.Method) + " " + r.URL.Path
				if !noQuery {
					v += "?" + r.URL.RawQuery
				}
			case "host":
				v = "127.0.0.1:9"
				if noPort {
					v = "127.0.0.1"
				}
			case "content-length":
				v = strconv.Itoa(len(body))
			default:
				v = r.Header.Get(name)
			}
			lines = append(lines, name+": "+v)
		}
		return []byte(strings.Join(lines, "\n"))
	}
	verifies := func(s []byte) bool {
		sum := sha256.Sum256(s)
		return rsa.VerifyPKCS1v15(a.PublicKey(), crypto.SHA256, sum[:], p.Signature) == nil
	}
	require.True(t, verifies(build(noPort, noQuery)), "signature over the expected string")
	require.False(t, verifies(build(!noPort, noQuery)), "signature must not cover the other host form")
	require.False(t, verifies(build(noPort, !noQuery)), "signature must not cover the other target form")
}

// TestSenderFlavorsVerify has an actor of each flavour, with a key of its
// own, follow a Mastodon user: the fake Mastodon must verify each
// signature variant with httpsig.Verifier (Gancio's host without a port
// included).
func TestSenderFlavorsVerify(t *testing.T) {
	t.Parallel()
	for _, tc := range signingCases {
		t.Run(tc.flavor.String(), func(t *testing.T) {
			t.Parallel()
			ctx := testContext(t)
			sender := fedtest.NewServer(t, tc.flavor)
			receiver := fedtest.NewServer(t, fedtest.Mastodon)
			alice := sender.AddActor("alice")
			bob := receiver.AddActor("bob")

			sent, err := alice.Follow(ctx, bob.ID, bob.SharedInbox)
			require.NoError(t, err)
			require.Equal(t, http.StatusAccepted, sent.Status, "%s", sent.Body)

			d := receiver.WaitForDelivery(t, fedtest.OfType("Follow"), wait)
			require.True(t, d.Verified, "%v", d.VerifyErr)
			require.Equal(t, "/inbox", d.Path)
			require.Equal(t, alice.KeyID, d.SignedKeyID)
			require.Equal(t, sent.ID, d.Activity.ID)
			require.Equal(t, alice.ID, d.Activity.Actor)
			require.Equal(t, bob.ID, d.Activity.Object.ID)
			require.Equal(t, tc.contentType, d.Headers.Get("Content-Type"))
			require.Equal(t, receiver.Host(), d.Headers.Get("Host"))
			require.Equal(t, 1, receiver.KeyFetches())
		})
	}
}

// TestFlavorsVerifyEachOther delivers between every pair of flavours, to
// each receiver's personal inbox.
func TestFlavorsVerifyEachOther(t *testing.T) {
	t.Parallel()
	for _, from := range signingCases {
		for _, to := range signingCases {
			t.Run(from.flavor.String()+"→"+to.flavor.String(), func(t *testing.T) {
				t.Parallel()
				ctx := testContext(t)
				sender := fedtest.NewServer(t, from.flavor, fedtest.WithKey(key(t)))
				receiver := fedtest.NewServer(t, to.flavor, fedtest.WithKey(key(t)))
				alice := sender.AddActor("alice")
				bob := receiver.AddActor("bob")

				res, err := alice.Post(ctx, bob.Inbox, alice.Like(bob.ID+"/posts/1", bob.ID))
				require.NoError(t, err)
				require.Equal(t, http.StatusAccepted, res.Status, "%s", res.Body)
				d := receiver.Deliveries()
				require.Len(t, d, 1)
				require.True(t, d[0].Verified, "%v", d[0].VerifyErr)
				require.Equal(t, "Like", d[0].Activity.Type)
			})
		}
	}
}

// TestGoToSocialRefusesPlainJSON checks GoToSocial's 406 for a POST
// without an ActivityStreams Content-Type, even when it is signed.
func TestGoToSocialRefusesPlainJSON(t *testing.T) {
	t.Parallel()
	ctx := testContext(t)
	gts := fedtest.NewServer(t, fedtest.GoToSocial, fedtest.WithKey(key(t)))
	masto := fedtest.NewServer(t, fedtest.Mastodon, fedtest.WithKey(key(t)))
	bob := gts.AddActor("bob")
	alice := masto.AddActor("alice")
	require.Empty(t, bob.SharedInbox)

	body := alice.Like(bob.ID+"/statuses/1", bob.ID)
	r, err := http.NewRequestWithContext(ctx, http.MethodPost, bob.Inbox, bytes.NewReader(body))
	require.NoError(t, err)
	r.Header.Set("Content-Type", "application/json")
	require.NoError(t, alice.Sign(r, body))
	res, err := http.DefaultClient.Do(r)
	require.NoError(t, err)
	require.NoError(t, res.Body.Close())
	require.Equal(t, http.StatusNotAcceptable, res.StatusCode)

	d := gts.Deliveries()
	require.Len(t, d, 1)
	require.True(t, d[0].Verified, "%v", d[0].VerifyErr)
	require.Equal(t, http.StatusNotAcceptable, d[0].Status)
}
