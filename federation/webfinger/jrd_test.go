package webfinger_test

import (
	"encoding/json"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/webfinger"
)

func TestActorJRD(t *testing.T) {
	t.Parallel()
	got, err := json.Marshal(webfinger.ActorJRD("acct:events@coop.example", actorID, profile, template))
	require.NoError(t, err)
	require.JSONEq(t, `{
		"subject": "acct:events@coop.example",
		"aliases": ["https://coop.example/actors/events", "https://coop.example/@events"],
		"links": [
			{"rel": "self", "type": "application/activity+json", "href": "https://coop.example/actors/events"},
			{"rel": "http://webfinger.net/rel/profile-page", "type": "text/html", "href": "https://coop.example/@events"},
			{"rel": "http://ostatus.org/schema/1.0/subscribe", "template": "https://coop.example/authorize_interaction?uri={uri}"}
		]
	}`, string(got))

	minimal := webfinger.ActorJRD("acct:events@coop.example", actorID, "", "")
	require.Equal(t, []string{actorID}, minimal.Aliases)
	require.Len(t, minimal.Links, 1)
}

func TestWriteJRD(t *testing.T) {
	t.Parallel()
	rec := httptest.NewRecorder()
	require.NoError(t, webfinger.WriteJRD(rec, webfinger.JRD{Subject: "acct:x@coop.example"}))
	require.Equal(t, 200, rec.Code)
	require.Equal(t, "application/jrd+json", rec.Header().Get("Content-Type"))
	require.Equal(t, "*", rec.Header().Get("Access-Control-Allow-Origin"))
	require.JSONEq(t, `{"subject":"acct:x@coop.example","links":[]}`, rec.Body.String())
	require.NotContains(t, rec.Body.String(), `\u0026`)
}

func TestParseJRDActorURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		jrd    string
		want   string
		wantOK bool
	}{
		{"Mastodon", `{"subject":"acct:bob@m.example","aliases":["https://m.example/@bob","https://m.example/users/bob"],"links":[
			{"rel":"http://webfinger.net/rel/profile-page","type":"text/html","href":"https://m.example/@bob"},
			{"rel":"self","type":"application/activity+json","href":"https://m.example/users/bob"},
			{"rel":"http://ostatus.org/schema/1.0/subscribe","template":"https://m.example/authorize_interaction?uri={uri}"}]}`,
			"https://m.example/users/bob", true},
		{"ld+json with profile", `{"links":[{"rel":"self","type":"application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"","href":"https://x.example/u"}]}`,
			"https://x.example/u", true},
		{"first self that is ActivityStreams wins", `{"links":[
			{"rel":"self","type":"text/html","href":"https://x.example/html"},
			{"rel":"self","type":"application/activity+json","href":"relative"},
			{"rel":"self","type":"application/activity+json","href":"https://x.example/u"}]}`,
			"https://x.example/u", true},
		{"no self link", `{"links":[{"rel":"http://webfinger.net/rel/profile-page","type":"text/html","href":"https://x.example/@u"}]}`, "", false},
		{"self of another type", `{"links":[{"rel":"self","type":"application/json","href":"https://x.example/u"}]}`, "", false},
		{"no links", `{"subject":"acct:u@x.example"}`, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			jrd, err := webfinger.ParseJRD([]byte(tt.jrd))
			require.NoError(t, err)
			got, ok := jrd.ActorURL()
			require.Equal(t, tt.wantOK, ok)
			require.Equal(t, tt.want, got)
		})
	}

	for _, bad := range []string{``, `[]`, `{"links":{}}`, `<XRD/>`} {
		_, err := webfinger.ParseJRD([]byte(bad))
		require.Error(t, err, bad)
	}
}
