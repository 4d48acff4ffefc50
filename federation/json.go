package federation

import (
	"bytes"
	"encoding/json"

	"github.com/gather-coop/gather/federation/jsonvalue"
)

// ErrMalformed is wrapped by every error that reports a document Gather
// cannot use: not JSON, not an object, or missing or mistyped required
// properties. An inbox answers 400 for it.
var ErrMalformed = jsonvalue.ErrMalformed

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
