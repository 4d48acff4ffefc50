package wire

import (
	"bytes"
	"encoding/json"
)

// Marshal encodes v as compact JSON without escaping <, > and &, which
// summaries and content are full of.
func Marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// NonNil turns a nil list into an empty one, so it encodes as [] not null.
func NonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
