// Package flavor says what each kind of fediverse server that fedtest
// imitates does its own way: where it puts its actors and inboxes, its key
// ids, how it signs requests, how far it lets a signed Date drift, how
// strictly it checks what it receives, what it calls itself, and the shape
// of its ids. It is data and small functions, no server: fedtest's fakes
// read it (fedtest.Flavor and its constants are these).
package flavor

import (
	"strings"
	"time"
)

// Flavor is the kind of server a fake imitates: where it puts its actors,
// how it signs, and how strictly it checks what it receives.
type Flavor int

// The flavours of fake server.
const (
	// Mastodon: Person actors at /users/{name}, keyId <actor>#main-key,
	// algorithm="rsa-sha256", POSTs signed over "(request-target) host date
	// digest content-type", GETs over "(request-target) host date accept",
	// a shared inbox at /inbox, Date window of about 65 minutes.
	Mastodon Flavor = iota + 1
	// GoToSocial: Person actors at /users/{name}, keyId <actor>/main-key
	// (a URL answering a key stub), algorithm="hs2019", POSTs signed over
	// "(request-target) host date digest" with the JSON-LD ActivityStreams
	// Content-Type, no shared inbox, 406 for a POST whose Content-Type is not
	// ActivityStreams, no Date window, and signed GETs required for actor
	// documents (see WithAuthorizedFetch).
	GoToSocial
	// Mobilizon: Person actors at /@{name}, keyId <actor>#main-key, POSTs
	// signed over "(request-target) content-length date digest host" and GETs
	// over "(request-target) date host", both with the path without its
	// query, a shared inbox at /inbox, Date window of 12 hours.
	Mobilizon
	// Gancio: a single Application actor at /federation/u/{name}, whose
	// inbox is also its shared inbox, keyId <actor>#main-key, requests
	// signed over "(request-target) host date [digest]" with the host
	// WITHOUT its port and the request target WITHOUT its query string.
	Gancio
)

// String returns the flavour's name, e.g. "Mastodon".
func (f Flavor) String() string {
	switch f {
	case Mastodon:
		return "Mastodon"
	case GoToSocial:
		return "GoToSocial"
	case Mobilizon:
		return "Mobilizon"
	case Gancio:
		return "Gancio"
	}
	return "Flavor(invalid)"
}

// Valid reports whether f is one of the flavours.
func (f Flavor) Valid() bool { return f >= Mastodon && f <= Gancio }

// Software is the name and version the fake reports in NodeInfo and its
// User-Agent.
func (f Flavor) Software() (name, version string) {
	switch f {
	case GoToSocial:
		return "gotosocial", "0.19.2"
	case Mobilizon:
		return "mobilizon", "5.1.0"
	case Gancio:
		return "gancio", "1.21.0"
	}
	return "mastodon", "4.3.2"
}

// UserAgent is the User-Agent the flavour sends from baseURL.
func (f Flavor) UserAgent(baseURL string) string {
	name, version := f.Software()
	switch f {
	case Mastodon:
		return "http.rb/5.2.0 (Mastodon/" + version + "; +" + baseURL + "/)"
	case GoToSocial:
		return "gotosocial/" + version + " (+" + baseURL + ")"
	}
	return name + "/" + version + " (+" + baseURL + ")"
}

// ActorType is the type of the flavour's actors.
func (f Flavor) ActorType() string {
	if f == Gancio {
		return "Application"
	}
	return "Person"
}

// ActorPath is the path of the actor called name.
func (f Flavor) ActorPath(name string) string {
	switch f {
	case Mobilizon:
		return "/@" + name
	case Gancio:
		return "/federation/u/" + name
	}
	return "/users/" + name
}

// ProfilePath is the path of the actor's HTML profile, "" when it is the
// actor's id itself.
func (f Flavor) ProfilePath(name string) string {
	switch f {
	case Mastodon, GoToSocial:
		return "/@" + name
	}
	return ""
}

// KeyID is the id of the key of the actor whose id is actorID.
func (f Flavor) KeyID(actorID string) string {
	if f == GoToSocial {
		return actorID + "/main-key"
	}
	return actorID + "#main-key"
}

// SharedInboxPath is the shared inbox of the actor called name, "" for none.
func (f Flavor) SharedInboxPath(name string) string {
	switch f {
	case Mastodon, Mobilizon:
		return "/inbox"
	case Gancio:
		return f.ActorPath(name) + "/inbox"
	}
	return ""
}

// Signing describes how a flavour signs its requests.
type Signing struct {
	Algorithm string
	// Post and Get are the signed header lists, in order.
	Post, Get []string
	// HostWithoutPort makes the signing string use the host without its
	// port; TargetWithoutQuery and GetWithoutQuery, a POST's and a GET's
	// path without its query.
	HostWithoutPort    bool
	TargetWithoutQuery bool
	GetWithoutQuery    bool
	// ContentType is sent on POSTs, Accept on GETs.
	ContentType, Accept string
}

// The ActivityStreams media types, as servers send them.
const (
	ActivityJSON = "application/activity+json"
	LDJSON       = `application/ld+json; profile="https://www.w3.org/ns/activitystreams"`
)

// Signing is how the flavour signs.
func (f Flavor) Signing() Signing {
	switch f {
	case GoToSocial:
		return Signing{
			Algorithm:   "hs2019",
			Post:        []string{"(request-target)", "host", "date", "digest"},
			Get:         []string{"(request-target)", "host", "date"},
			ContentType: LDJSON,
			Accept:      LDJSON + "," + ActivityJSON,
		}
	case Mobilizon:
		return Signing{
			Algorithm:          "rsa-sha256",
			Post:               []string{"(request-target)", "content-length", "date", "digest", "host"},
			Get:                []string{"(request-target)", "date", "host"},
			TargetWithoutQuery: true,
			GetWithoutQuery:    true,
			ContentType:        ActivityJSON,
			Accept:             ActivityJSON,
		}
	case Gancio:
		return Signing{
			Algorithm:          "rsa-sha256",
			Post:               []string{"(request-target)", "host", "date", "digest"},
			Get:                []string{"(request-target)", "host", "date"},
			HostWithoutPort:    true,
			TargetWithoutQuery: true,
			GetWithoutQuery:    true,
			ContentType:        ActivityJSON,
			Accept:             ActivityJSON,
		}
	}
	return Signing{
		Algorithm:   "rsa-sha256",
		Post:        []string{"(request-target)", "host", "date", "digest", "content-type"},
		Get:         []string{"(request-target)", "host", "date", "accept"},
		ContentType: ActivityJSON,
		Accept:      ActivityJSON + ", " + LDJSON,
	}
}

// Window is how far from the server's clock an incoming signed Date may be.
func (f Flavor) Window() time.Duration {
	switch f {
	case GoToSocial:
		// GoToSocial checks no window; a century stands in for "none".
		return 100 * 365 * 24 * time.Hour
	case Mobilizon:
		return 12 * time.Hour
	}
	// Mastodon: Date + 5 minutes may be at most an hour old.
	return time.Hour + 5*time.Minute
}

// StrictContentType reports whether the flavour answers 406 to an inbox
// POST without an ActivityStreams Content-Type.
func (f Flavor) StrictContentType() bool { return f == GoToSocial }

// ULIDish turns n into a 26-character upper-case token shaped like the
// ULIDs GoToSocial uses in its ids.
func ULIDish(prefix string, n int64) string {
	return prefix + strings.ToUpper(padHex(n, 26-len(prefix)))
}

// UUIDish turns n into a token shaped like a UUID.
func UUIDish(n int64) string {
	return "00000000-fed0-4000-8000-" + padHex(n, 12)
}

func padHex(n int64, width int) string {
	const digits = "0123456789abcdef"
	b := make([]byte, width)
	for i := width - 1; i >= 0; i-- {
		b[i] = digits[n&0xf]
		n >>= 4
	}
	return string(b)
}
