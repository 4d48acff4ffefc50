package federation

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/gather-coop/gather/federation/jsonvalue"
)

// NoteIn is what Gather reads of a post another server sends: a reply to
// one of our events (an RSVP by reply), a vote in one of our polls (a Note
// with a name and no content), or an edit of either.
type NoteIn struct {
	// ID is the post's IRI and Type its type ("Note" mostly; Mastodon and
	// others may send "Article" or "Question" too).
	ID, Type string
	// AttributedTo is the author's IRI.
	AttributedTo string
	// InReplyTo is the IRI of the post it answers (our Event or Question),
	// "" for none; an embedded object counts by its id.
	InReplyTo string
	// ContentHTML is the content as sent, HTML and not sanitised:
	// "content", else the first value of "contentMap". "" for a poll vote.
	ContentHTML string
	// Name is the chosen option's name in a poll vote ("name", else the
	// first value of "nameMap").
	Name string
	// URL is the post's HTML page, "" if none.
	URL string
	// To and CC are the addressees' IRIs; a lone string arrives as a
	// one-element list.
	To, CC []string
	// Mentions are the Mention tags, in order (Href and Name; a tag may be
	// a single object rather than a list).
	Mentions []Mention
	// Hashtags are the names of the Hashtag tags, as sent ("#coop" from
	// Mastodon; some servers leave out the #).
	Hashtags []string
	// Published and Updated are the zero time when absent or not RFC 3339.
	Published, Updated time.Time
}

// ParseNote reads a post as it arrives embedded in a Create or Update (or
// fetched). It accepts a value or a list for every property and an IRI or
// an embedded object wherever an object is expected. It requires "id" and
// "attributedTo" to be absolute http(s) URLs and "type" to be a non-empty
// string; its errors wrap ErrMalformed.
func ParseNote(raw json.RawMessage) (NoteIn, error) {
	o, err := jsonvalue.Decode(raw)
	if err != nil {
		return NoteIn{}, fmt.Errorf("parse note: %w", err)
	}
	n := NoteIn{
		ID:           o.Str("id"),
		Type:         jsonvalue.FirstString(o["type"]),
		AttributedTo: jsonvalue.RefID(o["attributedTo"]),
		InReplyTo:    jsonvalue.RefID(o["inReplyTo"]),
		ContentHTML:  o.Str("content"),
		Name:         o.Str("name"),
		URL:          jsonvalue.LinkHref(o["url"]),
		To:           jsonvalue.RefIDs(o["to"]),
		CC:           jsonvalue.RefIDs(o["cc"]),
		Mentions:     mentions(o["tag"]),
		Hashtags:     hashtags(o["tag"]),
		Published:    jsonvalue.Time(o["published"]),
		Updated:      jsonvalue.Time(o["updated"]),
	}
	switch {
	case n.Type == "":
		return NoteIn{}, fmt.Errorf("parse note: %w: missing type", ErrMalformed)
	case !jsonvalue.IsHTTPURL(n.ID):
		return NoteIn{}, fmt.Errorf("parse %s: %w: id %q is not an absolute http(s) URL", n.Type, ErrMalformed, n.ID)
	case !jsonvalue.IsHTTPURL(n.AttributedTo):
		return NoteIn{}, fmt.Errorf("parse %s %s: %w: attributedTo %q is not an absolute http(s) URL", n.Type, n.ID, ErrMalformed, n.AttributedTo)
	}
	if n.ContentHTML == "" {
		n.ContentHTML = jsonvalue.FirstMapString(o["contentMap"])
	}
	if n.Name == "" {
		n.Name = jsonvalue.FirstMapString(o["nameMap"])
	}
	return n, nil
}

// hashtags reads the names of the Hashtag tags of a tag value.
func hashtags(raw json.RawMessage) []string {
	var out []string
	for _, e := range jsonvalue.Elements(raw) {
		var t jsonvalue.Object
		if jsonvalue.Kind(e) != '{' || json.Unmarshal(e, &t) != nil || jsonvalue.FirstString(t["type"]) != "Hashtag" {
			continue
		}
		if name := t.Str("name"); name != "" {
			out = append(out, name)
		}
	}
	return out
}

// mentions reads the Mention tags of a tag value (an object or a list),
// skipping other tags and mentions without an href.
func mentions(raw json.RawMessage) []Mention {
	var out []Mention
	for _, e := range jsonvalue.Elements(raw) {
		if jsonvalue.Kind(e) != '{' {
			continue
		}
		var t jsonvalue.Object
		if json.Unmarshal(e, &t) != nil || jsonvalue.FirstString(t["type"]) != "Mention" {
			continue
		}
		if href := t.Str("href"); href != "" {
			out = append(out, Mention{Href: href, Name: t.Str("name")})
		}
	}
	return out
}
