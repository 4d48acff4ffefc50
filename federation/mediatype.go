package federation

import (
	"strconv"
	"strings"
)

// ContentType is the media type Gather sends ActivityStreams documents
// with, on responses and on outgoing POSTs.
const ContentType = "application/activity+json"

// LDContentType is the JSON-LD media type with the ActivityStreams
// profile, the other form ActivityPub servers send and ask for.
const LDContentType = `application/ld+json; profile="https://www.w3.org/ns/activitystreams"`

// IsActivityStreamsContentType reports whether a Content-Type header value
// names an ActivityStreams document: application/activity+json (with any
// parameters), or application/ld+json whose profile parameter lists the
// ActivityStreams namespace. Parameters may come in any order and with any
// spacing, and the profile may be quoted or not.
func IsActivityStreamsContentType(ct string) bool {
	mt, params := parseMediaRange(ct)
	return isActivityStreamsType(mt, params)
}

// WantsActivityStreams reports whether an Accept header asks for an
// ActivityStreams document rather than an HTML page: true when an
// ActivityStreams type is named explicitly with a quality greater than
// zero and not lower than the quality the header gives text/html (directly
// or through text/* or */*). Wildcards alone ("*/*", "application/*") never
// select ActivityStreams, so a browser or a bare curl gets HTML. A plain
// application/ld+json without a profile counts as ActivityStreams: the
// document we would serve is JSON-LD.
func WantsActivityStreams(accept string) bool {
	var asQ, htmlQ, textAnyQ, anyQ float64 = -1, -1, -1, -1
	for _, part := range splitOutsideQuotes(accept, ',') {
		mt, params := parseMediaRange(part)
		if mt == "" {
			continue
		}
		q, ok := quality(params)
		if !ok {
			continue
		}
		switch {
		case isActivityStreamsType(mt, params) || (mt == "application/ld+json" && params["profile"] == ""):
			asQ = max(asQ, q)
		case mt == "text/html":
			htmlQ = max(htmlQ, q)
		case mt == "text/*":
			textAnyQ = max(textAnyQ, q)
		case mt == "*/*":
			anyQ = max(anyQ, q)
		}
	}
	if asQ <= 0 {
		return false
	}
	// The most specific range that matches text/html decides its quality.
	switch {
	case htmlQ >= 0:
	case textAnyQ >= 0:
		htmlQ = textAnyQ
	default:
		htmlQ = anyQ
	}
	return asQ >= htmlQ
}

func isActivityStreamsType(mt string, params map[string]string) bool {
	switch mt {
	case "application/activity+json":
		return true
	case "application/ld+json":
		// A profile may list several IRIs separated by spaces.
		for _, p := range strings.Fields(params["profile"]) {
			if p == ActivityStreamsNS {
				return true
			}
		}
	}
	return false
}

// parseMediaRange splits a media type or Accept range into its lower-case
// type/subtype and its parameters (lower-case names, unquoted values). It
// is lenient: a parameter it cannot read is skipped.
func parseMediaRange(s string) (string, map[string]string) {
	parts := splitOutsideQuotes(s, ';')
	mt := strings.ToLower(strings.TrimSpace(parts[0]))
	if strings.Count(mt, "/") != 1 || strings.ContainsAny(mt, " \t\"") {
		return "", nil
	}
	params := make(map[string]string, len(parts)-1)
	for _, p := range parts[1:] {
		name, value, ok := strings.Cut(p, "=")
		if !ok {
			continue
		}
		name = strings.ToLower(strings.TrimSpace(name))
		value = strings.TrimSpace(value)
		if len(value) >= 2 && value[0] == '"' && value[len(value)-1] == '"' {
			value = strings.ReplaceAll(value[1:len(value)-1], `\"`, `"`)
		}
		if _, seen := params[name]; !seen && name != "" {
			params[name] = value
		}
	}
	return mt, params
}

// quality reads the q parameter: 1 when absent, false when unreadable.
func quality(params map[string]string) (float64, bool) {
	s, ok := params["q"]
	if !ok {
		return 1, true
	}
	q, err := strconv.ParseFloat(s, 64)
	if err != nil || q < 0 || q > 1 {
		return 0, false
	}
	return q, true
}

// splitOutsideQuotes splits s at sep, except inside double quotes.
func splitOutsideQuotes(s string, sep byte) []string {
	var out []string
	start, quoted := 0, false
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && quoted:
			i++
		case s[i] == '"':
			quoted = !quoted
		case s[i] == sep && !quoted:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}
