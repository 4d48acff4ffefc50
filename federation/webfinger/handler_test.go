package webfinger_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/webfinger"
)

const (
	host     = "coop.example"
	actorID  = "https://coop.example/actors/events"
	profile  = "https://coop.example/@events"
	template = "https://coop.example/authorize_interaction?uri={uri}"
)

// lookup knows one account, events, by acct or by its actor or profile URL,
// and fails for "broken".
func lookup(_ context.Context, r webfinger.Resource) (webfinger.JRD, error) {
	switch {
	case r.Kind == webfinger.KindAcct && r.User == "broken":
		return webfinger.JRD{}, errors.New("database is on fire")
	case r.Kind == webfinger.KindAcct && r.User == "events",
		r.Kind == webfinger.KindURL && (r.URL == actorID || r.URL == profile):
		return webfinger.ActorJRD("acct:events@coop.example", actorID, profile, template), nil
	}
	return webfinger.JRD{}, webfinger.ErrNotFound
}

func TestHandler(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		method   string
		query    string
		wantCode int
		wantBody string // a substring
	}{
		{"acct", http.MethodGet, "resource=acct:events@coop.example", http.StatusOK, `"subject":"acct:events@coop.example"`},
		{"acct, upper-case host", http.MethodGet, "resource=" + url.QueryEscape("acct:events@COOP.EXAMPLE"), http.StatusOK, `"href":"` + actorID + `"`},
		{"actor URL", http.MethodGet, "resource=" + url.QueryEscape(actorID), http.StatusOK, `"subject":"acct:events@coop.example"`},
		{"profile URL", http.MethodGet, "resource=" + url.QueryEscape(profile), http.StatusOK, `"rel":"self"`},
		{"HEAD", http.MethodHead, "resource=acct:events@coop.example", http.StatusOK, ""},
		{"missing resource", http.MethodGet, "", http.StatusBadRequest, "missing resource"},
		{"empty resource", http.MethodGet, "resource=", http.StatusBadRequest, "missing resource"},
		{"malformed", http.MethodGet, "resource=acct:events", http.StatusBadRequest, "malformed resource"},
		{"handle form", http.MethodGet, "resource=" + url.QueryEscape("@events@coop.example"), http.StatusBadRequest, "malformed resource"},
		{"unknown account", http.MethodGet, "resource=acct:nobody@coop.example", http.StatusNotFound, "not found"},
		{"unknown URL", http.MethodGet, "resource=" + url.QueryEscape("https://coop.example/actors/nobody"), http.StatusNotFound, "not found"},
		{"other host", http.MethodGet, "resource=acct:events@other.example", http.StatusNotFound, "not found"},
		{"lookup fails", http.MethodGet, "resource=acct:broken@coop.example", http.StatusInternalServerError, "internal error"},
		{"POST", http.MethodPost, "resource=acct:events@coop.example", http.StatusMethodNotAllowed, "method not allowed"},
	}
	h := webfinger.Handler(host, lookup, nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req := httptest.NewRequest(tt.method, "/.well-known/webfinger?"+tt.query, nil)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)

			require.Equal(t, tt.wantCode, rec.Code, rec.Body.String())
			require.Contains(t, rec.Body.String(), tt.wantBody)
			require.Equal(t, "*", rec.Header().Get("Access-Control-Allow-Origin"))
			require.NotContains(t, rec.Body.String(), "fire", "internal errors must not reach the client")
			if tt.wantCode == http.StatusOK {
				require.Equal(t, webfinger.JRDContentType, rec.Header().Get("Content-Type"))
			}
			if tt.wantCode == http.StatusMethodNotAllowed {
				require.Equal(t, "GET, HEAD", rec.Header().Get("Allow"))
			}
		})
	}
}

func TestHandlerAnswerParsesBack(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(webfinger.Handler(host, lookup, nil))
	t.Cleanup(srv.Close)

	res, err := srv.Client().Get(srv.URL + "/.well-known/webfinger?resource=acct%3Aevents%40coop.example")
	require.NoError(t, err)
	t.Cleanup(func() { _ = res.Body.Close() })
	require.Equal(t, http.StatusOK, res.StatusCode)

	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	jrd, err := webfinger.ParseJRD(body)
	require.NoError(t, err)
	require.Equal(t, webfinger.ActorJRD("acct:events@coop.example", actorID, profile, template), jrd)
	got, ok := jrd.ActorURL()
	require.True(t, ok)
	require.Equal(t, actorID, got)
}
