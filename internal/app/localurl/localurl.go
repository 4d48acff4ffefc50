// Package localurl builds the public addresses of this instance's things,
// and reads them back: every ActivityPub id Gather mints, and every
// reading of one of ours (which event a reply is about, which actor an id
// names). Package app re-exports it as app.URLs.
//
// What belongs here: a new kind of local address, built and parsed side
// by side, with its round trip in localurl_test.go.
package localurl

import (
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"strconv"
	"strings"
)

// URLs builds the public addresses of local things, and reads them back.
// Every ActivityPub id we mint comes from here, so the web routes and the
// ids always agree; and every reading of one of our URLs (which event an
// incoming reply is about, which actor an id names) is here too, next to
// what builds it, so the two cannot drift (urls_test.go round-trips them).
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

// Gathering is the id and page of a gathering.
func (u URLs) Gathering(id int64) string { return u.Base + "/gatherings/" + strconv.FormatInt(id, 10) }

// Session is the id and page of a session.
func (u URLs) Session(id int64) string { return u.Base + "/sessions/" + strconv.FormatInt(id, 10) }

// Event is the id and page of a gathering or a session.
func (u URLs) Event(kind EventKind, id int64) string {
	if kind == KindSession {
		return u.Session(id)
	}
	return u.Gathering(id)
}

// MyCalendar is a person's own calendar of their sessions of one
// gathering, at its unguessable token: whoever has the address reads it.
func (u URLs) MyCalendar(token string) string { return u.Base + "/my/" + token + ".ics" }

// Tag is the page of a hashtag.
func (u URLs) Tag(name string) string { return u.Base + "/tags/" + strings.ToLower(name) }

// Media returns the public URL of the stored picture called name.
func (u URLs) Media(name string) string { return u.Base + "/media/" + name }

// Activity is the id of the outgoing activity called token.
func (u URLs) Activity(token string) string { return u.Base + "/activities/" + token }

// NewActivity mints the id of a new outgoing activity.
func (u URLs) NewActivity() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return u.Activity(hex.EncodeToString(b))
}

// EventKind tells gatherings from sessions in public URLs.
type EventKind string

// The kinds of event.
const (
	KindGathering EventKind = "gathering"
	KindSession   EventKind = "session"
)

// EventPath is what one of our URLs under an event says: which event,
// and whether it names the event itself, its poll, or one of our notes
// about it.
type EventPath struct {
	Kind EventKind
	ID   int64
	Poll bool   // …/poll
	Note string // …/notes/{Note}
	// SlotPoll is one of a gathering's slot polls: …/slots/{SlotPoll}.
	SlotPoll int64
}

// ParseEvent reads an event's URL, its poll's or one of its notes' back
// into an EventPath.
func (u URLs) ParseEvent(uri string) (EventPath, bool) {
	rest, ok := strings.CutPrefix(uri, u.Base+"/")
	if !ok {
		return EventPath{}, false
	}
	parts := strings.Split(rest, "/")
	if len(parts) < 2 {
		return EventPath{}, false
	}
	var p EventPath
	switch parts[0] {
	case "gatherings":
		p.Kind = KindGathering
	case "sessions":
		p.Kind = KindSession
	default:
		return EventPath{}, false
	}
	id, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil || id <= 0 {
		return EventPath{}, false
	}
	p.ID = id
	switch tail := parts[2:]; {
	case len(tail) == 0:
	case len(tail) == 1 && tail[0] == "poll":
		p.Poll = true
	case len(tail) == 2 && tail[0] == "notes" && tail[1] != "":
		p.Note = tail[1]
	case len(tail) == 2 && tail[0] == "slots" && p.Kind == KindGathering:
		n, err := strconv.ParseInt(tail[1], 10, 64)
		if err != nil || n <= 0 {
			return EventPath{}, false
		}
		p.SlotPoll = n
	default:
		return EventPath{}, false
	}
	return p, true
}

// EventOf reads a gathering's or session's id back from its URL: the
// event itself, not its poll or notes.
func (u URLs) EventOf(uri string) (EventKind, int64, bool) {
	p, ok := u.ParseEvent(uri)
	if !ok || p.Poll || p.Note != "" || p.SlotPoll != 0 {
		return "", 0, false
	}
	return p.Kind, p.ID, true
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

// InstanceHandle is the handle of the instance actor, which signs our
// GETs and answers for the server as a whole.
const InstanceHandle = "instance.actor"

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
