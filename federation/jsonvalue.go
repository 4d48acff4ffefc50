package federation

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"time"
)

// ErrMalformed is wrapped by every error that reports a document Gather
// cannot use: not JSON, not an object, or missing or mistyped required
// properties. An inbox answers 400 for it.
var ErrMalformed = errors.New("malformed ActivityStreams document")

// jsonObject is a decoded JSON object whose values are left raw. Keys match
// exactly, unlike encoding/json's case-insensitive struct fields, so
// "Actor" is never read as "actor".
type jsonObject map[string]json.RawMessage

// decodeObject decodes raw, which must be a JSON object.
func decodeObject(raw []byte) (jsonObject, error) {
	if jsonKind(raw) != '{' {
		return nil, fmt.Errorf("%w: not a JSON object", ErrMalformed)
	}
	var o jsonObject
	if err := json.Unmarshal(raw, &o); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	return o, nil
}

// jsonKind returns the first byte of a JSON value after white space:
// '{', '[', '"', 'n' (null), and so on; 0 for no value at all.
func jsonKind(raw []byte) byte {
	raw = bytes.TrimLeft(raw, " \t\r\n")
	if len(raw) == 0 {
		return 0
	}
	return raw[0]
}

// elements returns the elements of a JSON array, or raw itself as the only
// element of a value that is not an array. Absent and null give none.
func elements(raw json.RawMessage) []json.RawMessage {
	switch jsonKind(raw) {
	case 0, 'n':
		return nil
	case '[':
		var list []json.RawMessage
		if json.Unmarshal(raw, &list) != nil {
			return nil
		}
		return list
	}
	return []json.RawMessage{raw}
}

// str returns the string at key, or "" if it is absent or not a string.
func (o jsonObject) str(key string) string {
	return asString(o[key])
}

func asString(raw json.RawMessage) string {
	if jsonKind(raw) != '"' {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return ""
	}
	return s
}

// firstString returns the first string of a value that is a string or a
// list: JSON-LD allows a list wherever one value is expected.
func firstString(raw json.RawMessage) string {
	for _, e := range elements(raw) {
		if s := asString(e); s != "" {
			return s
		}
	}
	return ""
}

// refID returns the IRI a value refers to: the value itself when it is a
// string, the "id" of an object, and for a list the first element that
// yields one.
func refID(raw json.RawMessage) string {
	for _, e := range elements(raw) {
		switch jsonKind(e) {
		case '"':
			if s := asString(e); s != "" {
				return s
			}
		case '{':
			var o jsonObject
			if json.Unmarshal(e, &o) == nil {
				if s := o.str("id"); s != "" {
					return s
				}
			}
		}
	}
	return ""
}

// refIDs returns the IRIs of a string, an object with an id, or a list of
// those, skipping elements that name nothing.
func refIDs(raw json.RawMessage) []string {
	var out []string
	for _, e := range elements(raw) {
		if id := refID(e); id != "" {
			out = append(out, id)
		}
	}
	return out
}

// linkHref returns the address a url-like value points at: a string, a
// Link object's "href", or an object's own "url" (as an Image has); in a
// list the first text/html link wins, else the first usable element.
func linkHref(raw json.RawMessage) string { return linkHrefDepth(raw, maxLinkDepth) }

// maxLinkDepth is how many objects deep linkHref looks: an icon's Image
// whose url is a Link is two. Each level decodes what is below it again,
// so without a bound a document of nested {"url": {"url": …}} costs time
// in the square of its size (80 kB took 13 s).
const maxLinkDepth = 3

func linkHrefDepth(raw json.RawMessage, depth int) string {
	if depth == 0 {
		return ""
	}
	first := ""
	for _, e := range elements(raw) {
		href, mediaType := "", ""
		switch jsonKind(e) {
		case '"':
			href = asString(e)
		case '{':
			var o jsonObject
			if json.Unmarshal(e, &o) != nil {
				continue
			}
			href, mediaType = o.str("href"), o.str("mediaType")
			if href == "" {
				href = linkHrefDepth(o["url"], depth-1)
			}
		}
		if href == "" {
			continue
		}
		if mediaType == "text/html" {
			return href
		}
		if first == "" {
			first = href
		}
	}
	return first
}

// parseTime reads an RFC 3339 time string; the zero time when it is absent
// or unreadable.
func parseTime(raw json.RawMessage) time.Time {
	t, err := time.Parse(time.RFC3339, asString(raw))
	if err != nil {
		return time.Time{}
	}
	return t
}

// isHTTPURL reports whether s is an absolute http or https URL with a host.
func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil {
		return false
	}
	return (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && u.User == nil
}

// marshal encodes v as compact JSON without escaping <, > and &, which
// summaries and content are full of.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// nonNil turns a nil list into an empty one, so it encodes as [] not null.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
