package federation

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/gather-coop/gather/federation/internal/wire"
	"github.com/gather-coop/gather/federation/jsonvalue"
)

// Audience is whom an activity is addressed to. Both lists are always
// written as arrays, empty ones included: Mastodon and Gancio read a lone
// string differently from a list.
type Audience struct {
	To, CC []string
}

// activityDoc is the wire form of the activities Gather sends.
type activityDoc struct {
	Context json.RawMessage `json:"@context"`
	ID      string          `json:"id"`
	Type    string          `json:"type"`
	Actor   string          `json:"actor"`
	Object  any             `json:"object"`
	To      []string        `json:"to"`
	CC      []string        `json:"cc"`
	// Published is set on an Announce: Mastodon dates the boost by it.
	Published string `json:"published,omitempty"`
}

// embeddedActivity is an activity quoted inside another: the Follow inside
// an Accept. Receivers match it by id; type, actor and object let them
// check it without a fetch.
type embeddedActivity struct {
	ID     string `json:"id"`
	Type   string `json:"type"`
	Actor  string `json:"actor"`
	Object string `json:"object"`
}

// Accept builds the Accept that answers an activity addressed to actor,
// usually a Follow (or a Join of an event). The answered activity is
// embedded with its id, type, actor and object, which is how Mastodon and
// GoToSocial find the Follow they sent; the Accept is addressed to the
// answered activity's actor.
func Accept(id, actor string, answered *Activity) ([]byte, error) {
	return answer("Accept", id, actor, answered)
}

// Reject builds the Reject of an activity, shaped like [Accept].
func Reject(id, actor string, answered *Activity) ([]byte, error) {
	return answer("Reject", id, actor, answered)
}

// Ignore builds the Ignore of an activity, shaped like [Accept]: FEP-8a8e's
// answer to a Join of an event that takes no sign-ups.
func Ignore(id, actor string, answered *Activity) ([]byte, error) {
	return answer("Ignore", id, actor, answered)
}

func answer(typ, id, actor string, answered *Activity) ([]byte, error) {
	if answered == nil {
		return nil, fmt.Errorf("build %s %s: nothing to answer", typ, id)
	}
	if answered.ID == "" || answered.Type == "" || answered.Actor == "" || answered.Object.ID == "" {
		return nil, fmt.Errorf("build %s %s: answered activity needs id, type, actor and object id", typ, id)
	}
	object := embeddedActivity{ID: answered.ID, Type: answered.Type, Actor: answered.Actor, Object: answered.Object.ID}
	return buildActivity(typ, id, actor, object, Audience{To: []string{answered.Actor}})
}

// Follow builds a Follow of object (an actor's IRI) by actor, addressed to
// object. The object is a bare IRI, the only form Gancio accepts.
func Follow(id, actor, object string) ([]byte, error) {
	if !jsonvalue.IsHTTPURL(object) {
		return nil, fmt.Errorf("build Follow %s: object %q is not an absolute http(s) URL", id, object)
	}
	return buildActivity("Follow", id, actor, object, Audience{To: []string{object}})
}

// Undo builds an Undo of an earlier activity, embedded whole as object
// (Mastodon matches the Follow being undone by its id). Address it as the
// undone activity was.
func Undo(id, actor string, object json.RawMessage, aud Audience) ([]byte, error) {
	if err := checkEmbedded("Undo", id, object); err != nil {
		return nil, err
	}
	return buildActivity("Undo", id, actor, object, aud)
}

// Create builds a Create whose object is one of our objects (an Event, a
// Note, a Question), embedded whole as receivers expect: Mastodon and
// Gancio read the object from the Create without fetching it. Address the
// Create as the object is addressed.
func Create(id, actor string, object json.RawMessage, aud Audience) ([]byte, error) {
	if err := checkEmbedded("Create", id, object); err != nil {
		return nil, err
	}
	return buildActivity("Create", id, actor, object, aud)
}

// Update builds an Update whose object is the new state of one of our
// objects, embedded whole.
func Update(id, actor string, object json.RawMessage, aud Audience) ([]byte, error) {
	if err := checkEmbedded("Update", id, object); err != nil {
		return nil, err
	}
	return buildActivity("Update", id, actor, object, aud)
}

// Announce builds the boost of someone else's object (a partner's Event)
// by actor, the object named by its bare IRI as Mastodon sends boosts:
// receivers fetch it from its origin, so that what they show is the
// host's copy, never ours. Address it to the public and actor's
// followers, with the object's author in cc so that they see the share.
func Announce(id, actor, object string, published time.Time, aud Audience) ([]byte, error) {
	if !jsonvalue.IsHTTPURL(object) {
		return nil, fmt.Errorf("build Announce %s: object %q is not an absolute http(s) URL", id, object)
	}
	if published.IsZero() {
		return nil, fmt.Errorf("build Announce %s: needs the time it was published", id)
	}
	doc, err := newActivity("Announce", id, actor, object, aud)
	if err != nil {
		return nil, err
	}
	doc.Published = wire.UTCTime(published)
	return marshalActivity(doc)
}

// Tombstone is what is left of one of our objects once deleted.
type Tombstone struct {
	// ID is the deleted object's IRI. Required.
	ID string
	// FormerType is what it was: "Event", "Question", "Note". Required.
	FormerType string
	// Deleted is when it was deleted; the zero time leaves it out.
	Deleted time.Time
}

type tombstoneDoc struct {
	ID         string `json:"id"`
	Type       string `json:"type"`
	FormerType string `json:"formerType"`
	Deleted    string `json:"deleted,omitempty"`
}

// Delete builds a Delete whose object is the Tombstone of what was
// deleted. The object is embedded rather than named by its bare IRI:
// Gancio fails (500) on a bare IRI and keeps the event, while Mastodon,
// GoToSocial and Mobilizon take either form. Address the Delete as the
// deleted object was.
func Delete(id, actor string, gone Tombstone, aud Audience) ([]byte, error) {
	switch {
	case !jsonvalue.IsHTTPURL(gone.ID):
		return nil, fmt.Errorf("build Delete %s: object %q is not an absolute http(s) URL", id, gone.ID)
	case gone.FormerType == "":
		return nil, fmt.Errorf("build Delete %s: the tombstone of %s needs its former type", id, gone.ID)
	}
	return buildActivity("Delete", id, actor, tombstoneDoc{
		ID: gone.ID, Type: "Tombstone", FormerType: gone.FormerType, Deleted: wire.OptionalUTCTime(gone.Deleted),
	}, aud)
}

func checkEmbedded(typ, id string, object json.RawMessage) error {
	if jsonvalue.Kind(object) != '{' || !json.Valid(object) {
		return fmt.Errorf("build %s %s: object is not a JSON object", typ, id)
	}
	return nil
}

func buildActivity(typ, id, actor string, object any, aud Audience) ([]byte, error) {
	doc, err := newActivity(typ, id, actor, object, aud)
	if err != nil {
		return nil, err
	}
	return marshalActivity(doc)
}

func newActivity(typ, id, actor string, object any, aud Audience) (activityDoc, error) {
	switch {
	case !jsonvalue.IsHTTPURL(id):
		return activityDoc{}, fmt.Errorf("build %s: id %q is not an absolute http(s) URL", typ, id)
	case !jsonvalue.IsHTTPURL(actor):
		return activityDoc{}, fmt.Errorf("build %s %s: actor %q is not an absolute http(s) URL", typ, id, actor)
	}
	return activityDoc{
		Context: Context(),
		ID:      id,
		Type:    typ,
		Actor:   actor,
		Object:  object,
		To:      wire.NonNil(aud.To),
		CC:      wire.NonNil(aud.CC),
	}, nil
}

func marshalActivity(doc activityDoc) ([]byte, error) {
	b, err := wire.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("build %s %s: %w", doc.Type, doc.ID, err)
	}
	return b, nil
}
