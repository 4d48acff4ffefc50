package asevent

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/internal/wire"
	"github.com/gather-coop/gather/federation/jsonvalue"
)

// The RSVP poll's options, in the order [RSVPPollOptions] lists them. A
// vote arrives as a Note whose name is one of them.
const (
	PollGoing  = "Going"
	PollMaybe  = "Maybe"
	PollCantGo = "Can't go"
)

// Question is the RSVP poll Mastodon shows with a button per option: a
// single-choice ActivityStreams Question. See [QuestionJSON].
type Question struct {
	// ID is the Question's IRI. Required.
	ID string
	// AttributedTo is the co-op actor that asks. Required.
	AttributedTo string
	// URL is the poll's (or the event's) HTML page; "" for none.
	URL string
	// Followers is AttributedTo's followers collection, written in "cc";
	// "" for none. "to" is always Public.
	Followers string
	// Name is an optional plain-text title; Mastodon shows the content.
	Name string
	// Text and Link make the content, escaped as a Note's are
	// ("Coming to the spring gathering?" and a link to the event).
	// Content is required.
	Text string
	Link *federation.Link
	// DescriptionHTML, already sanitised HTML, follows Text and Link in
	// the content: a session's poll is the session's only post, so it
	// carries what the session's Event would say (its description, who
	// runs it). "" for none.
	DescriptionHTML string
	// Mentions and Hashtags are tagged as in a Note (the facilitators of
	// a session whose poll is its post, its track); the mentions are not
	// written into the content, which credits them itself.
	Mentions []federation.Mention
	Hashtags []federation.Hashtag
	// Options are the choices with their vote counts, at least two with
	// distinct names; see RSVPPollOptions.
	Options []PollOption
	// EndTime is when voting ends: the event's start. Required.
	EndTime time.Time
	// Closed is when the poll was closed early (say, the event was
	// cancelled); the zero time while it is open. Mastodon takes a
	// closed time as the poll's end.
	Closed time.Time
	// InReplyTo and Context are IRIs to thread the poll under (usually
	// none: a reply is hidden from some timelines) and to group it with
	// (the event); "" for none.
	InReplyTo, Context string
	// Published is required and never changes; Updated is the zero time
	// or not before Published, and is written only when after it.
	Published, Updated time.Time
}

// PollOption is one choice of a poll and how many have chosen it.
type PollOption struct {
	Name  string
	Votes int
}

// RSVPPollOptions returns the RSVP poll's three options, Going, Maybe and
// Can't go, with their counts.
func RSVPPollOptions(going, maybe, cantGo int) []PollOption {
	return []PollOption{{PollGoing, going}, {PollMaybe, maybe}, {PollCantGo, cantGo}}
}

// MarshalJSON encodes the question as [QuestionJSON] does.
func (q Question) MarshalJSON() ([]byte, error) {
	return QuestionJSON(q)
}

// QuestionJSON encodes a poll as Mastodon's poll parser reads one: type
// Question, the options as "oneOf" Notes each with a name and a replies
// Collection whose totalItems is its vote count, endTime, closed when set,
// and votersCount (the sum of the counts, each voter having one choice).
// Mastodon refreshes the counts when it receives an Update of the Question.
func QuestionJSON(q Question) ([]byte, error) {
	doc, err := q.doc()
	if err != nil {
		return nil, fmt.Errorf("encode question %s: %w", q.ID, err)
	}
	b, err := wire.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("encode question %s: %w", q.ID, err)
	}
	return b, nil
}

func (q Question) doc() (*questionDoc, error) {
	if err := q.validate(); err != nil {
		return nil, err
	}
	content, err := wire.ContentHTML(nil, q.Text, q.Link)
	if err != nil {
		return nil, err
	}
	content += q.DescriptionHTML
	tags, err := wire.TagDocs(q.Hashtags, q.Mentions)
	if err != nil {
		return nil, err
	}
	if content == "" {
		return nil, fmt.Errorf("missing content: give Text or a Link")
	}
	voters := 0
	options := make([]pollOptionDoc, len(q.Options))
	for i, o := range q.Options {
		votes := o.Votes
		voters += votes
		options[i] = pollOptionDoc{Type: "Note", Name: o.Name, Replies: wire.CollectionDoc{Type: "Collection", TotalItems: &votes}}
	}
	doc := &questionDoc{
		Context:      federation.Context(),
		ID:           q.ID,
		Type:         "Question",
		AttributedTo: q.AttributedTo,
		Name:         q.Name,
		Content:      content,
		OneOf:        options,
		EndTime:      wire.UTCTime(q.EndTime),
		Closed:       wire.OptionalUTCTime(q.Closed),
		VotersCount:  voters,
		InReplyTo:    q.InReplyTo,
		ContextIRI:   q.Context,
		URL:          q.URL,
		To:           []string{federation.Public},
		CC:           []string{},
		Tag:          tags,
		Published:    wire.UTCTime(q.Published),
		Updated:      wire.EditedTime(q.Published, q.Updated),
	}
	if q.Followers != "" {
		doc.CC = []string{q.Followers}
	}
	return doc, nil
}

func (q Question) validate() error {
	urls := []struct{ name, value string }{
		{"id", q.ID},
		{"attributedTo", q.AttributedTo},
		{"url", q.URL},
		{"followers", q.Followers},
		{"inReplyTo", q.InReplyTo},
		{"context", q.Context},
	}
	for i, u := range urls {
		required := i < 2
		if (required || u.value != "") && !jsonvalue.IsHTTPURL(u.value) {
			return fmt.Errorf("%s %q is not an absolute http(s) URL", u.name, u.value)
		}
	}
	if q.EndTime.IsZero() {
		return fmt.Errorf("missing endTime: a poll ends when the event starts")
	}
	if err := wire.CheckPublished(q.Published, q.Updated); err != nil {
		return err
	}
	if len(q.Options) < 2 {
		return fmt.Errorf("a poll needs at least two options, has %d", len(q.Options))
	}
	seen := make(map[string]bool, len(q.Options))
	for _, o := range q.Options {
		switch {
		case o.Name == "":
			return fmt.Errorf("poll option without a name")
		case seen[o.Name]:
			return fmt.Errorf("poll option %q given twice", o.Name)
		case o.Votes < 0:
			return fmt.Errorf("poll option %q: negative vote count %d", o.Name, o.Votes)
		}
		seen[o.Name] = true
	}
	return nil
}

// questionDoc is the wire form of Question; field order is the output
// order.
type questionDoc struct {
	Context      json.RawMessage `json:"@context"`
	ID           string          `json:"id"`
	Type         string          `json:"type"`
	AttributedTo string          `json:"attributedTo"`
	Name         string          `json:"name,omitempty"`
	Content      string          `json:"content"`
	OneOf        []pollOptionDoc `json:"oneOf"`
	EndTime      string          `json:"endTime"`
	Closed       string          `json:"closed,omitempty"`
	VotersCount  int             `json:"votersCount"`
	InReplyTo    string          `json:"inReplyTo,omitempty"`
	ContextIRI   string          `json:"context,omitempty"`
	URL          string          `json:"url,omitempty"`
	To           []string        `json:"to"`
	CC           []string        `json:"cc"`
	Tag          []wire.TagDoc   `json:"tag"`
	Published    string          `json:"published"`
	Updated      string          `json:"updated,omitempty"`
}

type pollOptionDoc struct {
	Type    string             `json:"type"`
	Name    string             `json:"name"`
	Replies wire.CollectionDoc `json:"replies"`
}
