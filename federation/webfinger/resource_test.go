package webfinger_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/webfinger"
)

func TestParseResource(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		resource string
		host     string // defaults to host
		want     webfinger.Resource
		wantErr  error
	}{
		{name: "acct", resource: "acct:events@coop.example",
			want: webfinger.Resource{Kind: webfinger.KindAcct, User: "events", Host: "coop.example"}},
		{name: "upper-case host", resource: "acct:events@COOP.Example",
			want: webfinger.Resource{Kind: webfinger.KindAcct, User: "events", Host: "coop.example"}},
		{name: "upper-case scheme, user case kept", resource: "ACCT:Events@coop.example",
			want: webfinger.Resource{Kind: webfinger.KindAcct, User: "Events", Host: "coop.example"}},
		{name: "our host given in upper case", resource: "acct:events@coop.example", host: "Coop.Example",
			want: webfinger.Resource{Kind: webfinger.KindAcct, User: "events", Host: "coop.example"}},
		{name: "host with port", resource: "acct:events@localhost:8080", host: "localhost:8080",
			want: webfinger.Resource{Kind: webfinger.KindAcct, User: "events", Host: "localhost:8080"}},
		{name: "percent-encoded user", resource: "acct:the%2Dcoop@coop.example",
			want: webfinger.Resource{Kind: webfinger.KindAcct, User: "the-coop", Host: "coop.example"}},
		{name: "bare user@host, as Mastodon accepts", resource: "events@coop.example",
			want: webfinger.Resource{Kind: webfinger.KindAcct, User: "events", Host: "coop.example"}},
		{name: "bare user@host with port", resource: "events@localhost:8080", host: "localhost:8080",
			want: webfinger.Resource{Kind: webfinger.KindAcct, User: "events", Host: "localhost:8080"}},
		{name: "actor URL", resource: "https://coop.example/actors/events",
			want: webfinger.Resource{Kind: webfinger.KindURL, Host: "coop.example", URL: "https://coop.example/actors/events"}},
		{name: "profile URL, upper-case host", resource: "https://COOP.example/@events",
			want: webfinger.Resource{Kind: webfinger.KindURL, Host: "coop.example", URL: "https://COOP.example/@events"}},

		{name: "other host", resource: "acct:events@other.example", wantErr: webfinger.ErrOtherHost},
		{name: "URL on other host", resource: "https://other.example/actors/events", wantErr: webfinger.ErrOtherHost},
		{name: "port differs", resource: "acct:events@coop.example:8443", wantErr: webfinger.ErrOtherHost},

		{name: "leading @", resource: "acct:@events@coop.example", wantErr: webfinger.ErrMalformedResource},
		{name: "handle form", resource: "@events@coop.example", wantErr: webfinger.ErrMalformedResource},
		{name: "no user", resource: "acct:@coop.example", wantErr: webfinger.ErrMalformedResource},
		{name: "no host", resource: "acct:events@", wantErr: webfinger.ErrMalformedResource},
		{name: "no @", resource: "acct:events", wantErr: webfinger.ErrMalformedResource},
		{name: "two @", resource: "acct:a@b@coop.example", wantErr: webfinger.ErrMalformedResource},
		{name: "space in user", resource: "acct:ev ents@coop.example", wantErr: webfinger.ErrMalformedResource},
		{name: "slash in host", resource: "acct:events@coop.example/x", wantErr: webfinger.ErrMalformedResource},
		{name: "bad escape", resource: "acct:ev%zzents@coop.example", wantErr: webfinger.ErrMalformedResource},
		{name: "other scheme", resource: "mailto:events@coop.example", wantErr: webfinger.ErrMalformedResource},
		{name: "URL without host", resource: "https:///actors/events", wantErr: webfinger.ErrMalformedResource},
		{name: "plain word", resource: "events", wantErr: webfinger.ErrMalformedResource},
		{name: "urn", resource: "urn:x:events@coop.example", wantErr: webfinger.ErrMalformedResource},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := tt.host
			if h == "" {
				h = host
			}
			got, err := webfinger.ParseResource(tt.resource, h)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

func TestSplitHandle(t *testing.T) {
	t.Parallel()
	tests := []struct {
		handle, user, host string
		wantErr            bool
	}{
		{handle: "@alice@gts.test", user: "alice", host: "gts.test"},
		{handle: "alice@gts.test", user: "alice", host: "gts.test"},
		{handle: "  @Alice@GTS.test ", user: "Alice", host: "gts.test"},
		{handle: "acct:alice@gts.test", user: "alice", host: "gts.test"},
		{handle: "alice@localhost:3000", user: "alice", host: "localhost:3000"},
		{handle: "@alice", wantErr: true},
		{handle: "@@gts.test", wantErr: true},
		{handle: "alice@", wantErr: true},
		{handle: "@alice@gts.test@x", wantErr: true},
		{handle: "https://gts.test/@alice", wantErr: true},
		{handle: "", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.handle, func(t *testing.T) {
			t.Parallel()
			user, host, err := webfinger.SplitHandle(tt.handle)
			if tt.wantErr {
				require.ErrorIs(t, err, webfinger.ErrMalformedResource)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.user, user)
			require.Equal(t, tt.host, host)
		})
	}
}

func TestURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		host, resource, want string
	}{
		// The query GoToSocial sent for our co-op, byte for byte.
		{"coop-a.test", "events@coop-a.test", "https://coop-a.test/.well-known/webfinger?resource=acct%3Aevents%40coop-a.test"},
		{"coop-a.test", "@events@coop-a.test", "https://coop-a.test/.well-known/webfinger?resource=acct%3Aevents%40coop-a.test"},
		{"coop-a.test", "acct:events@coop-a.test", "https://coop-a.test/.well-known/webfinger?resource=acct%3Aevents%40coop-a.test"},
		{"gts.test", "https://gts.test/users/alice", "https://gts.test/.well-known/webfinger?resource=https%3A%2F%2Fgts.test%2Fusers%2Falice"},
		{"localhost:8080", "a+b@localhost:8080", "https://localhost:8080/.well-known/webfinger?resource=acct%3Aa%2Bb%40localhost%3A8080"},
	}
	for _, tt := range tests {
		t.Run(tt.resource, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tt.want, webfinger.URL(tt.host, tt.resource))
		})
	}
}
