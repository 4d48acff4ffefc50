package client

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestFetchAddressAndSchemeGuards(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		opts    Options
		url     func(srv *remote) string
		wantErr error // nil: the fetch succeeds
	}{
		{
			name:    "loopback refused",
			opts:    Options{AllowHTTP: true},
			url:     func(srv *remote) string { return srv.srv.URL + "/actor" },
			wantErr: ErrForbiddenAddress,
		},
		{
			name: "loopback allowed with AllowPrivate",
			opts: Options{AllowHTTP: true, AllowPrivate: true},
			url:  func(srv *remote) string { return srv.srv.URL + "/actor" },
		},
		{
			name: "name resolving to loopback refused",
			opts: Options{AllowHTTP: true},
			url: func(srv *remote) string {
				return "http://localhost:" + strconv.Itoa(int(srv.addr().Port())) + "/actor"
			},
			wantErr: ErrForbiddenAddress,
		},
		{
			name:    "cloud metadata address refused",
			opts:    Options{AllowHTTP: true},
			url:     func(*remote) string { return "http://169.254.169.254/latest/meta-data/" },
			wantErr: ErrForbiddenAddress,
		},
		{
			name:    "IPv4-mapped metadata address refused",
			opts:    Options{AllowHTTP: true},
			url:     func(*remote) string { return "http://[::ffff:169.254.169.254]/latest/meta-data/" },
			wantErr: ErrForbiddenAddress,
		},
		{
			name:    "http refused without AllowHTTP",
			opts:    Options{AllowPrivate: true},
			url:     func(srv *remote) string { return srv.srv.URL + "/actor" },
			wantErr: ErrForbiddenScheme,
		},
		{
			name:    "other scheme refused",
			opts:    Options{AllowHTTP: true, AllowPrivate: true},
			url:     func(srv *remote) string { return strings.Replace(srv.srv.URL, "http:", "ftp:", 1) + "/actor" },
			wantErr: ErrForbiddenScheme,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := startRemote(t, false, serveActivity)
			c := newTestClient(t, tt.opts)
			body, err := c.Fetch(context.Background(), tt.url(srv), nil)
			if tt.wantErr == nil {
				require.NoError(t, err)
				require.Contains(t, string(body), `"type":"Application"`)
				require.Equal(t, int32(1), srv.hits.Load())
				return
			}
			require.ErrorIs(t, err, tt.wantErr)
			require.Zero(t, srv.hits.Load(), "the server must receive nothing")
		})
	}
}

func TestFetchRedirects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// target is where the first server redirects; second is a
		// second server, public or not as secondPublic says.
		target       func(first, second *remote) string
		secondTLS    bool
		secondPublic bool
		secondDoc    func(first *remote) http.HandlerFunc
		wantErr      error
		wantHits     [2]int32
	}{
		{
			name:      "to loopback refused",
			target:    func(_, second *remote) string { return second.srv.URL + "/actor" },
			secondTLS: true,
			wantErr:   ErrForbiddenAddress,
			wantHits:  [2]int32{1, 0},
		},
		{
			name:         "to http refused",
			target:       func(_, second *remote) string { return second.srv.URL + "/actor" },
			secondPublic: true,
			wantErr:      ErrForbiddenScheme,
			wantHits:     [2]int32{1, 0},
		},
		{
			name:         "to another public server",
			target:       func(_, second *remote) string { return second.srv.URL + "/actor" },
			secondTLS:    true,
			secondPublic: true,
			wantHits:     [2]int32{1, 1},
		},
		{
			name:         "id on the first origin, served by the second",
			target:       func(_, second *remote) string { return second.srv.URL + "/actor" },
			secondTLS:    true,
			secondPublic: true,
			secondDoc: func(first *remote) http.HandlerFunc {
				return func(w http.ResponseWriter, r *http.Request) {
					writeDoc(w, "application/activity+json", map[string]any{"id": first.srv.URL + "/actor"})
				}
			},
			wantErr:  ErrOriginMismatch,
			wantHits: [2]int32{1, 1},
		},
		{
			name:     "loop",
			target:   func(first, _ *remote) string { return first.srv.URL + "/again" },
			wantErr:  ErrTooManyRedirects,
			wantHits: [2]int32{MaxRedirects + 1, 0},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var first *remote
			doc := http.HandlerFunc(serveActivity)
			if tt.secondDoc != nil {
				doc = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { tt.secondDoc(first)(w, r) })
			}
			second := startRemote(t, tt.secondTLS, doc)
			first = startRemote(t, true, func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, tt.target(first, second), http.StatusFound)
			})
			public := []*remote{first}
			if tt.secondPublic {
				public = append(public, second)
			}
			c := newTestClient(t, Options{}, public...)

			_, err := c.Fetch(context.Background(), first.srv.URL+"/actor", nil)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
			} else {
				require.NoError(t, err)
			}
			require.Equal(t, tt.wantHits, [2]int32{first.hits.Load(), second.hits.Load()})
		})
	}
}

func TestFetchResponses(t *testing.T) {
	t.Parallel()
	big := bytes.Repeat([]byte("a"), 5<<20)
	tests := []struct {
		name    string
		handler http.HandlerFunc
		wantErr error
		status  int // for a *StatusError
	}{
		{name: "activity+json", handler: serveActivity},
		{
			name: "ld+json with profile",
			handler: func(w http.ResponseWriter, r *http.Request) {
				writeDoc(w, `application/ld+json; profile="https://www.w3.org/ns/activitystreams"`,
					map[string]any{"id": "https://" + r.Host + "/actor"})
			},
		},
		{
			name: "plain json, upper case",
			handler: func(w http.ResponseWriter, r *http.Request) {
				writeDoc(w, "Application/JSON; charset=utf-8", map[string]any{"id": "https://" + r.Host + "/x"})
			},
		},
		{name: "not found", handler: http.NotFound, status: http.StatusNotFound},
		{
			name:    "gone",
			handler: func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusGone) },
			status:  http.StatusGone,
		},
		{
			name: "html",
			handler: func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				_, _ = w.Write([]byte(`{"id":"x"}`))
			},
			wantErr: ErrContentType,
		},
		{
			name: "5 MiB with a length",
			handler: func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "application/activity+json")
				w.Header().Set("Content-Length", strconv.Itoa(len(big)))
				_, _ = w.Write(big)
			},
			wantErr: ErrTooLarge,
		},
		{
			name: "5 MiB chunked",
			handler: func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "application/activity+json")
				w.(http.Flusher).Flush()
				_, _ = w.Write(big)
			},
			wantErr: ErrTooLarge,
		},
		{
			name: "id on another host",
			handler: func(w http.ResponseWriter, _ *http.Request) {
				writeDoc(w, "application/activity+json", map[string]any{"id": "https://evil.example/actor"})
			},
			wantErr: ErrOriginMismatch,
		},
		{
			name: "id on another port",
			handler: func(w http.ResponseWriter, r *http.Request) {
				host := strings.Split(r.Host, ":")[0]
				writeDoc(w, "application/activity+json", map[string]any{"id": "https://" + host + ":1/actor"})
			},
			wantErr: ErrOriginMismatch,
		},
		{
			name: "id over http",
			handler: func(w http.ResponseWriter, r *http.Request) {
				writeDoc(w, "application/activity+json", map[string]any{"id": "http://" + r.Host + "/actor"})
			},
			wantErr: ErrOriginMismatch,
		},
		{
			name: "no id",
			handler: func(w http.ResponseWriter, _ *http.Request) {
				writeDoc(w, "application/activity+json", map[string]any{"type": "Note"})
			},
			wantErr: ErrOriginMismatch,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var accept string
			srv := startRemote(t, true, func(w http.ResponseWriter, r *http.Request) {
				accept = r.Header.Get("Accept")
				tt.handler(w, r)
			})
			c := newTestClient(t, Options{}, srv)
			body, err := c.Fetch(context.Background(), srv.srv.URL+"/actor", nil)
			require.Equal(t, AcceptActivity, accept)
			switch {
			case tt.status != 0:
				var se *StatusError
				require.True(t, errors.As(err, &se), "error %v is not a *StatusError", err)
				require.Equal(t, tt.status, se.Code)
			case tt.wantErr != nil:
				require.ErrorIs(t, err, tt.wantErr)
			default:
				require.NoError(t, err)
				require.NotEmpty(t, body)
			}
		})
	}
}

// TestFetchSigned checks, with the server verifying as an inbox would, that
// a signed GET verifies, including after a redirect, and that an unsigned
// one carries no signature.
func TestFetchSigned(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		path     string
		signed   bool
		wantCode int // a *StatusError; 0 for success
	}{
		{"signed", "/actor", true, 0},
		{"signed with query", "/outbox?page=1", true, 0},
		{"signed through a redirect", "/old", true, 0},
		{"unsigned", "/actor", false, http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var verified []string
			srv := startRemote(t, true, func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/old" {
					http.Redirect(w, r, "/actor", http.StatusMovedPermanently)
					return
				}
				keyID, err := verifySignature(r)
				if err != nil {
					http.Error(w, err.Error(), http.StatusUnauthorized)
					return
				}
				verified = append(verified, r.URL.RequestURI()+" "+keyID)
				serveActivity(w, r)
			})
			c := newTestClient(t, Options{}, srv)
			var signer *Signer
			if tt.signed {
				signer = testSigner(t)
			}
			_, err := c.Fetch(context.Background(), srv.srv.URL+tt.path, signer)
			if tt.wantCode != 0 {
				var se *StatusError
				require.True(t, errors.As(err, &se), "error %v", err)
				require.Equal(t, tt.wantCode, se.Code)
				require.Contains(t, se.Body, "missing Signature header")
				return
			}
			require.NoError(t, err)
			want := strings.Replace(tt.path, "/old", "/actor", 1) + " " + testKeyID
			require.Equal(t, []string{want}, verified)
		})
	}
}

func TestGetJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, accept, wantAccept string
		body                     string
		wantErr                  string
	}{
		{"webfinger", "", AcceptJRD, `{"subject":"acct:events@coop.example","links":[]}`, ""},
		{"nodeinfo", "application/json", "application/json", `{"links":[]}`, ""},
		{"not json", "", AcceptJRD, `<html>`, "body is not JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var accept string
			srv := startRemote(t, true, func(w http.ResponseWriter, r *http.Request) {
				accept = r.Header.Get("Accept")
				w.Header().Set("Content-Type", "application/jrd+json")
				_, _ = w.Write([]byte(tt.body))
			})
			c := newTestClient(t, Options{}, srv)
			got, err := c.GetJSON(context.Background(), srv.srv.URL+"/.well-known/webfinger?resource=acct:events@coop.example", tt.accept, nil)
			require.Equal(t, tt.wantAccept, accept)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.JSONEq(t, tt.body, string(got))
		})
	}
}
