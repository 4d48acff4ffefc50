package wire

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/gather-coop/gather/federation/jsonvalue"
)

// Hashtag is a tag on one of our objects: Mastodon shows it and links it
// to its own tag timeline; Mobilizon keeps it as the event's tag.
type Hashtag struct {
	// Name is the tag without or with its leading "#"; it is written
	// with one. It may not contain white space.
	Name string
	// Href is the page of the tag on our server.
	Href string
}

// Mention names an actor in a Note or an Event. Without the Mention tag
// Mastodon neither notifies the person nor shows the post as addressed to
// them.
type Mention struct {
	// Href is the actor's IRI.
	Href string
	// Name is the handle, "@user@host".
	Name string
	// ProfileURL is the actor's profile page, which the mention link in a
	// Note's content points at (as Mastodon writes it); Href when "".
	// ParseNote leaves it empty.
	ProfileURL string
}

// TagDoc is the wire form of a Hashtag or a Mention.
type TagDoc struct {
	Type string `json:"type"`
	Href string `json:"href"`
	Name string `json:"name"`
}

// TagDocs checks hashtags and mentions and returns them in the order
// Mastodon writes them: mentions first, then hashtags. The result is never
// nil, so "tag" is always a list.
func TagDocs(hashtags []Hashtag, mentions []Mention) ([]TagDoc, error) {
	docs := make([]TagDoc, 0, len(hashtags)+len(mentions))
	for _, m := range mentions {
		if err := m.Validate(); err != nil {
			return nil, err
		}
		docs = append(docs, TagDoc{Type: "Mention", Href: m.Href, Name: m.handle()})
	}
	for _, h := range hashtags {
		name := strings.TrimPrefix(h.Name, "#")
		switch {
		case name == "" || strings.ContainsFunc(name, isSpace):
			return nil, fmt.Errorf("hashtag %q: name is empty or contains white space", h.Name)
		case !jsonvalue.IsHTTPURL(h.Href):
			return nil, fmt.Errorf("hashtag %q: href %q is not an absolute http(s) URL", h.Name, h.Href)
		}
		docs = append(docs, TagDoc{Type: "Hashtag", Href: h.Href, Name: "#" + name})
	}
	return docs, nil
}

func (m Mention) Validate() error {
	user, host := m.parts()
	switch {
	case !jsonvalue.IsHTTPURL(m.Href):
		return fmt.Errorf("mention %q: href %q is not an absolute http(s) URL", m.Name, m.Href)
	case user == "" || host == "":
		return fmt.Errorf("mention of %s: name %q is not a handle like @user@host", m.Href, m.Name)
	case m.ProfileURL != "" && !jsonvalue.IsHTTPURL(m.ProfileURL):
		return fmt.Errorf("mention %q: profile URL %q is not an absolute http(s) URL", m.Name, m.ProfileURL)
	}
	return nil
}

// parts splits the handle "@user@host" (the first "@" is optional).
func (m Mention) parts() (user, host string) {
	user, host, ok := strings.Cut(strings.TrimPrefix(m.Name, "@"), "@")
	if !ok || strings.ContainsFunc(user, isSpace) || strings.ContainsFunc(host, isSpace) || strings.Contains(host, "@") {
		return "", ""
	}
	return user, host
}

// handle returns the name with its leading "@".
func (m Mention) handle() string {
	return "@" + strings.TrimPrefix(m.Name, "@")
}

// HTML returns the mention as Mastodon writes it in a post (at its start,
// or crediting someone in an event's description):
// an h-card link to the profile showing "@user".
func (m Mention) HTML() string {
	user, _ := m.parts()
	href := m.ProfileURL
	if href == "" {
		href = m.Href
	}
	return `<span class="h-card"><a href="` + html.EscapeString(href) + `" class="u-url mention">@<span>` +
		html.EscapeString(user) + `</span></a></span>`
}

func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u00a0'
}

// Link is a link the caller asks to be written into a Note's or a
// Question's content. The builders write no other links but mentions.
type Link struct {
	// Href is the address, an absolute http(s) URL.
	Href string
	// Text is the link's plain text; Href when "".
	Text string
}

// ContentHTML builds content from parts, escaping all text: the mentions'
// h-cards, then text (plain; a blank line starts a new paragraph, a single
// line break becomes <br>), then link in the last paragraph. It returns ""
// when there is nothing to write.
func ContentHTML(mentions []Mention, text string, link *Link) (string, error) {
	var paras []string
	for p := range strings.SplitSeq(strings.ReplaceAll(strings.TrimSpace(text), "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			paras = append(paras, strings.ReplaceAll(html.EscapeString(p), "\n", "<br>"))
		}
	}
	if len(mentions) > 0 {
		cards := make([]string, len(mentions))
		for i, m := range mentions {
			cards[i] = m.HTML()
		}
		lead := strings.Join(cards, " ")
		if len(paras) == 0 {
			paras = []string{lead}
		} else {
			paras[0] = lead + " " + paras[0]
		}
	}
	if link != nil {
		if !jsonvalue.IsHTTPURL(link.Href) {
			return "", fmt.Errorf("link href %q is not an absolute http(s) URL", link.Href)
		}
		a := LinkHTML(link.Href, link.Text)
		if len(paras) == 0 {
			paras = []string{a}
		} else {
			paras[len(paras)-1] += " " + a
		}
	}
	if len(paras) == 0 {
		return "", nil
	}
	return "<p>" + strings.Join(paras, "</p><p>") + "</p>", nil
}

// LinkHTML is an escaped link to href showing text, or href itself when
// text is "".
func LinkHTML(href, text string) string {
	if text == "" {
		text = href
	}
	return `<a href="` + html.EscapeString(href) + `">` + html.EscapeString(text) + `</a>`
}

// Coordinate is a latitude or longitude. It always encodes with a decimal
// point (51 as 51.0): Mobilizon drops coordinates that arrive as JSON
// integers.
type Coordinate float64

// MarshalJSON writes the shortest decimal form that reads back as the same
// float64, with ".0" added to whole numbers.
func (c Coordinate) MarshalJSON() ([]byte, error) {
	f := float64(c)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, fmt.Errorf("coordinate %v is not a number", f)
	}
	b := strconv.AppendFloat(nil, f, 'f', -1, 64)
	if !strings.ContainsRune(string(b), '.') {
		b = append(b, ".0"...)
	}
	return b, nil
}

// UTCTime formats t as RFC 3339 in UTC to the second: how published and
// updated are written.
func UTCTime(t time.Time) string {
	return t.UTC().Truncate(time.Second).Format(time.RFC3339)
}

// PreciseUTCTime formats t as RFC 3339 in UTC to the millisecond: how a
// Note's published and updated are written. A confirmation can follow the
// reply it answers within the same second; cut to the second it would
// read as written before it.
func PreciseUTCTime(t time.Time) string {
	return t.UTC().Truncate(time.Millisecond).Format("2006-01-02T15:04:05.000Z07:00")
}

// CheckPublished checks the pair of times every object of ours carries:
// published set, and updated (when set) not before it, as GoToSocial
// requires.
func CheckPublished(published, updated time.Time) error {
	switch {
	case published.IsZero():
		return fmt.Errorf("published is not set: send the moment of publication, the same for ever")
	case !updated.IsZero() && updated.Truncate(time.Second).Before(published.Truncate(time.Second)):
		return fmt.Errorf("updated %s is before published %s", UTCTime(updated), UTCTime(published))
	}
	return nil
}

// EditedTime is the "updated" of an object published at published: ""
// unless it was really edited, to the second, after its publication.
// GoToSocial takes any "updated" as an edit and shows "(edited)" from the
// first moment, so an object as first published carries none.
func EditedTime(published, updated time.Time) string {
	if !updated.Truncate(time.Second).After(published.Truncate(time.Second)) {
		return ""
	}
	return UTCTime(updated)
}

// OptionalUTCTime formats t as utcTime does, or "" for the zero time.
func OptionalUTCTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return UTCTime(t)
}
