// Package jsonvalue reads the values of ActivityStreams documents as
// servers really write them: a value or a list for every property, an IRI
// or an embedded object wherever an object is expected, language maps
// beside plain strings. Every reader is lenient (a missing or mistyped
// value reads as empty) except Decode, which refuses what is not a JSON
// object. federation and its sub-packages share these readers.
package jsonvalue

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

// Object is a decoded JSON object whose values are left raw. Keys match
// exactly, unlike encoding/json's case-insensitive struct fields, so
// "Actor" is never read as "actor".
type Object map[string]json.RawMessage

// Decode decodes raw, which must be a JSON object.
func Decode(raw []byte) (Object, error) {
	if Kind(raw) != '{' {
		return nil, fmt.Errorf("%w: not a JSON object", ErrMalformed)
	}
	var o Object
	if err := json.Unmarshal(raw, &o); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	return o, nil
}

// Kind returns the first byte of a JSON value after white space:
// '{', '[', '"', 'n' (null), and so on; 0 for no value at all.
func Kind(raw []byte) byte {
	raw = bytes.TrimLeft(raw, " \t\r\n")
	if len(raw) == 0 {
		return 0
	}
	return raw[0]
}

// Elements returns the elements of a JSON array, or raw itself as the only
// element of a value that is not an array. Absent and null give none.
func Elements(raw json.RawMessage) []json.RawMessage {
	switch Kind(raw) {
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

// First returns the first element of a list, or the value itself.
func First(raw json.RawMessage) json.RawMessage {
	if els := Elements(raw); len(els) > 0 {
		return els[0]
	}
	return nil
}

// Str returns the string at key, or "" if it is absent or not a string.
func (o Object) Str(key string) string {
	return String(o[key])
}

// String returns raw as a string, or "" if it is not one.
func String(raw json.RawMessage) string {
	if Kind(raw) != '"' {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return ""
	}
	return s
}

// FirstString returns the first string of a value that is a string or a
// list: JSON-LD allows a list wherever one value is expected.
func FirstString(raw json.RawMessage) string {
	for _, e := range Elements(raw) {
		if s := String(e); s != "" {
			return s
		}
	}
	return ""
}

// FirstMapString returns the first non-empty string value of a language
// map such as contentMap, in document order (as Mastodon reads it), or ""
// when raw is not an object or holds none.
func FirstMapString(raw json.RawMessage) string {
	if Kind(raw) != '{' {
		return ""
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.Token(); err != nil { // the opening brace
		return ""
	}
	for dec.More() {
		if _, err := dec.Token(); err != nil { // the language tag
			return ""
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return ""
		}
		if s := String(v); s != "" {
			return s
		}
	}
	return ""
}

// RefID returns the IRI a value refers to: the value itself when it is a
// string, the "id" of an object, and for a list the first element that
// yields one.
func RefID(raw json.RawMessage) string {
	for _, e := range Elements(raw) {
		switch Kind(e) {
		case '"':
			if s := String(e); s != "" {
				return s
			}
		case '{':
			var o Object
			if json.Unmarshal(e, &o) == nil {
				if s := o.Str("id"); s != "" {
					return s
				}
			}
		}
	}
	return ""
}

// RefIDs returns the IRIs of a string, an object with an id, or a list of
// those, skipping elements that name nothing.
func RefIDs(raw json.RawMessage) []string {
	var out []string
	for _, e := range Elements(raw) {
		if id := RefID(e); id != "" {
			out = append(out, id)
		}
	}
	return out
}

// LinkHref returns the address a url-like value points at: a string, a
// Link object's "href", or an object's own "url" (as an Image has); in a
// list the first text/html link wins, else the first usable element.
func LinkHref(raw json.RawMessage) string { return linkHref(raw, maxLinkDepth) }

// maxLinkDepth is how many objects deep LinkHref looks: an icon's Image
// whose url is a Link is two. Each level decodes what is below it again,
// so without a bound a document of nested {"url": {"url": …}} costs time
// in the square of its size (80 kB took 13 s).
const maxLinkDepth = 3

func linkHref(raw json.RawMessage, depth int) string {
	if depth == 0 {
		return ""
	}
	first := ""
	for _, e := range Elements(raw) {
		href, mediaType := "", ""
		switch Kind(e) {
		case '"':
			href = String(e)
		case '{':
			var o Object
			if json.Unmarshal(e, &o) != nil {
				continue
			}
			href, mediaType = o.Str("href"), o.Str("mediaType")
			if href == "" {
				href = linkHref(o["url"], depth-1)
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

// Time reads an RFC 3339 time string; the zero time when it is absent or
// unreadable.
func Time(raw json.RawMessage) time.Time {
	t, err := time.Parse(time.RFC3339, String(raw))
	if err != nil {
		return time.Time{}
	}
	return t
}

// IsHTTPURL reports whether s is an absolute http or https URL with a host
// and no user information.
func IsHTTPURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil {
		return false
	}
	return (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && u.User == nil
}
