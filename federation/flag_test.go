package federation_test

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation"
)

// mastodonFlag is the shape Mastodon 4 sends when a moderator forwards a
// report: the instance actor as actor, a bare list of ids as object.
const mastodonFlag = `{"@context":"https://www.w3.org/ns/activitystreams","id":"https://mastodon.example/a1b2c3","type":"Flag",` +
	`"actor":"https://mastodon.example/actor","content":"Spam <b>links</b>",` +
	`"object":["https://gather.example/actors/events","https://gather.example/gatherings/7","https://gather.example/actors/events"]}`

func TestParseFlag(t *testing.T) {
	f, err := federation.ParseFlag([]byte(mastodonFlag))
	require.NoError(t, err)
	require.Equal(t, "https://mastodon.example/actor", f.Actor)
	require.Equal(t, []string{"https://gather.example/actors/events", "https://gather.example/gatherings/7"}, f.Objects, "duplicates dropped")
	require.Equal(t, "Spam <b>links</b>", f.Content, "kept as sent; escaping is the page's job")

	for name, body := range map[string]string{
		"not a Flag":      strings.Replace(mastodonFlag, `"Flag"`, `"Like"`, 1),
		"no object":       `{"id":"https://mastodon.example/1","type":"Flag","actor":"https://mastodon.example/actor"}`,
		"object not http": `{"id":"https://mastodon.example/1","type":"Flag","actor":"https://mastodon.example/actor","object":["urn:x"]}`,
	} {
		_, err := federation.ParseFlag([]byte(body))
		require.ErrorIs(t, err, federation.ErrMalformed, name)
	}
	_, err = federation.ParseFlag([]byte(strings.Replace(mastodonFlag, `"id":"https://mastodon.example/`, `"id":"https://other.example/`, 1)))
	require.ErrorIs(t, err, federation.ErrForeignID)

	long := strings.Replace(mastodonFlag, "Spam <b>links</b>", strings.Repeat("é", federation.MaxFlagComment), 1)
	f, err = federation.ParseFlag([]byte(long))
	require.NoError(t, err)
	require.LessOrEqual(t, len(f.Content), federation.MaxFlagComment)
	require.True(t, utf8.ValidString(f.Content))
}

// FuzzParseFlag: whatever a server sends as a Flag, ParseFlag returns an
// error wrapping ErrMalformed or ErrForeignID, or a Flag whose id is on its
// actor's origin, with 1..MaxFlagObjects distinct http(s) objects and a
// bounded, valid UTF-8 comment without NUL. Seeds: testdata/fuzz/FuzzParseFlag.
func FuzzParseFlag(f *testing.F) {
	f.Add([]byte(mastodonFlag))
	f.Fuzz(func(t *testing.T, body []byte) {
		fl, err := federation.ParseFlag(body)
		if err != nil {
			if !errors.Is(err, federation.ErrForeignID) {
				require.ErrorIs(t, err, federation.ErrMalformed)
			}
			return
		}
		require.True(t, federation.SameOrigin(fl.ID, fl.Actor))
		require.NotEmpty(t, fl.Objects)
		require.LessOrEqual(t, len(fl.Objects), federation.MaxFlagObjects)
		seen := map[string]bool{}
		for _, o := range fl.Objects {
			requireHTTPURL(t, o, "object")
			require.False(t, seen[o], "duplicate %s", o)
			seen[o] = true
		}
		require.LessOrEqual(t, len(fl.Content), federation.MaxFlagComment)
		require.True(t, utf8.ValidString(fl.Content))
		require.NotContains(t, fl.Content, "\x00")
	})
}

// A Flag we build reads back as the Flag it was built from, so what we
// send is what a Gather (or Mastodon, which reads the same fields) stores.
func TestFlagJSONRoundTrip(t *testing.T) {
	in := federation.Flag{ID: "https://g.example/activities/1", Actor: "https://g.example/actors/events",
		Objects: []string{"https://m.example/users/spam", "https://m.example/users/spam/statuses/1"}, Content: "Spam <b>links</b>"}
	doc, err := federation.FlagJSON(in)
	require.NoError(t, err)
	out, err := federation.ParseFlag(doc)
	require.NoError(t, err)
	require.Equal(t, in, *out)
	_, err = federation.FlagJSON(federation.Flag{ID: in.ID, Actor: in.Actor})
	require.Error(t, err, "a Flag names something")
}
