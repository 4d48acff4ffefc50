package app

import (
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"strings"
)

// URLs builds the public addresses of local things. Every ActivityPub id
// we mint comes from here, so the web routes and the ids always agree.
type URLs struct {
	// Base is the public origin without a trailing slash.
	Base string
}

// Host is the host (and port, if any) of Base.
func (u URLs) Host() string {
	parsed, err := url.Parse(u.Base)
	if err != nil {
		return ""
	}
	return parsed.Host
}

// Actor is the id of a co-op actor.
func (u URLs) Actor(handle string) string { return u.Base + "/actors/" + handle }

// Key is the id of a co-op actor's public key.
func (u URLs) Key(handle string) string { return u.Actor(handle) + "#main-key" }

// Inbox is a co-op actor's inbox.
func (u URLs) Inbox(handle string) string { return u.Actor(handle) + "/inbox" }

// Outbox is a co-op actor's outbox.
func (u URLs) Outbox(handle string) string { return u.Actor(handle) + "/outbox" }

// Followers is a co-op actor's followers collection.
func (u URLs) Followers(handle string) string { return u.Actor(handle) + "/followers" }

// Following is a co-op actor's following collection.
func (u URLs) Following(handle string) string { return u.Actor(handle) + "/following" }

// Featured is a co-op actor's collection of pinned posts.
func (u URLs) Featured(handle string) string { return u.Actor(handle) + "/featured" }

// Profile is a co-op actor's page for people.
func (u URLs) Profile(handle string) string { return u.Base + "/@" + handle }

// SharedInbox is the inbox for the whole instance.
func (u URLs) SharedInbox() string { return u.Base + "/inbox" }

// InstanceActor is the id of the instance actor.
func (u URLs) InstanceActor() string { return u.Base + "/actor" }

// InstanceKey is the id of the instance actor's key.
func (u URLs) InstanceKey() string { return u.InstanceActor() + "#main-key" }

// NewActivity mints the id of a new outgoing activity.
func (u URLs) NewActivity() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return u.Base + "/activities/" + hex.EncodeToString(b)
}

// Mine reports whether id is on this instance.
func (u URLs) Mine(id string) bool {
	return id == u.Base || strings.HasPrefix(id, u.Base+"/")
}

// HandleOf returns the handle in a co-op actor's id, or "".
func (u URLs) HandleOf(actorID string) string {
	rest, ok := strings.CutPrefix(actorID, u.Base+"/actors/")
	if !ok || rest == "" || strings.ContainsAny(rest, "/?#") {
		return ""
	}
	return rest
}

// KeyIDOf returns the key id of a local actor.
func (u URLs) KeyIDOf(handle string) string {
	if handle == InstanceHandle {
		return u.InstanceKey()
	}
	return u.Key(handle)
}

// ActorIDOf returns the id of a local actor.
func (u URLs) ActorIDOf(handle string) string {
	if handle == InstanceHandle {
		return u.InstanceActor()
	}
	return u.Actor(handle)
}
