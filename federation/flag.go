package federation

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/gather-coop/gather/federation/jsonvalue"
)

// Flag is a report of abuse, as Mastodon's moderators send it: the
// reporting instance's actor flags an account and, optionally, some of its
// posts, with the reporter's comment.
type Flag struct {
	// ID and Actor are absolute http(s) URLs on the same origin.
	ID, Actor string
	// Objects are the reported accounts' and objects' ids, in the order
	// sent, duplicates removed; at least one, at most MaxFlagObjects.
	Objects []string
	// Content is the comment as sent: plain text from Mastodon, which is
	// never rendered as HTML. At most MaxFlagComment bytes.
	Content string
}

// MaxFlagObjects and MaxFlagComment bound what one report may make us
// store. Mastodon lets a moderator pick a few dozen posts and write 1,000
// characters; a report beyond these is cut, not refused, since it is still
// a report.
const (
	MaxFlagObjects = 100
	MaxFlagComment = 8000
)

// ParseFlag reads a Flag activity. It wraps ErrMalformed when body is not a
// Flag or names no http(s) object, and ErrForeignID when the Flag's id is
// not on its actor's origin (anyone could otherwise pre-empt a report's id).
// Objects may be bare ids or embedded objects with ids; others are skipped.
func ParseFlag(body []byte) (*Flag, error) {
	act, err := DecodeActivity(body)
	if err != nil {
		return nil, err
	}
	if act.Type != "Flag" {
		return nil, fmt.Errorf("%w: a %s is not a Flag", ErrMalformed, act.Type)
	}
	if !SameOrigin(act.ID, act.Actor) {
		return nil, fmt.Errorf("flag %s by %s: %w", act.ID, act.Actor, ErrForeignID)
	}
	f := &Flag{ID: act.ID, Actor: act.Actor}
	seen := map[string]bool{}
	for _, o := range act.Objects {
		if len(f.Objects) == MaxFlagObjects {
			break
		}
		if !jsonvalue.IsHTTPURL(o.ID) || seen[o.ID] {
			continue
		}
		seen[o.ID] = true
		f.Objects = append(f.Objects, o.ID)
	}
	if len(f.Objects) == 0 {
		return nil, fmt.Errorf("%w: flag %s names no object", ErrMalformed, act.ID)
	}
	o, err := jsonvalue.Decode(act.Raw)
	if err != nil {
		return nil, err
	}
	f.Content = cutUTF8(o.Str("content"), MaxFlagComment)
	return f, nil
}

// cutUTF8 shortens s to at most n bytes without splitting a character, and
// drops invalid UTF-8 and NUL bytes, which PostgreSQL's text refuses.
func cutUTF8(s string, n int) string {
	if !utf8.ValidString(s) {
		s = string([]rune(s))
	}
	s = strings.ReplaceAll(s, "\x00", "")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
