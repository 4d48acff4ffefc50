package client

import (
	"context"
	"errors"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/httpsig"
)

var followBody = []byte(`{"@context":"https://www.w3.org/ns/activitystreams","type":"Accept","actor":"https://coop.example/actor"}`)

// inbox is a fake inbox that verifies each delivery and answers with the
// status its respond function picks.
type inbox struct {
	mu       sync.Mutex
	verified []error
	types    []string
	dates    []string
}

func (in *inbox) handler(respond func(w http.ResponseWriter)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		_, err := verifySignature(r)
		in.mu.Lock()
		in.verified = append(in.verified, err)
		in.types = append(in.types, r.Header.Get("Content-Type"))
		in.dates = append(in.dates, r.Header.Get("Date"))
		in.mu.Unlock()
		respond(w)
	}
}

func status(code int) func(w http.ResponseWriter) {
	return func(w http.ResponseWriter) { w.WriteHeader(code) }
}

func TestPost(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		respond       func(w http.ResponseWriter)
		wantCode      int // 0: success
		wantRetryable bool
		wantGone      bool
		wantAfter     time.Duration
		wantBody      string
	}{
		{name: "202", respond: status(http.StatusAccepted)},
		{name: "200", respond: status(http.StatusOK)},
		{name: "204", respond: status(http.StatusNoContent)},
		{name: "410", respond: status(http.StatusGone), wantCode: 410, wantGone: true},
		{
			name: "400 with a body",
			respond: func(w http.ResponseWriter) {
				http.Error(w, "bad activity", http.StatusBadRequest)
			},
			wantCode: 400, wantBody: "bad activity\n",
		},
		{name: "500", respond: status(http.StatusInternalServerError), wantCode: 500, wantRetryable: true},
		{
			name: "429 with Retry-After",
			respond: func(w http.ResponseWriter) {
				w.Header().Set("Retry-After", "120")
				w.WriteHeader(http.StatusTooManyRequests)
			},
			wantCode: 429, wantRetryable: true, wantAfter: 2 * time.Minute,
		},
		{
			name: "redirect not followed",
			respond: func(w http.ResponseWriter) {
				w.Header().Set("Location", "/elsewhere")
				w.WriteHeader(http.StatusTemporaryRedirect)
			},
			wantCode: 307,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := &inbox{}
			srv := startRemote(t, true, in.handler(tt.respond))
			c := newTestClient(t, Options{}, srv)

			err := c.Post(context.Background(), srv.srv.URL+"/users/bob/inbox", followBody, testSigner(t))
			require.Equal(t, int32(1), srv.hits.Load(), "one request, no redirect followed")
			require.Equal(t, []error{nil}, in.verified, "the inbox verifies the delivery")
			require.Equal(t, []string{ContentTypeActivity}, in.types)
			if tt.wantCode == 0 {
				require.NoError(t, err)
				return
			}
			var se *StatusError
			require.True(t, errors.As(err, &se), "error %v is not a *StatusError", err)
			require.Equal(t, tt.wantCode, se.Code)
			require.Equal(t, tt.wantRetryable, se.Retryable())
			require.Equal(t, tt.wantGone, se.Gone())
			require.Equal(t, tt.wantAfter, se.RetryAfter)
			require.Equal(t, tt.wantBody, se.Body)
		})
	}
}

// TestPostSignsAfresh checks that each Post carries its own Date, so a
// retry is not refused as stale.
func TestPostSignsAfresh(t *testing.T) {
	t.Parallel()
	in := &inbox{}
	srv := startRemote(t, true, in.handler(status(http.StatusAccepted)))
	start := time.Now().Add(-time.Minute).Truncate(time.Second)
	var calls int
	c := newTestClient(t, Options{now: func() time.Time {
		calls++ // Post is called sequentially below
		return start.Add(time.Duration(calls) * time.Second)
	}}, srv)

	for range 2 {
		require.NoError(t, c.Post(context.Background(), srv.srv.URL+"/inbox", followBody, testSigner(t)))
	}
	require.Equal(t, []error{nil, nil}, in.verified)
	require.Equal(t, []string{
		start.Add(time.Second).UTC().Format(http.TimeFormat),
		start.Add(2 * time.Second).UTC().Format(http.TimeFormat),
	}, in.dates)
}

func TestPostRefusals(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		opts    Options
		public  bool
		signer  bool
		wantErr error
		wantMsg string
	}{
		{name: "loopback", signer: true, wantErr: ErrForbiddenAddress},
		{name: "unsigned", public: true, wantMsg: "no signer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := startRemote(t, true, func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.Copy(io.Discard, r.Body)
			})
			var public []*remote
			if tt.public {
				public = append(public, srv)
			}
			c := newTestClient(t, tt.opts, public...)
			var signer *Signer
			if tt.signer {
				signer = testSigner(t)
			}
			err := c.Post(context.Background(), srv.srv.URL+"/inbox", followBody, signer)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
			}
			require.ErrorContains(t, err, tt.wantMsg)
			require.Zero(t, srv.hits.Load())
		})
	}
}

// TestPostDigest checks the delivery's Digest against the body, the way
// the receiving inbox does.
func TestPostDigest(t *testing.T) {
	t.Parallel()
	var digest string
	srv := startRemote(t, true, func(w http.ResponseWriter, r *http.Request) {
		digest = r.Header.Get("Digest")
		w.WriteHeader(http.StatusAccepted)
	})
	c := newTestClient(t, Options{}, srv)
	require.NoError(t, c.Post(context.Background(), srv.srv.URL+"/inbox", followBody, testSigner(t)))
	require.Equal(t, httpsig.Digest(followBody), digest)
}
