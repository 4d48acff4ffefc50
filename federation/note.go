package federation

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/gather-coop/gather/federation/internal/wire"
	"github.com/gather-coop/gather/federation/jsonvalue"
)

// Note is a short post of ours: an announcement to followers ("The
// gathering moved to Room 3", linking the Event), or a direct message to
// one person (the confirmation of an RSVP). See [NoteJSON].
//
// Its content is built from parts and every part is escaped: the
// mentions' links first, then Text, then Link. The builder writes no link
// the caller did not ask for, so a confirmation to someone who does not
// follow us can carry the Mention alone and pass GoToSocial's spam filter,
// which drops such posts when they hold any other link.
type Note struct {
	// ID is the Note's IRI. Required.
	ID string
	// AttributedTo is the co-op actor that writes it. Required.
	AttributedTo string
	// URL is the Note's HTML page; "" for none. It is not written into
	// the content.
	URL string
	// InReplyTo is the IRI of the post this answers (the person's RSVP
	// reply); "" for none.
	InReplyTo string
	// Audience addresses the Note. A direct message is To the person,
	// with CC empty; an announcement is To Public (or the followers)
	// with the followers in CC. At least one addressee is required, and
	// every mentioned actor must be among them.
	Audience Audience
	// Mentions are tagged and written, in order, as h-card links at the
	// start of the content. A direct message needs its recipient's
	// Mention: without it Mastodon shows no notification.
	Mentions []Mention
	// Text is the message in plain text. A blank line starts a new
	// paragraph; a single line break becomes <br>.
	Text string
	// Link, when set, ends the last paragraph; nil for none.
	Link *Link
	// Published is required and never changes; Updated is the zero time
	// or not before Published, and is written only when after it.
	Published, Updated time.Time
}

// MarshalJSON encodes the note as [NoteJSON] does.
func (n Note) MarshalJSON() ([]byte, error) {
	return NoteJSON(n)
}

// NoteJSON encodes a Note as Mastodon writes a post: content as HTML
// starting with the mentions' h-card links, to and cc and tag always
// arrays, published and updated in UTC to the millisecond (as Mastodon
// writes them), so that a reply of ours never reads as older than the
// post it answers. It fails when a
// required field is missing, when the content would be empty, or when a
// mentioned actor is not addressed.
func NoteJSON(n Note) ([]byte, error) {
	doc, err := n.doc()
	if err != nil {
		return nil, fmt.Errorf("encode note %s: %w", n.ID, err)
	}
	b, err := wire.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("encode note %s: %w", n.ID, err)
	}
	return b, nil
}

func (n Note) doc() (*noteDoc, error) {
	if err := n.validate(); err != nil {
		return nil, err
	}
	tags, err := wire.TagDocs(nil, n.Mentions)
	if err != nil {
		return nil, err
	}
	content, err := wire.ContentHTML(n.Mentions, n.Text, n.Link)
	if err != nil {
		return nil, err
	}
	if content == "" {
		return nil, fmt.Errorf("missing content: give Text, a Link or a Mention")
	}
	return &noteDoc{
		Context:      Context(),
		ID:           n.ID,
		Type:         "Note",
		AttributedTo: n.AttributedTo,
		InReplyTo:    n.InReplyTo,
		Content:      content,
		URL:          n.URL,
		To:           wire.NonNil(n.Audience.To),
		CC:           wire.NonNil(n.Audience.CC),
		Tag:          tags,
		Published:    wire.PreciseUTCTime(n.Published),
		Updated:      editedPreciseTime(n.Published, n.Updated),
	}, nil
}

// editedPreciseTime is editedTime written to the millisecond, for Notes:
// an edit still shows only once it is a second or more later.
func editedPreciseTime(published, updated time.Time) string {
	if wire.EditedTime(published, updated) == "" {
		return ""
	}
	return wire.PreciseUTCTime(updated)
}

func (n Note) validate() error {
	urls := []struct{ name, value string }{
		{"id", n.ID},
		{"attributedTo", n.AttributedTo},
		{"url", n.URL},
		{"inReplyTo", n.InReplyTo},
	}
	for i, u := range urls {
		required := i < 2
		if (required || u.value != "") && !jsonvalue.IsHTTPURL(u.value) {
			return fmt.Errorf("%s %q is not an absolute http(s) URL", u.name, u.value)
		}
	}
	if err := wire.CheckPublished(n.Published, n.Updated); err != nil {
		return err
	}
	return checkAudience(n.Audience, n.Mentions)
}

// checkAudience requires someone to address, each addressee to be an IRI
// (or Public), and every mentioned actor to be addressed: a Mention that
// is not delivered reaches no one.
func checkAudience(aud Audience, mentions []Mention) error {
	all := slices.Concat(aud.To, aud.CC)
	if len(all) == 0 {
		return fmt.Errorf("no addressee: to and cc are both empty")
	}
	for _, a := range all {
		if !IsPublic(a) && !jsonvalue.IsHTTPURL(a) {
			return fmt.Errorf("addressee %q is not an absolute http(s) URL", a)
		}
	}
	for _, m := range mentions {
		if !slices.Contains(all, m.Href) {
			return fmt.Errorf("mentioned actor %s is in neither to nor cc", m.Href)
		}
	}
	return nil
}

// noteDoc is the wire form of Note; field order is the output order.
type noteDoc struct {
	Context      json.RawMessage `json:"@context"`
	ID           string          `json:"id"`
	Type         string          `json:"type"`
	AttributedTo string          `json:"attributedTo"`
	InReplyTo    string          `json:"inReplyTo,omitempty"`
	Content      string          `json:"content"`
	URL          string          `json:"url,omitempty"`
	To           []string        `json:"to"`
	CC           []string        `json:"cc"`
	Tag          []wire.TagDoc   `json:"tag"`
	Published    string          `json:"published"`
	Updated      string          `json:"updated,omitempty"`
}
