package federation

import (
	"encoding/json"
	"fmt"

	"github.com/gather-coop/gather/federation/jsonvalue"
)

// RemoteActor is what Gather keeps of an actor fetched from another
// server: where to deliver to and which keys sign for it.
type RemoteActor struct {
	// ID is the actor's IRI; Type its ActivityStreams type.
	ID, Type string
	// PreferredUsername and Name are the handle's user part and the
	// display name.
	PreferredUsername, Name string
	// URL is the profile page (the first text/html link when there are
	// several); IconURL the avatar's address. Either may be "".
	URL, IconURL string
	// Inbox is always set. SharedInbox (endpoints.sharedInbox) is "" for
	// servers without one, such as GoToSocial.
	Inbox, SharedInbox string
	// Outbox, Followers and Following are the actor's collections, when
	// given.
	Outbox, Followers, Following string
	// PublicKeys are the keys the document declares for this actor, in
	// document order. Keys whose owner is another actor are left out; a
	// key without an owner is taken to be this actor's.
	PublicKeys []PublicKey
}

// PublicKey is an actor's signing key as a remote document declares it.
type PublicKey struct {
	// ID is the key's IRI: the keyId that signatures name.
	ID string
	// Owner is the IRI of the actor the key belongs to.
	Owner string
	// PEM is the PEM-encoded public key.
	PEM string
}

// Key returns the actor's key with the given keyId.
func (a RemoteActor) Key(keyID string) (PublicKey, bool) {
	for _, k := range a.PublicKeys {
		if k.ID == keyID {
			return k, true
		}
	}
	return PublicKey{}, false
}

// actorTypes are the ActivityStreams actor types.
var actorTypes = map[string]bool{
	"Application": true, "Group": true, "Organization": true, "Person": true, "Service": true,
}

// ParseActor reads a fetched actor document. It accepts the shapes servers
// send: a value or a list for every property, "url" as a string or a Link
// object, "icon" as an Image (whose url may itself be a Link), "publicKey"
// as one object or a list. It requires "id" and "inbox" to be absolute
// http(s) URLs and "type" to be an actor type; errors wrap ErrMalformed.
//
// ParseActor does not check where the document came from: the caller
// checks that ID shares the origin of the URL it fetched.
func ParseActor(raw []byte) (RemoteActor, error) {
	o, err := jsonvalue.Decode(raw)
	if err != nil {
		return RemoteActor{}, fmt.Errorf("parse actor: %w", err)
	}
	a := RemoteActor{
		ID:                o.Str("id"),
		Type:              jsonvalue.FirstString(o["type"]),
		PreferredUsername: o.Str("preferredUsername"),
		Name:              o.Str("name"),
		URL:               jsonvalue.LinkHref(o["url"]),
		IconURL:           jsonvalue.LinkHref(o["icon"]),
		Inbox:             jsonvalue.RefID(o["inbox"]),
		Outbox:            jsonvalue.RefID(o["outbox"]),
		Followers:         jsonvalue.RefID(o["followers"]),
		Following:         jsonvalue.RefID(o["following"]),
	}
	switch {
	case !jsonvalue.IsHTTPURL(a.ID):
		return RemoteActor{}, fmt.Errorf("parse actor: %w: id %q is not an absolute http(s) URL", ErrMalformed, a.ID)
	case !actorTypes[a.Type]:
		return RemoteActor{}, fmt.Errorf("parse actor %s: %w: type %q is not an actor type", a.ID, ErrMalformed, a.Type)
	case !jsonvalue.IsHTTPURL(a.Inbox):
		return RemoteActor{}, fmt.Errorf("parse actor %s: %w: inbox %q is not an absolute http(s) URL", a.ID, ErrMalformed, a.Inbox)
	}
	if endpoints, err := jsonvalue.Decode(jsonvalue.First(o["endpoints"])); err == nil {
		if shared := jsonvalue.RefID(endpoints["sharedInbox"]); jsonvalue.IsHTTPURL(shared) {
			a.SharedInbox = shared
		}
	}
	for _, k := range declaredKeys(o["publicKey"], a.ID) {
		if k.Owner == a.ID {
			a.PublicKeys = append(a.PublicKeys, k)
		}
	}
	return a, nil
}

// ParseKeyDocument reads what a signature's keyId URL answers and returns
// the key it declares. Three shapes are accepted:
//
//   - an actor, with the key in "publicKey" (Mastodon's <actor>#main-key
//     resolves to the actor itself);
//   - a stub with only id, type and publicKey {id, owner, publicKeyPem}
//     (GoToSocial's <actor>/main-key);
//   - a bare key document {id, owner, publicKeyPem}.
//
// When "publicKey" is a list, the first usable key counts; a key without
// an owner belongs to the document's id. The key and its owner must share
// an origin; errors wrap ErrMalformed.
//
// The caller must still check that owner is the activity's actor. A stub
// or bare key names its owner but proves nothing about it: to trust the
// key, fetch owner and find the same key in it (or check, as Mastodon does,
// that the document came from owner's origin).
func ParseKeyDocument(raw []byte) (keyID, owner, pem string, err error) {
	o, err := jsonvalue.Decode(raw)
	if err != nil {
		return "", "", "", fmt.Errorf("parse key document: %w", err)
	}
	var key PublicKey
	if pk, ok := o["publicKey"]; ok {
		keys := declaredKeys(pk, o.Str("id"))
		if len(keys) == 0 {
			return "", "", "", fmt.Errorf("parse key document %s: %w: no usable publicKey", o.Str("id"), ErrMalformed)
		}
		key = keys[0]
	} else {
		key = PublicKey{ID: o.Str("id"), Owner: jsonvalue.RefID(o["owner"]), PEM: o.Str("publicKeyPem")}
	}
	switch {
	case !jsonvalue.IsHTTPURL(key.ID):
		return "", "", "", fmt.Errorf("parse key document: %w: key id %q is not an absolute http(s) URL", ErrMalformed, key.ID)
	case !jsonvalue.IsHTTPURL(key.Owner):
		return "", "", "", fmt.Errorf("parse key document %s: %w: owner %q is not an absolute http(s) URL", key.ID, ErrMalformed, key.Owner)
	case key.PEM == "":
		return "", "", "", fmt.Errorf("parse key document %s: %w: missing publicKeyPem", key.ID, ErrMalformed)
	case !SameOrigin(key.ID, key.Owner):
		return "", "", "", fmt.Errorf("parse key document %s: %w: owner %s is on another origin", key.ID, ErrMalformed, key.Owner)
	}
	return key.ID, key.Owner, key.PEM, nil
}

// declaredKeys reads a publicKey value (an object or a list of them). A
// key without an owner gets defaultOwner; keys without an id or a PEM are
// skipped.
func declaredKeys(raw json.RawMessage, defaultOwner string) []PublicKey {
	var keys []PublicKey
	for _, e := range jsonvalue.Elements(raw) {
		k, err := jsonvalue.Decode(e)
		if err != nil {
			continue
		}
		key := PublicKey{ID: k.Str("id"), Owner: jsonvalue.RefID(k["owner"]), PEM: k.Str("publicKeyPem")}
		if key.Owner == "" {
			key.Owner = defaultOwner
		}
		if key.ID != "" && key.PEM != "" {
			keys = append(keys, key)
		}
	}
	return keys
}
