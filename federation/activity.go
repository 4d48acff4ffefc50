package federation

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/gather-coop/gather/federation/jsonvalue"
)

// Activity is the envelope of an incoming activity: what an inbox needs to
// check a signature, de-duplicate and route the activity, read without
// go-fed (which costs hundreds of microseconds a document). The worker that
// processes it later reads the rest from Raw.
type Activity struct {
	// Context is the "@context" exactly as sent; nil when absent.
	Context json.RawMessage
	// ID, Type and Actor are always set: DecodeActivity refuses an
	// activity without them. ID and Actor are absolute http(s) URLs.
	ID, Type, Actor string
	// Object is the activity's object, or its first object when it has
	// several; the zero ObjectRef when it has none.
	Object ObjectRef
	// Objects holds every object, Object first. GoToSocial sends one
	// Create with a Note per chosen option when someone votes for several
	// options of a poll.
	Objects []ObjectRef
	// Target is the activity's target (the first, if several), if any.
	Target ObjectRef
	// To and CC are the addressees' IRIs; a lone string arrives as a
	// one-element list. Check them with IsPublic.
	To, CC []string
	// Published is the activity's publication time; the zero time when it
	// is absent or not RFC 3339.
	Published time.Time
	// Raw is the whole activity as received (a copy of the body).
	Raw json.RawMessage
}

// ObjectRef is an activity's object or target: either a bare IRI, or an
// embedded object whose raw JSON is kept along with its id and type.
type ObjectRef struct {
	// ID is the IRI, or the embedded object's id ("" if it has none).
	ID string
	// Type is the embedded object's type ("" for a bare IRI).
	Type string
	// Raw is the embedded object's JSON; nil for a bare IRI.
	Raw json.RawMessage
}

// IsEmbedded reports whether the object was sent inline rather than as an
// IRI.
func (r ObjectRef) IsEmbedded() bool {
	return r.Raw != nil
}

// IsZero reports whether there was no object at all.
func (r ObjectRef) IsZero() bool {
	return r.ID == "" && r.Raw == nil
}

// Activity decodes an embedded object as an activity envelope: the Follow
// inside an Undo, the Join inside an Accept. It fails for a bare IRI.
func (r ObjectRef) Activity() (*Activity, error) {
	if !r.IsEmbedded() {
		return nil, fmt.Errorf("%w: object %q is not embedded", ErrMalformed, r.ID)
	}
	return DecodeActivity(r.Raw)
}

// DecodeActivity reads the envelope of an activity as it arrives at an
// inbox. It is tolerant where servers differ: "actor" may be an IRI or an
// object with an id (or a list of either, of which the first counts),
// "to" and "cc" a string or a list, "object" an IRI, an embedded object or
// a list. It requires "id" and "actor" to be absolute http(s) URLs and
// "type" to be a non-empty string; any other error wraps ErrMalformed too.
// body is copied, so the caller may reuse it.
func DecodeActivity(body []byte) (*Activity, error) {
	o, err := jsonvalue.Decode(body)
	if err != nil {
		return nil, fmt.Errorf("decode activity: %w", err)
	}
	a := &Activity{
		Context:   o["@context"],
		ID:        o.Str("id"),
		Type:      jsonvalue.FirstString(o["type"]),
		Actor:     jsonvalue.RefID(o["actor"]),
		To:        jsonvalue.RefIDs(o["to"]),
		CC:        jsonvalue.RefIDs(o["cc"]),
		Published: jsonvalue.Time(o["published"]),
		Raw:       bytes.Clone(body),
	}
	switch {
	case a.Type == "":
		return nil, fmt.Errorf("decode activity: %w: missing type", ErrMalformed)
	case !jsonvalue.IsHTTPURL(a.ID):
		return nil, fmt.Errorf("decode %s: %w: id %q is not an absolute http(s) URL", a.Type, ErrMalformed, a.ID)
	case !jsonvalue.IsHTTPURL(a.Actor):
		return nil, fmt.Errorf("decode %s %s: %w: actor %q is not an absolute http(s) URL", a.Type, a.ID, ErrMalformed, a.Actor)
	}
	a.Objects = objectRefs(o["object"])
	if len(a.Objects) > 0 {
		a.Object = a.Objects[0]
	}
	if targets := objectRefs(o["target"]); len(targets) > 0 {
		a.Target = targets[0]
	}
	return a, nil
}

// objectRefs reads an object-valued property: IRIs, embedded objects, or a
// list of both. Elements that are neither are skipped.
func objectRefs(raw json.RawMessage) []ObjectRef {
	var refs []ObjectRef
	for _, e := range jsonvalue.Elements(raw) {
		switch jsonvalue.Kind(e) {
		case '"':
			if id := jsonvalue.String(e); id != "" {
				refs = append(refs, ObjectRef{ID: id})
			}
		case '{':
			var o jsonvalue.Object
			if json.Unmarshal(e, &o) != nil {
				continue
			}
			refs = append(refs, ObjectRef{ID: o.Str("id"), Type: jsonvalue.FirstString(o["type"]), Raw: e})
		}
	}
	return refs
}
