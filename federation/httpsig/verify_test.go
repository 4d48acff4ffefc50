package httpsig_test

import (
	"bytes"
	"context"
	"crypto/rsa"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/httpsig"
)

var inboxBody = []byte(`{"@context":"https://www.w3.org/ns/activitystreams","id":"https://remote.example/follows/1","type":"Follow","actor":"https://remote.example/users/alice","object":"https://coop.example/actors/events"}`)

// signedPost returns an inbox POST signed by key at signedAt, as the
// server receives it.
func signedPost(t testing.TB, key *rsa.PrivateKey, body []byte, signedAt time.Time) *http.Request {
	t.Helper()
	r := newRequest(t, http.MethodPost, "https://coop.example/inbox", body)
	require.NoError(t, httpsig.SignRequest(r, body, testKeyID, key, signedAt))
	return toServer(t, r)
}

func verifier(keys httpsig.KeyFetcher) *httpsig.Verifier {
	return &httpsig.Verifier{Keys: keys, Now: func() time.Time { return testNow }}
}

func TestSignVerifyRoundTrip(t *testing.T) {
	t.Parallel()
	key, _ := keyPair(t)
	tests := []struct {
		name, method, url string
		body              []byte
		wantHeaders       []string
	}{
		{"post with body", http.MethodPost, "https://coop.example/inbox", inboxBody,
			[]string{"(request-target)", "host", "date", "digest"}},
		{"post with empty body", http.MethodPost, "https://coop.example/inbox", []byte{},
			[]string{"(request-target)", "host", "date", "digest"}},
		{"get", http.MethodGet, "https://coop.example/actors/events", nil,
			[]string{"(request-target)", "host", "date"}},
		{"get with query and port", http.MethodGet, "https://coop.example:8443/outbox?page=2&x=%2F", nil,
			[]string{"(request-target)", "host", "date"}},
		{"escaped path", http.MethodGet, "https://coop.example/tags/caf%C3%A9%2Fbar", nil,
			[]string{"(request-target)", "host", "date"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := newRequest(t, tt.method, tt.url, tt.body)
			require.NoError(t, httpsig.SignRequest(r, tt.body, testKeyID, key, testNow))
			require.Equal(t, "Sat, 27 Mar 2027 10:00:00 GMT", r.Header.Get("Date"))

			p, err := httpsig.ParseSignature(r.Header.Get("Signature"))
			require.NoError(t, err)
			require.Equal(t, testKeyID, p.KeyID)
			require.Equal(t, "rsa-sha256", p.Algorithm)
			require.Equal(t, tt.wantHeaders, p.Headers)
			if tt.body != nil {
				require.Equal(t, httpsig.Digest(tt.body), r.Header.Get("Digest"))
			} else {
				require.Empty(t, r.Header.Get("Digest"))
			}

			keys := &fakeKeys{cached: &key.PublicKey}
			got, err := verifier(keys).Verify(context.Background(), toServer(t, r), tt.body)
			require.NoError(t, err)
			require.Equal(t, httpsig.Key{ID: testKeyID, Owner: testActor, Public: &key.PublicKey}, got)
			require.Zero(t, keys.refreshes.Load())
		})
	}
}

func TestSignRequestSetsHost(t *testing.T) {
	t.Parallel()
	key, _ := keyPair(t)
	r := newRequest(t, http.MethodGet, "https://coop.example:8443/actor", nil)
	r.Host = ""
	require.NoError(t, httpsig.SignRequest(r, nil, testKeyID, key, testNow))
	require.Equal(t, "coop.example:8443", r.Host)

	r = newRequest(t, http.MethodGet, "/actor", nil)
	require.ErrorContains(t, httpsig.SignRequest(r, nil, testKeyID, key, testNow), "request has no host")
	r = newRequest(t, http.MethodGet, "https://coop.example/actor", nil)
	require.ErrorContains(t, httpsig.SignRequest(r, nil, `bad"id`, key, testNow), "key id contains a quote")
	require.ErrorContains(t, httpsig.SignRequest(r, nil, testKeyID, nil, testNow), "no private key")
}

func TestDigest(t *testing.T) {
	t.Parallel()
	// The SHA-256 of the empty string, a well-known value.
	require.Equal(t, "SHA-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", httpsig.Digest(nil))
	require.NotEqual(t, httpsig.Digest([]byte("a")), httpsig.Digest([]byte("b")))
}

func TestVerifyRefusals(t *testing.T) {
	t.Parallel()
	key, other := keyPair(t)
	post := func(t *testing.T) *http.Request { return signedPost(t, key, inboxBody, testNow) }
	// goFedPost signs an inbox POST over the given headers with go-fed.
	goFedPost := func(headers ...string) func(t *testing.T) *http.Request {
		return func(t *testing.T) *http.Request {
			r := newRequest(t, http.MethodPost, "https://coop.example/inbox", inboxBody)
			goFedSign(t, r, inboxBody, key, headers, 0)
			return toServer(t, r)
		}
	}
	fetchErr := errors.New("connection refused")
	tests := []struct {
		name    string
		request func(t *testing.T) *http.Request
		body    []byte // nil means inboxBody
		keys    *fakeKeys
		reason  error
		msg     string
	}{
		{
			name: "unsigned",
			request: func(t *testing.T) *http.Request {
				r := post(t)
				r.Header.Del("Signature")
				return r
			},
			reason: httpsig.ErrNoSignature, msg: "missing Signature header",
		},
		{
			name: "authorization without signature scheme",
			request: func(t *testing.T) *http.Request {
				r := post(t)
				r.Header.Set("Authorization", "Bearer "+r.Header.Get("Signature"))
				r.Header.Del("Signature")
				return r
			},
			reason: httpsig.ErrNoSignature, msg: "missing Signature header",
		},
		{
			name: "unknown algorithm",
			request: func(t *testing.T) *http.Request {
				r := post(t)
				s := strings.Replace(r.Header.Get("Signature"), `algorithm="rsa-sha256"`, `algorithm="hmac-sha256"`, 1)
				r.Header.Set("Signature", s)
				return r
			},
			reason: httpsig.ErrAlgorithm, msg: `algorithm "hmac-sha256" not supported`,
		},
		{
			name:    "digest not signed",
			request: goFedPost("(request-target)", "host", "date"),
			reason:  httpsig.ErrUnsignedHeader, msg: "signed headers must include digest",
		},
		{
			name:    "host not signed",
			request: goFedPost("(request-target)", "date", "digest"),
			reason:  httpsig.ErrUnsignedHeader, msg: "signed headers must include host",
		},
		{
			name:    "request target not signed",
			request: goFedPost("host", "date", "digest"),
			reason:  httpsig.ErrUnsignedHeader, msg: "signed headers must include (request-target)",
		},
		{
			name:    "neither date nor created signed",
			request: goFedPost("(request-target)", "host", "digest"),
			reason:  httpsig.ErrUnsignedHeader, msg: "signed headers must include date",
		},
		{
			name: "listed header missing",
			request: func(t *testing.T) *http.Request {
				r := goFedPost("(request-target)", "host", "date", "digest", "content-type")(t)
				r.Header.Del("Content-Type")
				return r
			},
			reason: httpsig.ErrMissingHeader, msg: `signed header "content-type" is missing`,
		},
		{
			name: "digest header missing",
			request: func(t *testing.T) *http.Request {
				r := post(t)
				r.Header.Del("Digest")
				return r
			},
			reason: httpsig.ErrMissingHeader, msg: `signed header "digest" is missing`,
		},
		{
			name: "digest mismatch",
			request: func(t *testing.T) *http.Request {
				r := post(t)
				r.Header.Set("Digest", httpsig.Digest([]byte("something else")))
				return r
			},
			reason: httpsig.ErrDigest, msg: "digest does not match body",
		},
		{
			name:    "body changed",
			request: post,
			body:    append([]byte(nil), strings.Replace(string(inboxBody), "Follow", "Block", 1)...),
			reason:  httpsig.ErrDigest, msg: "digest does not match body",
		},
		{
			name: "digest without sha-256",
			request: func(t *testing.T) *http.Request {
				r := post(t)
				r.Header.Set("Digest", "SHA-512=abcd")
				return r
			},
			reason: httpsig.ErrDigest, msg: "Digest header has no SHA-256 value",
		},
		{
			name:    "stale date",
			request: func(t *testing.T) *http.Request { return signedPost(t, key, inboxBody, testNow.Add(-13*time.Hour)) },
			reason:  httpsig.ErrDate, msg: "date outside the allowed window",
		},
		{
			name:    "future date",
			request: func(t *testing.T) *http.Request { return signedPost(t, key, inboxBody, testNow.Add(13*time.Hour)) },
			reason:  httpsig.ErrDate, msg: "date outside the allowed window",
		},
		{
			name: "unparseable date",
			request: func(t *testing.T) *http.Request {
				r := post(t)
				r.Header.Set("Date", "yesterday")
				return r
			},
			reason: httpsig.ErrDate, msg: "malformed Date header",
		},
		{
			name:    "wrong key",
			request: func(t *testing.T) *http.Request { return signedPost(t, other, inboxBody, testNow) },
			reason:  httpsig.ErrBadSignature, msg: "signature does not verify",
		},
		{
			name: "signed header changed",
			request: func(t *testing.T) *http.Request {
				r := post(t)
				r.Host = "evil.example"
				return r
			},
			reason: httpsig.ErrBadSignature, msg: "signature does not verify",
		},
		{
			name: "malformed header",
			request: func(t *testing.T) *http.Request {
				r := post(t)
				r.Header.Set("Signature", `keyId="`+testKeyID+`",signature="not base64!"`)
				return r
			},
			reason: httpsig.ErrMalformed, msg: "malformed Signature header: signature: not valid base64",
		},
		{
			name:    "key fetch fails",
			request: post,
			keys:    &fakeKeys{err: fetchErr},
			reason:  httpsig.ErrKeyFetch, msg: "could not fetch key",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			keys := tt.keys
			if keys == nil {
				keys = &fakeKeys{cached: &key.PublicKey}
			}
			body := tt.body
			if body == nil {
				body = inboxBody
			}
			_, err := verifier(keys).Verify(context.Background(), tt.request(t), body)
			requireRefused(t, err, tt.reason, tt.msg)
			if errors.Is(tt.reason, httpsig.ErrKeyFetch) {
				require.ErrorIs(t, err, fetchErr, "the cause is kept for logs")
				require.NotContains(t, err.Error(), fetchErr.Error(), "the cause is not in the client message")
				var log bytes.Buffer
				slog.New(slog.NewTextHandler(&log, nil)).Info("refused", slog.Any("error", err))
				require.Contains(t, log.String(), "could not fetch key: fetch key "+testKeyID+": connection refused")
			}
			if !errors.Is(tt.reason, httpsig.ErrBadSignature) && !errors.Is(tt.reason, httpsig.ErrKeyFetch) {
				require.Zero(t, keys.fetches.Load(), "refused before fetching a key")
			}
		})
	}
}

func TestVerifyKeyRotation(t *testing.T) {
	t.Parallel()
	oldKey, newKey := keyPair(t)
	tests := []struct {
		name          string
		keys          *fakeKeys
		wantErr       error
		wantRefreshes int32
	}{
		{"cache has the old key, refresh finds the new", &fakeKeys{cached: &oldKey.PublicKey, fresh: &newKey.PublicKey}, nil, 1},
		{"cache has the new key", &fakeKeys{cached: &newKey.PublicKey}, nil, 0},
		{"refresh finds the old key again", &fakeKeys{cached: &oldKey.PublicKey}, httpsig.ErrBadSignature, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := signedPost(t, newKey, inboxBody, testNow)
			got, err := verifier(tt.keys).Verify(context.Background(), r, inboxBody)
			require.Equal(t, tt.wantRefreshes, tt.keys.refreshes.Load())
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.True(t, newKey.PublicKey.Equal(got.Public))
		})
	}
}

// TestVerifyGancio checks a GET signed the way Gancio signs: the request
// target without the query, and the host without the port.
func TestVerifyGancio(t *testing.T) {
	t.Parallel()
	key, _ := keyPair(t)
	tests := []struct {
		name, sentURL, sentHost string
		wantErr                 error
	}{
		{"query and port dropped", "/outbox?page=true", "example.test:8443", nil},
		{"port dropped", "/outbox", "example.test:8443", nil},
		{"query dropped", "/outbox?page=true", "example.test", nil},
		{"other path", "/followers?page=true", "example.test:8443", httpsig.ErrBadSignature},
		{"other host", "/outbox?page=true", "other.test:8443", httpsig.ErrBadSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			signed := newRequest(t, http.MethodGet, "https://example.test/outbox", nil)
			require.NoError(t, httpsig.SignRequest(signed, nil, testKeyID, key, testNow))

			r := newRequest(t, http.MethodGet, "https://"+tt.sentHost+tt.sentURL, nil)
			r.Header = signed.Header.Clone()
			_, err := verifier(&fakeKeys{cached: &key.PublicKey}).Verify(context.Background(), toServer(t, r), nil)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
		})
	}
}

func TestVerifyAuthorizationHeader(t *testing.T) {
	t.Parallel()
	key, _ := keyPair(t)
	r := signedPost(t, key, inboxBody, testNow)
	r.Header.Set("Authorization", "Signature "+r.Header.Get("Signature"))
	r.Header.Del("Signature")
	got, err := verifier(&fakeKeys{cached: &key.PublicKey}).Verify(context.Background(), r, inboxBody)
	require.NoError(t, err)
	require.Equal(t, testActor, got.Owner)
}

func TestVerifyDigestForms(t *testing.T) {
	t.Parallel()
	key, _ := keyPair(t)
	sum := strings.TrimPrefix(httpsig.Digest(inboxBody), "SHA-256=")
	tests := []struct {
		digest  string
		wantErr error
	}{
		{"SHA-256=" + sum, nil},
		{"sha-256=" + sum, nil},
		{"SHA-512=AAAA, SHA-256=" + sum, nil},
		{"SHA-256=" + strings.TrimRight(sum, "="), nil},
		{"SHA-256=" + sum[1:], httpsig.ErrDigest},
		{"MD5=AAAA", httpsig.ErrDigest},
	}
	for _, tt := range tests {
		t.Run(tt.digest, func(t *testing.T) {
			t.Parallel()
			// go-fed signs whatever Digest header we set beforehand.
			r := newRequest(t, http.MethodPost, "https://coop.example/inbox", inboxBody)
			r.Header.Set("Digest", tt.digest)
			goFedSign(t, r, nil, key, []string{"(request-target)", "host", "date", "digest"}, 0)
			_, err := verifier(&fakeKeys{cached: &key.PublicKey}).Verify(context.Background(), toServer(t, r), inboxBody)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
		})
	}
}

func TestVerifyMaxAge(t *testing.T) {
	t.Parallel()
	key, _ := keyPair(t)
	tests := []struct {
		maxAge time.Duration
		skew   time.Duration
		ok     bool
	}{
		{0, 11 * time.Hour, true},
		{0, -11 * time.Hour, true},
		{time.Hour, 61 * time.Minute, false},
		{time.Hour, -61 * time.Minute, false},
		{time.Hour, 59 * time.Minute, true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%v/%v", tt.maxAge, tt.skew), func(t *testing.T) {
			t.Parallel()
			r := signedPost(t, key, inboxBody, testNow.Add(tt.skew))
			v := verifier(&fakeKeys{cached: &key.PublicKey})
			v.MaxAge = tt.maxAge
			_, err := v.Verify(context.Background(), r, inboxBody)
			if tt.ok {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, httpsig.ErrDate)
		})
	}
}

// TestConcurrentSignVerify shares one key and one Verifier between
// goroutines; run with -race.
func TestConcurrentSignVerify(t *testing.T) {
	t.Parallel()
	key, _ := keyPair(t)
	v := verifier(&fakeKeys{cached: &key.PublicKey})
	const n = 8
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			body := fmt.Appendf(nil, `{"n":%d}`, i)
			r, err := http.NewRequest(http.MethodPost, "https://coop.example/inbox", nil)
			if err != nil {
				errs[i] = err
				return
			}
			if err := httpsig.SignRequest(r, body, testKeyID, key, testNow); err != nil {
				errs[i] = err
				return
			}
			_, errs[i] = v.Verify(context.Background(), r, body)
		})
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
}
