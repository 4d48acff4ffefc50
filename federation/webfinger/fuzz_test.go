package webfinger_test

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/webfinger"
)

// FuzzParseJRD: whatever a server answers a WebFinger query with, ParseJRD
// does not panic, and the actor URL read from it is an absolute http(s)
// URL. Seeds: Gancio's answer, ours, and broken shapes
// (testdata/fuzz/FuzzParseJRD).
func FuzzParseJRD(f *testing.F) {
	f.Add([]byte(`{"subject":"acct:a@b.example","links":[{"rel":"self","type":"application/activity+json","href":"https://b.example/u/a"}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		jrd, err := webfinger.ParseJRD(body)
		if err != nil {
			return
		}
		href, ok := jrd.ActorURL()
		if !ok {
			require.Empty(t, href)
			return
		}
		u, err := url.Parse(href)
		require.NoError(t, err)
		require.Contains(t, []string{"http", "https"}, u.Scheme)
		require.NotEmpty(t, u.Host)
	})
}

// FuzzParseResource: any resource parameter anyone sends us is read as an
// account or a URL on our host, or refused with one of the two errors.
func FuzzParseResource(f *testing.F) {
	for _, r := range []string{"acct:events@coop.example", "ACCT:Events@COOP.example", "events@coop.example",
		"https://coop.example/actors/events", "@events@coop.example", "acct:ev%40ents@coop.example", "acct:@coop.example",
		"acct:events@coop.example@evil.example", "mailto:events@coop.example", "acct:events@coop.example:8080"} {
		f.Add(r, "coop.example")
	}
	f.Fuzz(func(t *testing.T, resource, host string) {
		r, err := webfinger.ParseResource(resource, host)
		if err != nil {
			require.True(t, errorsIsEither(err), "%v", err)
			return
		}
		require.True(t, strings.EqualFold(r.Host, host))
		if r.Kind == webfinger.KindAcct {
			require.NotEmpty(t, r.User)
			require.NotContains(t, r.User, "@")
		}
	})
}

// FuzzSplitHandle: a handle typed by an organiser (a facilitator, a person
// to look up) splits into a user with no @ and a host that is a URL host,
// or is refused.
func FuzzSplitHandle(f *testing.F) {
	for _, h := range []string{"@alice@gts.test", "alice@gts.test", "acct:alice@gts.test", "@alice", "@@", "alice@gts.test:8443",
		"alice@gts.test/path", "al ice@gts.test"} {
		f.Add(h)
	}
	f.Fuzz(func(t *testing.T, handle string) {
		user, host, err := webfinger.SplitHandle(handle)
		if err != nil {
			return
		}
		require.NotEmpty(t, user)
		require.NotContains(t, user, "@")
		require.NotEmpty(t, host)
		u, err := url.Parse("https://" + host)
		require.NoError(t, err)
		require.Equal(t, host, u.Host)
		require.NotEmpty(t, webfinger.URL(host, "acct:"+user+"@"+host))
	})
}

func errorsIsEither(err error) bool {
	return errors.Is(err, webfinger.ErrMalformedResource) || errors.Is(err, webfinger.ErrOtherHost)
}
