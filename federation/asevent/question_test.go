package asevent_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/go-fed/activity/streams/vocab"
	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/asevent"
)

func TestQuestionJSONGolden(t *testing.T) {
	t.Parallel()
	q := rsvpPoll(t)
	got, err := asevent.QuestionJSON(q)
	require.NoError(t, err)
	requireGolden(t, "question-rsvp.json", got)
	requireDeclaredTerms(t, got)

	viaMarshal, err := json.Marshal(q)
	require.NoError(t, err)
	require.JSONEq(t, string(got), string(viaMarshal))

	typed, ok := goFedType(t, got).(vocab.ActivityStreamsQuestion)
	require.True(t, ok, "go-fed should resolve a Question")
	oneOf := typed.GetActivityStreamsOneOf()
	require.Equal(t, 3, oneOf.Len())
	for i, want := range []string{asevent.PollGoing, asevent.PollMaybe, asevent.PollCantGo} {
		note := oneOf.At(i).GetActivityStreamsNote()
		require.NotNil(t, note)
		require.Equal(t, want, note.GetActivityStreamsName().At(0).GetXMLSchemaString())
		require.Equal(t, q.Options[i].Votes, note.GetActivityStreamsReplies().GetActivityStreamsCollection().GetActivityStreamsTotalItems().Get())
	}
	require.Equal(t, 16, typed.GetTootVotersCount().Get())
	require.True(t, q.EndTime.Equal(typed.GetActivityStreamsEndTime().Get()))

	// Mastodon's poll parser reads these keys as plain JSON.
	var m struct {
		Type  string `json:"type"`
		OneOf []struct {
			Name    string `json:"name"`
			Replies struct {
				TotalItems int `json:"totalItems"`
			} `json:"replies"`
		} `json:"oneOf"`
		AnyOf       any    `json:"anyOf"`
		Closed      any    `json:"closed"`
		EndTime     string `json:"endTime"`
		VotersCount int    `json:"votersCount"`
	}
	require.NoError(t, json.Unmarshal(got, &m))
	require.Equal(t, "Question", m.Type)
	require.Nil(t, m.AnyOf, "anyOf would make Mastodon offer several choices")
	require.Nil(t, m.Closed, "an open poll has no closed")
	require.Equal(t, "2027-03-27T10:00:00Z", m.EndTime)
	require.Equal(t, 16, m.VotersCount)
	require.Equal(t, "Can't go", m.OneOf[2].Name)
	require.Equal(t, 1, m.OneOf[2].Replies.TotalItems)

	parsed, err := federation.ParseNote(got)
	require.NoError(t, err)
	require.Equal(t, "Question", parsed.Type)
	require.Contains(t, parsed.ContentHTML, `<a href="`+q.URL+`">Tech co-op network gathering</a>`)

	create, err := federation.Create(q.ID+"/create", us, got, federation.Audience{To: []string{federation.Public}, CC: []string{usFol}})
	require.NoError(t, err)
	goFedType(t, create)
	update, err := federation.Update(q.ID+"/update/1", us, got, federation.Audience{To: []string{federation.Public}, CC: []string{usFol}})
	require.NoError(t, err)
	act, err := federation.DecodeActivity(update)
	require.NoError(t, err)
	require.Equal(t, "Question", act.Object.Type)
}

func TestQuestionClosed(t *testing.T) {
	t.Parallel()
	q := rsvpPoll(t)
	q.Closed = time.Date(2027, 3, 1, 12, 0, 0, 0, time.UTC)
	got, err := asevent.QuestionJSON(q)
	require.NoError(t, err)
	require.Contains(t, string(got), `"endTime":"2027-03-27T10:00:00Z","closed":"2027-03-01T12:00:00Z","votersCount":16`)
	goFedType(t, got)
}

func TestQuestionJSONRefusesBadPolls(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(*asevent.Question)
		want   string
	}{
		{"no id", func(q *asevent.Question) { q.ID = "" }, `id ""`},
		{"no author", func(q *asevent.Question) { q.AttributedTo = "" }, "attributedTo"},
		{"no end", func(q *asevent.Question) { q.EndTime = time.Time{} }, "missing endTime"},
		{"zero published", func(q *asevent.Question) { q.Published = time.Time{} }, "published is not set"},
		{"updated before published", func(q *asevent.Question) { q.Updated = q.Published.Add(-time.Hour) }, "before published"},
		{"one option", func(q *asevent.Question) { q.Options = q.Options[:1] }, "at least two options"},
		{"same option twice", func(q *asevent.Question) { q.Options[1].Name = asevent.PollGoing }, "given twice"},
		{"unnamed option", func(q *asevent.Question) { q.Options[1].Name = "" }, "without a name"},
		{"negative votes", func(q *asevent.Question) { q.Options[0].Votes = -1 }, "negative vote count"},
		{"no content", func(q *asevent.Question) { q.Text, q.Link = "", nil }, "missing content"},
		{"relative context", func(q *asevent.Question) { q.Context = "events/2" }, "context"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			q := rsvpPoll(t)
			tt.change(&q)
			_, err := asevent.QuestionJSON(q)
			require.ErrorContains(t, err, tt.want)
			require.ErrorContains(t, err, "encode question")
		})
	}
}

// TestQuestionCarriesASessionsPost: a session's poll, being its only post,
// carries the description after the question and tags the facilitators
// and the track as a Note would.
func TestQuestionCarriesASessionsPost(t *testing.T) {
	t.Parallel()
	q := rsvpPoll(t)
	q.DescriptionHTML = `<p>Bring your books.</p>`
	q.Mentions = []federation.Mention{{Href: "https://social.example/users/bob", Name: "@bob@social.example"}}
	q.Hashtags = []federation.Hashtag{{Name: "Money", Href: "https://coop.example/tags/money"}}
	got, err := asevent.QuestionJSON(q)
	require.NoError(t, err)
	var doc struct {
		Content string `json:"content"`
		Tag     []struct{ Type, Href, Name string }
	}
	require.NoError(t, json.Unmarshal(got, &doc))
	require.True(t, strings.HasSuffix(doc.Content, "</a></p><p>Bring your books.</p>"), doc.Content)
	require.Len(t, doc.Tag, 2)
	require.Equal(t, "Mention", doc.Tag[0].Type)
	require.Equal(t, "#Money", doc.Tag[1].Name)
	goFedType(t, got)

	q.Mentions[0].Href = "not a url"
	_, err = asevent.QuestionJSON(q)
	require.Error(t, err)
}
