package federation_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation"
)

// gtsObject returns the object of a GoToSocial capture's activity.
func gtsObject(t *testing.T, name string) json.RawMessage {
	t.Helper()
	act, err := federation.DecodeActivity(readTestdata(t, "gotosocial/"+name))
	require.NoError(t, err)
	require.True(t, act.Object.IsEmbedded(), name)
	return act.Object.Raw
}

func TestParseNoteGoToSocial(t *testing.T) {
	t.Parallel()
	usOnA := federation.Mention{Href: "https://coop-a.test/actors/events", Name: "@events@coop-a.test"}
	mention := func(text string) string {
		return `<p><span class="h-card"><a href="https://coop-a.test/@events" class="u-url mention" rel="nofollow noreferrer noopener" target="_blank">@<span>events</span></a></span> ` + text + `</p>`
	}
	published := time.Date(2026, 11, 24, 6, 58, 34, 0, time.UTC)
	tests := []struct {
		file string
		want federation.NoteIn
	}{
		{"reply-public.json", federation.NoteIn{
			ID: "https://gts.test/users/alice/statuses/01M865JRKV6JHF738G429HHJ5D", Type: "Note", AttributedTo: alice,
			InReplyTo: "https://coop-a.test/events/2", ContentHTML: mention("I'm going! (public)"),
			URL: "https://gts.test/@alice/statuses/01M865JRKV6JHF738G429HHJ5D",
			To:  []string{federation.Public}, CC: []string{aliceFol, "https://coop-a.test/actors/events"},
			Mentions: []federation.Mention{usOnA}, Published: published,
		}},
		{"reply-direct.json", federation.NoteIn{
			ID: "https://gts.test/users/alice/statuses/01M865JS37FBSS1HPAT5X4JQGF", Type: "Note", AttributedTo: alice,
			InReplyTo: "https://coop-a.test/events/2", ContentHTML: mention("I'm going! (direct)"),
			URL: "https://gts.test/@alice/statuses/01M865JS37FBSS1HPAT5X4JQGF",
			To:  []string{"https://coop-a.test/actors/events"}, Mentions: []federation.Mention{usOnA}, Published: published,
		}},
		{"reply-edited.json", federation.NoteIn{
			ID: "https://gts.test/users/alice/statuses/01M865JRKV6JHF738G429HHJ5D", Type: "Note", AttributedTo: alice,
			InReplyTo: "https://coop-a.test/events/2", ContentHTML: mention("Actually, maybe"),
			URL: "https://gts.test/@alice/statuses/01M865JRKV6JHF738G429HHJ5D",
			To:  []string{federation.Public}, CC: []string{aliceFol, "https://coop-a.test/actors/events"},
			Mentions: []federation.Mention{usOnA}, Published: published, Updated: published.Add(2 * time.Second),
		}},
		{"poll-vote.json", federation.NoteIn{
			ID: "https://gts.test/users/alice#01M865JW9GR44G6ZMF9TZYTPXY/votes/0", Type: "Note", AttributedTo: alice,
			InReplyTo: "https://coop-a.test/polls/19", Name: "Going", To: []string{"https://coop-a.test/actors/events"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			got, err := federation.ParseNote(gtsObject(t, tt.file))
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

func TestParseNoteShapes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		raw   string
		check func(*testing.T, federation.NoteIn)
	}{
		{"Mastodon reply with lists and entities",
			`{"id":"https://m.example/users/bob/statuses/1","type":"Note","attributedTo":"https://m.example/users/bob",
			"inReplyTo":"https://coop.example/events/2","content":"<p>I&#39;m going!</p>",
			"to":["https://www.w3.org/ns/activitystreams#Public"],"cc":["https://m.example/users/bob/followers","https://coop.example/actors/events"],
			"tag":[{"type":"Mention","href":"https://coop.example/actors/events","name":"@events@coop.example"},{"type":"Hashtag","href":"https://m.example/tags/x","name":"#x"}]}`,
			func(t *testing.T, n federation.NoteIn) {
				require.Equal(t, "<p>I&#39;m going!</p>", n.ContentHTML)
				require.Equal(t, []federation.Mention{{Href: "https://coop.example/actors/events", Name: "@events@coop.example"}}, n.Mentions)
				require.Equal(t, []string{"#x"}, n.Hashtags)
				require.Len(t, n.CC, 2)
			}},
		{"inReplyTo and attributedTo as objects, type as list",
			`{"id":"https://a.example/n/1","type":["Note","Page"],"attributedTo":[{"type":"Person","id":"https://a.example/u/1"}],
			"inReplyTo":{"type":"Event","id":"https://coop.example/events/2"}}`,
			func(t *testing.T, n federation.NoteIn) {
				require.Equal(t, "Note", n.Type)
				require.Equal(t, "https://a.example/u/1", n.AttributedTo)
				require.Equal(t, "https://coop.example/events/2", n.InReplyTo)
			}},
		{"content only in contentMap: the first language wins",
			`{"id":"https://a.example/n/2","type":"Note","attributedTo":"https://a.example/u/1","content":"",
			"contentMap":{"fr":"<p>J'y vais</p>","en":"<p>Going</p>","de":"<p>Komme</p>"},"nameMap":{"en":"Going"}}`,
			func(t *testing.T, n federation.NoteIn) {
				require.Equal(t, "<p>J'y vais</p>", n.ContentHTML)
				require.Equal(t, "Going", n.Name)
			}},
		{"content wins over contentMap",
			`{"id":"https://a.example/n/3","type":"Note","attributedTo":"https://a.example/u/1","content":"<p>a</p>","contentMap":{"en":"<p>b</p>"}}`,
			func(t *testing.T, n federation.NoteIn) { require.Equal(t, "<p>a</p>", n.ContentHTML) }},
		{"odd values are skipped, not fatal",
			`{"id":"https://a.example/n/4","type":"Note","attributedTo":"https://a.example/u/1","content":7,"contentMap":["x"],
			"tag":["https://a.example/tags/x",{"type":"Mention"},{"type":"Mention","href":"https://b.example/u"}],
			"to":"https://coop.example/actors/events","published":"yesterday","updated":"2027-01-01T10:00:00+01:00","url":{"type":"Link","href":"https://a.example/@u/4"}}`,
			func(t *testing.T, n federation.NoteIn) {
				require.Empty(t, n.ContentHTML)
				require.Equal(t, []federation.Mention{{Href: "https://b.example/u"}}, n.Mentions)
				require.Equal(t, []string{"https://coop.example/actors/events"}, n.To)
				require.True(t, n.Published.IsZero())
				require.Equal(t, "2027-01-01T09:00:00Z", n.Updated.UTC().Format(time.RFC3339))
				require.Equal(t, "https://a.example/@u/4", n.URL)
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			n, err := federation.ParseNote(json.RawMessage(tt.raw))
			require.NoError(t, err)
			tt.check(t, n)
		})
	}
}

func TestParseNoteRefusesUnusableNotes(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, raw, want string }{
		{"not JSON", `{"id":`, "malformed"},
		{"a string", `"https://a.example/n/1"`, "not a JSON object"},
		{"no type", `{"id":"https://a.example/n/1","attributedTo":"https://a.example/u/1"}`, "missing type"},
		{"relative id", `{"id":"/n/1","type":"Note","attributedTo":"https://a.example/u/1"}`, `id "/n/1"`},
		{"no author", `{"id":"https://a.example/n/1","type":"Note"}`, `attributedTo ""`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := federation.ParseNote(json.RawMessage(tt.raw))
			require.ErrorIs(t, err, federation.ErrMalformed)
			require.ErrorContains(t, err, tt.want)
		})
	}
}

// FuzzParseNote checks that no object makes ParseNote panic, and that what
// it accepts keeps its promises. The seed corpus in
// testdata/fuzz/FuzzParseNote holds the objects of the GoToSocial replies
// and poll vote, and a Note of ours.
func FuzzParseNote(f *testing.F) {
	f.Add([]byte(`{"id":"https://a.example/n/1","type":"Note","attributedTo":"https://a.example/u","tag":{"type":"Mention","href":"https://b.example/g"}}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		n, err := federation.ParseNote(raw)
		if err != nil {
			require.ErrorIs(t, err, federation.ErrMalformed)
			require.Equal(t, federation.NoteIn{}, n)
			return
		}
		require.NotEmpty(t, n.ID)
		require.NotEmpty(t, n.Type)
		require.NotEmpty(t, n.AttributedTo)
		for _, m := range n.Mentions {
			require.NotEmpty(t, m.Href)
		}
	})
}
