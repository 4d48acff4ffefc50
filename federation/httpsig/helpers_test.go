package httpsig_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rsa"
	"errors"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	gofed "github.com/go-fed/httpsig"
	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/httpsig"
)

const (
	testActor = "https://remote.example/users/alice"
	testKeyID = testActor + "#main-key"
)

// testNow is the clock of most tests.
var testNow = time.Date(2027, 3, 27, 10, 0, 0, 0, time.UTC)

// testKeys are generated once per test binary: RSA key generation is slow,
// and the keys are only read.
var testKeys = sync.OnceValues(func() ([2]*rsa.PrivateKey, error) {
	var keys [2]*rsa.PrivateKey
	for i := range keys {
		k, err := httpsig.GenerateKey()
		if err != nil {
			return keys, err
		}
		keys[i] = k
	}
	return keys, nil
})

// keyPair returns the shared test keys: the current one and another.
func keyPair(t testing.TB) (current, other *rsa.PrivateKey) {
	t.Helper()
	keys, err := testKeys()
	require.NoError(t, err)
	return keys[0], keys[1]
}

// fakeKeys is a KeyFetcher that answers from cached without refresh and
// from fresh with it, counting the calls.
type fakeKeys struct {
	cached, fresh *rsa.PublicKey
	err           error
	fetches       atomic.Int32
	refreshes     atomic.Int32
}

func (f *fakeKeys) FetchKey(_ context.Context, keyID string, refresh bool) (httpsig.Key, error) {
	f.fetches.Add(1)
	if f.err != nil {
		return httpsig.Key{}, f.err
	}
	pub := f.cached
	if refresh {
		f.refreshes.Add(1)
		if f.fresh != nil {
			pub = f.fresh
		}
	}
	return httpsig.Key{ID: keyID, Owner: testActor, Public: pub}, nil
}

// newRequest builds a client-side request with body as its Body.
func newRequest(t testing.TB, method, url string, body []byte) *http.Request {
	t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	r, err := http.NewRequest(method, url, rd)
	require.NoError(t, err)
	if body != nil {
		r.Header.Set("Content-Type", "application/activity+json")
	}
	return r
}

// toServer sends r through the wire format and reads it back as a server
// would see it (Host moved out of the header map, URL with only the path).
func toServer(t testing.TB, r *http.Request) *http.Request {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, r.Write(&buf))
	sr, err := http.ReadRequest(bufio.NewReader(&buf))
	require.NoError(t, err)
	return sr
}

// goFedSign signs r with go-fed/httpsig over the given headers, as an
// independent implementation (it writes algorithm="hs2019").
func goFedSign(t testing.TB, r *http.Request, body []byte, key *rsa.PrivateKey, headers []string, expiresIn int64) {
	t.Helper()
	if r.Header.Get("Date") == "" {
		r.Header.Set("Date", testNow.Format(http.TimeFormat))
	}
	r.Header.Set("Host", r.URL.Host) // go-fed signs host only from the header map
	s, _, err := gofed.NewSigner([]gofed.Algorithm{gofed.RSA_SHA256}, gofed.DigestSha256, headers, gofed.Signature, expiresIn)
	require.NoError(t, err)
	require.NoError(t, s.SignRequest(key, testKeyID, r, body))
}

// requireRefused checks that err is a refusal for reason with the message.
func requireRefused(t *testing.T, err error, reason error, msg string) {
	t.Helper()
	require.ErrorIs(t, err, reason)
	var e *httpsig.Error
	require.True(t, errors.As(err, &e), "error %T is not *httpsig.Error", err)
	require.Equal(t, reason, e.Reason)
	require.Equal(t, msg, err.Error())
}
