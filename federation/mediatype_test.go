package federation_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation"
)

func TestIsActivityStreamsContentType(t *testing.T) {
	t.Parallel()
	tests := []struct {
		ct   string
		want bool
	}{
		{federation.ContentType, true},
		{federation.LDContentType, true},
		{"application/activity+json; charset=utf-8", true},
		{"Application/Activity+JSON", true},
		{`application/ld+json; profile="https://www.w3.org/ns/activitystreams"`, true},
		{`application/ld+json;profile="https://www.w3.org/ns/activitystreams"`, true},
		{`application/ld+json ;  profile = "https://www.w3.org/ns/activitystreams" `, true},
		{`application/ld+json; profile=https://www.w3.org/ns/activitystreams`, true},
		{`application/ld+json; charset=utf-8; profile="https://www.w3.org/ns/activitystreams"`, true},
		{`application/ld+json; PROFILE="https://www.w3.org/ns/activitystreams"; charset=utf-8`, true},
		{`application/ld+json; profile="https://example.org/other https://www.w3.org/ns/activitystreams"`, true},
		{"application/ld+json", false},
		{`application/ld+json; profile="https://example.org/other"`, false},
		{`application/ld+json; profile="https://www.w3.org/ns/activitystreams#"`, false},
		{"application/json", false},
		{"text/html", false},
		{"", false},
		{"activity+json", false},
	}
	for _, tt := range tests {
		t.Run(tt.ct, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tt.want, federation.IsActivityStreamsContentType(tt.ct))
		})
	}
}

func TestWantsActivityStreams(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		accept string
		want   bool
	}{
		{"activity+json", "application/activity+json", true},
		{"GoToSocial", `application/ld+json; profile="https://www.w3.org/ns/activitystreams",application/activity+json`, true},
		{"Mastodon", `application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams", text/html;q=0.1`, true},
		{"plain ld+json", "application/ld+json", true},
		{"ld+json with another profile", `application/ld+json; profile="https://example.org/p"`, false},
		{"html preferred by q", "application/activity+json;q=0.5, text/html", false},
		{"as preferred by q", "text/html;q=0.5, application/activity+json", true},
		{"tie goes to ActivityStreams", "text/html, application/activity+json", true},
		{"as beats the */* a browser sends", "application/activity+json, */*;q=0.8", true},
		{"*/* alone", "*/*", false},
		{"application/* alone", "application/*", false},
		{"empty", "", false},
		{"browser", "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8", false},
		{"as refused with q=0", "application/activity+json;q=0, */*", false},
		{"text/* outranks as", "application/activity+json;q=0.4, text/*;q=0.9", false},
		{"html explicitly lower than */*", "application/activity+json;q=0.5, text/html;q=0.1, */*;q=0.9", true},
		{"unreadable q is skipped", "application/activity+json;q=high, text/html;q=0.1", false},
		{"junk", `;;,,"application/activity+json`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tt.want, federation.WantsActivityStreams(tt.accept))
		})
	}
}
