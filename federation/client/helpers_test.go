package client

import (
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/httpsig"
)

const testKeyID = "https://coop.example/actor#main-key"

var testKey = sync.OnceValues(httpsig.GenerateKey)

func testSigner(t testing.TB) *Signer {
	t.Helper()
	key, err := testKey()
	require.NoError(t, err)
	return &Signer{KeyID: testKeyID, Key: key}
}

// remote is a fake remote server that counts the requests it receives.
type remote struct {
	srv  *httptest.Server
	hits atomic.Int32
}

func startRemote(t testing.TB, useTLS bool, h http.HandlerFunc) *remote {
	t.Helper()
	r := &remote{}
	counted := http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.hits.Add(1)
		h(w, req)
	})
	if useTLS {
		r.srv = httptest.NewTLSServer(counted)
	} else {
		r.srv = httptest.NewServer(counted)
	}
	t.Cleanup(r.srv.Close)
	return r
}

func (r *remote) addr() netip.AddrPort {
	return netip.MustParseAddrPort(r.srv.Listener.Addr().String())
}

// newTestClient returns a client that treats exactly the given remotes'
// addresses as public and trusts their certificates; any other loopback
// address stays forbidden (unless opts.AllowPrivate).
func newTestClient(t testing.TB, opts Options, public ...*remote) *Client {
	t.Helper()
	pool := x509.NewCertPool()
	for _, r := range public {
		opts.exempt = append(opts.exempt, r.addr())
		if r.srv.TLS != nil {
			pool.AddCert(r.srv.Certificate())
		}
	}
	if opts.RootCAs == nil {
		opts.RootCAs = pool
	}
	c := New(opts)
	t.Cleanup(c.CloseIdleConnections)
	return c
}

// serveActivity answers with an ActivityStreams document whose id is the
// request's own URL.
func serveActivity(w http.ResponseWriter, r *http.Request) {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	writeDoc(w, "application/activity+json", map[string]any{
		"id":   scheme + "://" + r.Host + r.URL.Path,
		"type": "Application",
	})
}

func writeDoc(w http.ResponseWriter, contentType string, doc any) {
	w.Header().Set("Content-Type", contentType)
	_ = json.NewEncoder(w).Encode(doc)
}

// staticKeys serves the test signer's public key.
type staticKeys struct{ pub *rsa.PublicKey }

func (s staticKeys) FetchKey(_ context.Context, keyID string, _ bool) (httpsig.Key, error) {
	return httpsig.Key{ID: keyID, Owner: "https://coop.example/actor", Public: s.pub}, nil
}

// verifySignature checks a request as an inbox would, returning the
// verified key id or the refusal.
func verifySignature(r *http.Request) (string, error) {
	key, err := testKey()
	if err != nil {
		return "", err
	}
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, 1<<20))
	if err != nil {
		return "", err
	}
	v := &httpsig.Verifier{Keys: staticKeys{pub: &key.PublicKey}, MaxAge: time.Hour}
	k, err := v.Verify(r.Context(), r, body)
	return k.ID, err
}
