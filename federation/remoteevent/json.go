package remoteevent

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"time"

	"github.com/gather-coop/gather/federation"
)

// The readers below are federation's own (jsonvalue.go), which it does not
// export: a value or a list for every property, an IRI or an embedded
// object wherever an object is expected.

type jsonObject map[string]json.RawMessage

func decodeObject(raw []byte) (jsonObject, error) {
	if jsonKind(raw) != '{' {
		return nil, fmt.Errorf("%w: not a JSON object", federation.ErrMalformed)
	}
	var o jsonObject
	if err := json.Unmarshal(raw, &o); err != nil {
		return nil, fmt.Errorf("%w: %w", federation.ErrMalformed, err)
	}
	return o, nil
}

func jsonKind(raw []byte) byte {
	raw = bytes.TrimLeft(raw, " \t\r\n")
	if len(raw) == 0 {
		return 0
	}
	return raw[0]
}

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

func firstElement(raw json.RawMessage) json.RawMessage {
	if els := elements(raw); len(els) > 0 {
		return els[0]
	}
	return nil
}

func (o jsonObject) str(key string) string { return asString(o[key]) }

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

func firstString(raw json.RawMessage) string {
	for _, e := range elements(raw) {
		if s := asString(e); s != "" {
			return s
		}
	}
	return ""
}

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

func refIDs(raw json.RawMessage) []string {
	var out []string
	for _, e := range elements(raw) {
		if id := refID(e); id != "" {
			out = append(out, id)
		}
	}
	return out
}

// linkHref returns what a url-like value points at: a string, a Link's
// href or an object's url, one level down at most (an Image whose url is
// a Link); in a list the first text/html link wins, else the first.
func linkHref(raw json.RawMessage) string { return linkHrefDepth(raw, 2) }

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

// firstMapString returns the first non-empty value of a language map
// (contentMap, nameMap), in document order.
func firstMapString(raw json.RawMessage) string {
	if jsonKind(raw) != '{' {
		return ""
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.Token(); err != nil {
		return ""
	}
	for dec.More() {
		if _, err := dec.Token(); err != nil {
			return ""
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return ""
		}
		if s := asString(v); s != "" {
			return s
		}
	}
	return ""
}

// parseTime reads an RFC 3339 time (Gancio's has milliseconds); the zero
// time when absent or unreadable.
func parseTime(raw json.RawMessage) time.Time {
	t, err := time.Parse(time.RFC3339, asString(raw))
	if err != nil {
		return time.Time{}
	}
	return t
}

func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil {
		return false
	}
	return (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && u.User == nil
}
