package fedtest

import (
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"sync"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/fedtest/flavor"
	"github.com/gather-coop/gather/federation/httpsig"
)

// Actor is an account on a fake Server. Its exported fields are set by
// AddActor and never change.
type Actor struct {
	// ID is the actor's IRI, e.g. "http://127.0.0.1:port/users/alice".
	ID string
	// Name is the user part of its handle.
	Name string
	// Handle is "@name@127.0.0.1:port".
	Handle string
	// Inbox is the actor's own inbox; SharedInbox is the server's shared
	// inbox, "" for GoToSocial, which has none.
	Inbox, SharedInbox string
	// KeyID is the keyId the actor signs with.
	KeyID string
	// URL is the actor's profile page (the actor's id where the flavour
	// has no separate one).
	URL string
	// Outbox, Followers and Following are the actor's (always empty)
	// collections.
	Outbox, Followers, Following string

	server *Server

	mu     sync.Mutex
	key    *rsa.PrivateKey
	avatar string
}

// SetAvatar gives the actor an avatar at url (icon, image/png) and serves
// its document again.
func (a *Actor) SetAvatar(url string) {
	a.mu.Lock()
	a.avatar = url
	a.mu.Unlock()
	a.publish()
}

// AddActor creates the actor called name on the server and serves its
// actor document, its WebFinger entry, its inbox and, for GoToSocial, its
// key stub. The actor signs with the server's key until RotateKey.
//
// AddActor panics if name is empty or already taken, or when a second
// actor is added to a Gancio server, which has exactly one.
func (s *Server) AddActor(name string) *Actor {
	if name == "" {
		panic("fedtest: AddActor with an empty name")
	}
	f := s.flavor
	id := s.base + f.ActorPath(name)
	a := &Actor{
		ID:        id,
		Name:      name,
		Handle:    "@" + name + "@" + s.host,
		Inbox:     id + "/inbox",
		KeyID:     f.KeyID(id),
		URL:       id,
		Outbox:    id + "/outbox",
		Followers: id + "/followers",
		Following: id + "/following",
		server:    s,
		key:       s.key,
	}
	if p := f.ProfilePath(name); p != "" {
		a.URL = s.base + p
	}
	if p := f.SharedInboxPath(name); p != "" {
		a.SharedInbox = s.base + p
	}
	if s.inboxOrigin != "" {
		a.Inbox = s.inboxOrigin + pathOf(a.Inbox)
		if a.SharedInbox != "" {
			a.SharedInbox = s.inboxOrigin + pathOf(a.SharedInbox)
		}
	}

	s.mu.Lock()
	_, taken := s.actors[name]
	n := len(s.actors)
	if !taken && !(f == Gancio && n > 0) {
		s.actors[name] = a
		s.inboxes[pathOf(a.Inbox)] = true
		if a.SharedInbox != "" {
			s.inboxes[pathOf(a.SharedInbox)] = true
		}
	}
	s.mu.Unlock()
	switch {
	case taken:
		panic(fmt.Sprintf("fedtest: actor %q already exists on %s", name, s.host))
	case f == Gancio && n > 0:
		panic("fedtest: a Gancio server has a single actor")
	}

	for _, c := range []string{a.Outbox, a.Followers, a.Following} {
		b, err := federation.OrderedCollection(c, 0, "")
		if err != nil {
			panic(fmt.Sprintf("fedtest: build collection %s: %v", c, err))
		}
		s.publish(pathOf(c), b, false)
	}
	a.publish()
	return a
}

// Server returns the server the actor lives on.
func (a *Actor) Server() *Server { return a.server }

// RotateKey gives the actor a newly generated key. From then on the actor
// signs with it and the server serves it, so a receiver that cached the
// old key must fetch it again.
func (a *Actor) RotateKey() {
	key, err := httpsig.GenerateKey()
	if err != nil {
		panic(fmt.Sprintf("fedtest: generate key: %v", err))
	}
	a.mu.Lock()
	a.key = key
	a.mu.Unlock()
	a.publish()
}

// PublicKey returns the public half of the key the actor now signs with.
func (a *Actor) PublicKey() *rsa.PublicKey {
	return &a.signingKey().PublicKey
}

func (a *Actor) signingKey() *rsa.PrivateKey {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.key
}

// publish (re)serves the actor document and, for GoToSocial, the key stub,
// with the actor's current key.
func (a *Actor) publish() {
	s := a.server
	pem, err := httpsig.MarshalPublicKeyPEM(a.PublicKey())
	if err != nil {
		panic(fmt.Sprintf("fedtest: encode key: %v", err))
	}
	doc := federation.Actor{
		ID:                a.ID,
		Type:              s.flavor.ActorType(),
		PreferredUsername: a.Name,
		Name:              a.Name,
		URL:               a.URL,
		Inbox:             a.Inbox,
		Outbox:            a.Outbox,
		Followers:         a.Followers,
		Following:         a.Following,
		SharedInbox:       a.SharedInbox,
		PublicKeyID:       a.KeyID,
		PublicKeyPEM:      pem,
		Discoverable:      true,
	}
	a.mu.Lock()
	if a.avatar != "" {
		doc.Icon = &federation.Image{URL: a.avatar, MediaType: "image/png"}
	}
	a.mu.Unlock()
	body, err := federation.ActorJSON(doc)
	if err != nil {
		panic(fmt.Sprintf("fedtest: build actor %s: %v", a.ID, err))
	}
	// Mastodon in AUTHORIZED_FETCH mode and GoToSocial refuse unsigned
	// GETs of an actor document, key or not (a fetcher signs as its
	// instance actor, which both serve to anyone); the others serve it to
	// anyone even in this fake's authorized-fetch mode.
	s.publish(pathOf(a.ID), body, s.flavor != GoToSocial && s.flavor != Mastodon)
	if s.flavor == GoToSocial {
		s.publish(pathOf(a.KeyID), mustJSON(map[string]any{
			"@context":          []string{"https://w3id.org/security/v1", federation.ActivityStreamsNS},
			"id":                a.ID,
			"type":              doc.Type,
			"preferredUsername": a.Name,
			"publicKey":         map[string]string{"id": a.KeyID, "owner": a.ID, "publicKeyPem": pem},
		}), true)
	}
}

// Kinds of id an actor mints.
const (
	kindFollow   = "follow"
	kindUndo     = "undo"
	kindLike     = "like"
	kindAnnounce = "announce"
	kindNote     = "note"
	kindVote     = "vote"
	kindJoin     = "join"
	kindLeave    = "leave"
	kindFlag     = "flag"
)

// newID mints a fresh id for an activity of the given kind, shaped like the
// flavour's. For a note or a vote it also returns the id of the object the
// activity creates ("" otherwise).
func (a *Actor) newID(kind string) (activity, object string) {
	s := a.server
	n := s.next()
	num := strconv.FormatInt(n, 10)
	switch s.flavor {
	case GoToSocial:
		ulid := flavor.ULIDish("01FED", n)
		switch kind {
		case kindNote:
			object = a.ID + "/statuses/" + ulid
			return object + "/activity#Create", object
		case kindVote:
			object = a.ID + "#" + ulid + "/votes/0"
			return a.ID + "/activity#vote" + num, object
		case kindUndo:
			return s.base + "/" + ulid, ""
		case kindLike:
			return a.ID + "/liked/" + ulid, ""
		case kindAnnounce:
			return a.ID + "/statuses/" + ulid, ""
		}
		return a.ID + "/" + kind + "/" + ulid, ""
	case Mobilizon:
		uuid := flavor.UUIDish(n)
		if kind == kindNote || kind == kindVote {
			object = s.base + "/comments/" + uuid
			return object + "/activity", object
		}
		return s.base + "/" + kind + "/" + uuid, ""
	case Gancio:
		object = s.base + "/federation/m/" + num
		if kind == kindNote || kind == kindVote {
			return object + "#Create", object
		}
		return object + "#" + kind, ""
	}
	switch kind {
	case kindNote:
		object = a.ID + "/statuses/" + num
		return object + "/activity", object
	case kindVote:
		object = a.ID + "#votes/" + num
		return object + "/activity", object
	case kindFollow, kindFlag:
		return s.base + "/" + flavor.UUIDish(n), ""
	case kindAnnounce:
		return a.ID + "/statuses/" + num + "/activity", ""
	}
	return a.ID + "#" + kind + "s/" + num, ""
}

// keep serves a built document at its id, when the id is a URL of this
// server without a fragment, so that a receiver can fetch it back.
func (a *Actor) keep(id string, body []byte) {
	u, err := url.Parse(id)
	if err != nil || u.Fragment != "" || u.Host != a.server.host {
		return
	}
	a.server.publish(u.EscapedPath(), body, false)
}

// pathOf returns the path of an absolute URL this package built.
func pathOf(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		panic(fmt.Sprintf("fedtest: parse %q: %v", rawURL, err))
	}
	return u.EscapedPath()
}

// mustJSON encodes v, which this package builds from strings, maps and
// slices only, so encoding cannot fail.
func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("fedtest: encode JSON: %v", err))
	}
	return b
}
