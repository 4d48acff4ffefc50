package federation_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/go-fed/activity/streams/vocab"
	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation"
)

const aliceReply = "https://gts.test/users/alice/statuses/01M865JRKV6JHF738G429HHJ5D"

// confirmation is the direct message that confirms Alice's RSVP by reply:
// the Mention and no other link.
func confirmation() federation.Note {
	return federation.Note{
		ID:           "https://coop.example/notes/41",
		AttributedTo: us,
		URL:          "https://coop.example/@events/notes/41",
		InReplyTo:    aliceReply,
		Audience:     federation.Audience{To: []string{alice}},
		Mentions:     []federation.Mention{aliceMention},
		Text:         "You're going to “Workshop: keeping a worker co-op's books”, Sun 28 Mar 2027, 10:00 BST, Room 2. Reply \"not going\" if plans change.",
		Published:    time.Date(2027, 2, 1, 8, 15, 30, 250, time.UTC),
	}
}

// announcement tells followers that a session moved, linking it.
func announcement() federation.Note {
	return federation.Note{
		ID:           "https://coop.example/notes/42",
		AttributedTo: us,
		Audience:     federation.Audience{To: []string{federation.Public}, CC: []string{usFol}},
		Text:         "Change of room: the books workshop moves to Room 3 & starts at 10:15.\n\nSame day, same people.",
		Link:         &federation.Link{Href: "https://coop.example/g/spring-gathering/s/5", Text: "Workshop: keeping a worker co-op's books"},
		Published:    time.Date(2027, 3, 20, 17, 0, 0, 0, time.FixedZone("CET", 3600)),
	}
}

func TestNoteJSONGolden(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		note   federation.Note
		golden string
	}{
		{"direct confirmation", confirmation(), "note-confirmation.json"},
		{"announcement to followers", announcement(), "note-announcement.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := federation.NoteJSON(tt.note)
			require.NoError(t, err)
			requireGolden(t, tt.golden, got)
			requireDeclaredTerms(t, got)

			viaMarshal, err := json.Marshal(tt.note)
			require.NoError(t, err)
			require.JSONEq(t, string(got), string(viaMarshal))

			typed, ok := goFedType(t, got).(vocab.ActivityStreamsNote)
			require.True(t, ok, "go-fed should resolve a Note")
			require.Equal(t, tt.note.ID, typed.GetJSONLDId().Get().String())

			parsed, err := federation.ParseNote(got)
			require.NoError(t, err)
			require.Equal(t, tt.note.ID, parsed.ID)
			require.Equal(t, "Note", parsed.Type)
			require.Equal(t, tt.note.AttributedTo, parsed.AttributedTo)
			require.Equal(t, tt.note.InReplyTo, parsed.InReplyTo)
			require.Equal(t, nonNilStrings(tt.note.Audience.To), nonNilStrings(parsed.To))
			require.Equal(t, nonNilStrings(tt.note.Audience.CC), nonNilStrings(parsed.CC))
			require.True(t, tt.note.Published.Truncate(time.Second).Equal(parsed.Published))
			require.Len(t, parsed.Mentions, len(tt.note.Mentions))

			create, err := federation.Create(tt.note.ID+"/create", us, got, tt.note.Audience)
			require.NoError(t, err)
			goFedType(t, create)
			act, err := federation.DecodeActivity(create)
			require.NoError(t, err)
			require.Equal(t, tt.note.Audience.To, act.To)
			again, err := federation.ParseNote(act.Object.Raw)
			require.NoError(t, err)
			require.Equal(t, parsed, again)
		})
	}
}

func TestNoteContent(t *testing.T) {
	t.Parallel()
	doc, err := federation.NoteJSON(confirmation())
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(doc, &m))
	require.Equal(t, `<p><span class="h-card"><a href="https://gts.test/@alice" class="u-url mention">@<span>alice</span></a></span> `+
		`You&#39;re going to “Workshop: keeping a worker co-op&#39;s books”, Sun 28 Mar 2027, 10:00 BST, Room 2. `+
		`Reply &#34;not going&#34; if plans change.</p>`, m["content"])
	require.Equal(t, []any{map[string]any{"type": "Mention", "href": alice, "name": "@alice@gts.test"}}, m["tag"])
	require.Equal(t, []any{alice}, m["to"])
	require.Equal(t, []any{}, m["cc"])
	require.Equal(t, "2027-02-01T08:15:30.000Z", m["published"], "to the millisecond, as Mastodon writes it")

	// Within a second of the reply it answers, a confirmation still reads
	// as written after it.
	quick := confirmation()
	quick.Published = time.Date(2027, 2, 1, 8, 15, 30, 987654321, time.UTC)
	doc, err = federation.NoteJSON(quick)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(doc, &m))
	require.Equal(t, "2027-02-01T08:15:30.987Z", m["published"])
	reply, err := time.Parse(time.RFC3339, "2027-02-01T08:15:30.5Z")
	require.NoError(t, err)
	written, err := time.Parse(time.RFC3339, m["published"].(string))
	require.NoError(t, err)
	require.False(t, written.Before(reply))

	doc, err = federation.NoteJSON(announcement())
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(doc, &m))
	require.Equal(t, `<p>Change of room: the books workshop moves to Room 3 &amp; starts at 10:15.</p>`+
		`<p>Same day, same people. <a href="https://coop.example/g/spring-gathering/s/5">Workshop: keeping a worker co-op&#39;s books</a></p>`,
		m["content"])
	require.Equal(t, []any{}, m["tag"])
	require.Equal(t, "2027-03-20T16:00:00.000Z", m["published"])

	// Text that looks like markup stays text; no link appears unasked.
	n := confirmation()
	n.Text = `<a href="https://spam.example">win</a> <script>x</script>` + "\nline two"
	n.Mentions[0].ProfileURL = ""
	doc, err = federation.NoteJSON(n)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(doc, &m))
	require.Equal(t, `<p><span class="h-card"><a href="`+alice+`" class="u-url mention">@<span>alice</span></a></span> `+
		`&lt;a href=&#34;https://spam.example&#34;&gt;win&lt;/a&gt; &lt;script&gt;x&lt;/script&gt;<br>line two</p>`, m["content"])

	// A mention alone is content enough.
	n.Text = ""
	doc, err = federation.NoteJSON(n)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(doc, &m))
	require.Equal(t, `<p><span class="h-card"><a href="`+alice+`" class="u-url mention">@<span>alice</span></a></span></p>`, m["content"])
}

func TestNoteJSONRefusesBadNotes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(*federation.Note)
		want   string
	}{
		{"no id", func(n *federation.Note) { n.ID = "" }, `id ""`},
		{"no author", func(n *federation.Note) { n.AttributedTo = "events" }, "attributedTo"},
		{"relative inReplyTo", func(n *federation.Note) { n.InReplyTo = "/statuses/1" }, "inReplyTo"},
		{"zero published", func(n *federation.Note) { n.Published = time.Time{} }, "published is not set"},
		{"updated before published", func(n *federation.Note) { n.Updated = n.Published.Add(-time.Minute) }, "before published"},
		{"nobody addressed", func(n *federation.Note) { n.Audience = federation.Audience{} }, "no addressee"},
		{"mention not addressed", func(n *federation.Note) { n.Audience.To = []string{"https://coop-b.example/actors/bob"} }, "in neither to nor cc"},
		{"bad addressee", func(n *federation.Note) { n.Audience.CC = []string{"followers"} }, `addressee "followers"`},
		{"nothing to say", func(n *federation.Note) { n.Mentions, n.Text, n.Audience.To = nil, " \n ", []string{alice} }, "missing content"},
		{"bad link", func(n *federation.Note) { n.Link = &federation.Link{Href: "javascript:alert(1)"} }, "link href"},
		{"bad mention", func(n *federation.Note) { n.Mentions[0].Name = "alice" }, "not a handle"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			n := confirmation()
			n.Mentions = []federation.Mention{aliceMention}
			tt.change(&n)
			_, err := federation.NoteJSON(n)
			require.ErrorContains(t, err, tt.want)
			require.ErrorContains(t, err, "encode note")
		})
	}
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
