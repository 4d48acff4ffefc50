package httpsig

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Params are the parameters of a Signature header.
type Params struct {
	// KeyID is the keyId parameter, never empty.
	KeyID string
	// Algorithm is the algorithm parameter, lower-cased; empty when absent.
	Algorithm string
	// Headers are the names in the headers parameter, lower-cased, in
	// order; ["date"] when the parameter is absent, as the draft says.
	Headers []string
	// Signature is the decoded signature, never empty.
	Signature []byte
	// Created and Expires are the created and expires parameters; zero when
	// absent.
	Created, Expires time.Time

	// created and expires keep the parameters as sent, for the signing
	// string's (created) and (expires) lines.
	created, expires string
}

// signatureScheme is the authentication scheme of "Authorization: Signature".
const signatureScheme = "signature"

// ParseSignature parses the value of a Signature header, or of an
// Authorization header using the Signature scheme (the leading "Signature "
// is skipped).
//
// Parameters are comma-separated name=value pairs; values are quoted strings
// (a backslash escapes the next character) or bare tokens; whitespace around
// names, values and commas is ignored; parameter names are matched without
// regard to case; unknown parameters are ignored. keyId and signature are
// required, signature must be base64, and created and expires, when present,
// must be Unix times. A repeated known parameter is an error.
func ParseSignature(header string) (Params, error) {
	raw, err := splitParams(stripScheme(header))
	if err != nil {
		return Params{}, err
	}
	return paramsFrom(raw)
}

// stripScheme removes a leading "Signature " authentication scheme, telling
// it apart from a first parameter named signature by the '=' that follows
// the parameter's name.
func stripScheme(s string) string {
	s = strings.TrimLeft(s, " \t")
	n := len(signatureScheme)
	if len(s) > n && strings.EqualFold(s[:n], signatureScheme) && (s[n] == ' ' || s[n] == '\t') {
		if rest := strings.TrimLeft(s[n:], " \t"); !strings.HasPrefix(rest, "=") {
			return rest
		}
	}
	return s
}

// splitParams splits a parameter list into lower-cased names and values.
func splitParams(s string) (map[string]string, error) {
	out := make(map[string]string, 6)
	for i := 0; ; {
		i = skipSeparators(s, i)
		if i == len(s) {
			return out, nil
		}
		name, value, next, err := readParam(s, i)
		if err != nil {
			return nil, err
		}
		key := strings.ToLower(name)
		if _, dup := out[key]; dup && isKnownParam(key) {
			return nil, fmt.Errorf("parameter %s repeated", quoteShort(name))
		}
		out[key] = value
		i = skipSpace(s, next)
		if i < len(s) && s[i] != ',' {
			return nil, fmt.Errorf("expected a comma after parameter %s", quoteShort(name))
		}
	}
}

// readParam reads one name=value pair starting at s[i] and returns the index
// just past it.
func readParam(s string, i int) (name, value string, next int, err error) {
	start := i
	for i < len(s) && !isDelimiter(s[i]) {
		i++
	}
	name = s[start:i]
	if name == "" {
		return "", "", 0, errors.New("expected a parameter name")
	}
	i = skipSpace(s, i)
	if i == len(s) || s[i] != '=' {
		return "", "", 0, fmt.Errorf("parameter %s has no value", quoteShort(name))
	}
	i = skipSpace(s, i+1)
	if i < len(s) && s[i] == '"' {
		value, next, err = readQuoted(s, i+1)
		if err != nil {
			return "", "", 0, fmt.Errorf("parameter %s: %w", quoteShort(name), err)
		}
		return name, value, next, nil
	}
	start = i
	for i < len(s) && !isDelimiter(s[i]) {
		i++
	}
	if start == i {
		return "", "", 0, fmt.Errorf("parameter %s has an empty value", quoteShort(name))
	}
	return name, s[start:i], i, nil
}

// readQuoted reads a quoted string whose opening quote is just before s[i]
// and returns its unescaped content and the index past the closing quote.
func readQuoted(s string, i int) (string, int, error) {
	start := i
	for i < len(s) && s[i] != '"' && s[i] != '\\' {
		i++
	}
	if i < len(s) && s[i] == '"' {
		return s[start:i], i + 1, nil // the common case: no escapes
	}
	var b strings.Builder
	b.WriteString(s[start:i])
	for ; i < len(s); i++ {
		switch c := s[i]; c {
		case '"':
			return b.String(), i + 1, nil
		case '\\':
			i++
			if i == len(s) {
				return "", 0, errors.New("unterminated quoted value")
			}
			b.WriteByte(s[i])
		default:
			b.WriteByte(c)
		}
	}
	return "", 0, errors.New("unterminated quoted value")
}

func isDelimiter(c byte) bool {
	return c == '=' || c == ',' || c == '"' || c == ' ' || c == '\t'
}

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

// skipSeparators skips whitespace and empty list elements.
func skipSeparators(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == ',') {
		i++
	}
	return i
}

func isKnownParam(name string) bool {
	switch name {
	case "keyid", "algorithm", "headers", "signature", "created", "expires":
		return true
	}
	return false
}

// paramsFrom checks and converts the raw parameters.
func paramsFrom(raw map[string]string) (Params, error) {
	p := Params{
		KeyID:     raw["keyid"],
		Algorithm: strings.ToLower(raw["algorithm"]),
		created:   raw["created"],
		expires:   raw["expires"],
	}
	if p.KeyID == "" {
		return Params{}, errors.New("keyId is missing")
	}
	sig, ok := raw["signature"]
	if !ok || sig == "" {
		return Params{}, errors.New("signature is missing")
	}
	var err error
	if p.Signature, err = decodeBase64(sig); err != nil {
		return Params{}, fmt.Errorf("signature: %w", err)
	}
	if p.Headers, err = headerList(raw); err != nil {
		return Params{}, err
	}
	if p.Created, err = unixParam("created", p.created); err != nil {
		return Params{}, err
	}
	if p.Expires, err = unixParam("expires", p.expires); err != nil {
		return Params{}, err
	}
	return p, nil
}

// maxSignedHeaders bounds the work one signature can ask of a verifier.
const maxSignedHeaders = 32

func headerList(raw map[string]string) ([]string, error) {
	h, ok := raw["headers"]
	if !ok {
		return []string{"date"}, nil
	}
	names := strings.Fields(strings.ToLower(h))
	if len(names) == 0 {
		return nil, errors.New("headers is empty")
	}
	if len(names) > maxSignedHeaders {
		return nil, errors.New("headers lists too many names")
	}
	return names, nil
}

func decodeBase64(s string) ([]byte, error) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		// Some peers leave out the padding.
		if b, err2 := base64.RawStdEncoding.DecodeString(s); err2 == nil && len(b) > 0 {
			return b, nil
		}
		return nil, errors.New("not valid base64")
	}
	if len(b) == 0 {
		return nil, errors.New("empty")
	}
	return b, nil
}

// unixParam parses a Unix time in seconds, with an optional fraction (the
// draft allows one in expires); the fraction is dropped.
func unixParam(name, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	whole, frac, _ := strings.Cut(v, ".")
	if whole == "" || !allDigits(whole) || !allDigits(frac) {
		return time.Time{}, fmt.Errorf("%s is not a Unix time", name)
	}
	sec, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s is not a Unix time", name)
	}
	return time.Unix(sec, 0).UTC(), nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// String formats p as a Signature header value that [ParseSignature] reads
// back as p. Quotes and backslashes inside values are escaped.
func (p Params) String() string {
	var b strings.Builder
	b.Grow(len(p.KeyID) + 64 + len(p.Signature)*4/3 + 16*len(p.Headers))
	writeParam(&b, "keyId", p.KeyID)
	if p.Algorithm != "" {
		b.WriteByte(',')
		writeParam(&b, "algorithm", p.Algorithm)
	}
	if v := p.createdValue(); v != "" {
		b.WriteString(",created=")
		b.WriteString(v)
	}
	if v := p.expiresValue(); v != "" {
		b.WriteString(",expires=")
		b.WriteString(v)
	}
	b.WriteByte(',')
	writeParam(&b, "headers", strings.Join(p.Headers, " "))
	b.WriteByte(',')
	writeParam(&b, "signature", base64.StdEncoding.EncodeToString(p.Signature))
	return b.String()
}

func writeParam(b *strings.Builder, name, value string) {
	b.WriteString(name)
	b.WriteString(`="`)
	for i := 0; i < len(value); i++ {
		if c := value[i]; c == '"' || c == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(value[i])
	}
	b.WriteByte('"')
}

// createdValue is the created parameter as sent, or Created in Unix seconds
// for Params built by hand; empty when there is none.
func (p *Params) createdValue() string { return unixValue(p.created, p.Created) }

// expiresValue is createdValue's counterpart for the expires parameter.
func (p *Params) expiresValue() string { return unixValue(p.expires, p.Expires) }

func unixValue(raw string, t time.Time) string {
	if raw != "" || t.IsZero() {
		return raw
	}
	return strconv.FormatInt(t.Unix(), 10)
}
