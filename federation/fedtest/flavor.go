package fedtest

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

func (f Flavor) valid() bool { return f >= Mastodon && f <= Gancio }

// software is the name and version the fake reports in NodeInfo and its
// User-Agent.
func (f Flavor) software() (name, version string) {
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

func (f Flavor) userAgent(baseURL string) string {
	name, version := f.software()
	switch f {
	case Mastodon:
		return "http.rb/5.2.0 (Mastodon/" + version + "; +" + baseURL + "/)"
	case GoToSocial:
		return "gotosocial/" + version + " (+" + baseURL + ")"
	}
	return name + "/" + version + " (+" + baseURL + ")"
}

func (f Flavor) actorType() string {
	if f == Gancio {
		return "Application"
	}
	return "Person"
}

// actorPath is the path of the actor called name.
func (f Flavor) actorPath(name string) string {
	switch f {
	case Mobilizon:
		return "/@" + name
	case Gancio:
		return "/federation/u/" + name
	}
	return "/users/" + name
}

// profilePath is the path of the actor's HTML profile, "" when it is the
// actor's id itself.
func (f Flavor) profilePath(name string) string {
	switch f {
	case Mastodon, GoToSocial:
		return "/@" + name
	}
	return ""
}

// keyID is the id of the key of the actor whose id is actorID.
func (f Flavor) keyID(actorID string) string {
	if f == GoToSocial {
		return actorID + "/main-key"
	}
	return actorID + "#main-key"
}

// sharedInboxPath is the shared inbox of the actor called name, "" for none.
func (f Flavor) sharedInboxPath(name string) string {
	switch f {
	case Mastodon, Mobilizon:
		return "/inbox"
	case Gancio:
		return f.actorPath(name) + "/inbox"
	}
	return ""
}

// signing describes how a flavour signs its requests.
type signing struct {
	algorithm string
	// post and get are the signed header lists, in order.
	post, get []string
	// hostWithoutPort and targetWithoutQuery make the signing string use
	// the host without its port and the path without its query.
	hostWithoutPort    bool
	targetWithoutQuery bool
	getWithoutQuery    bool
	// contentType is sent on POSTs, accept on GETs.
	contentType, accept string
}

const (
	activityJSON = "application/activity+json"
	ldJSON       = `application/ld+json; profile="https://www.w3.org/ns/activitystreams"`
)

func (f Flavor) signing() signing {
	switch f {
	case GoToSocial:
		return signing{
			algorithm:   "hs2019",
			post:        []string{"(request-target)", "host", "date", "digest"},
			get:         []string{"(request-target)", "host", "date"},
			contentType: ldJSON,
			accept:      ldJSON + "," + activityJSON,
		}
	case Mobilizon:
		return signing{
			algorithm:          "rsa-sha256",
			post:               []string{"(request-target)", "content-length", "date", "digest", "host"},
			get:                []string{"(request-target)", "date", "host"},
			targetWithoutQuery: true,
			getWithoutQuery:    true,
			contentType:        activityJSON,
			accept:             activityJSON,
		}
	case Gancio:
		return signing{
			algorithm:          "rsa-sha256",
			post:               []string{"(request-target)", "host", "date", "digest"},
			get:                []string{"(request-target)", "host", "date"},
			hostWithoutPort:    true,
			targetWithoutQuery: true,
			getWithoutQuery:    true,
			contentType:        activityJSON,
			accept:             activityJSON,
		}
	}
	return signing{
		algorithm:   "rsa-sha256",
		post:        []string{"(request-target)", "host", "date", "digest", "content-type"},
		get:         []string{"(request-target)", "host", "date", "accept"},
		contentType: activityJSON,
		accept:      activityJSON + ", " + ldJSON,
	}
}

// window is how far from the server's clock an incoming signed Date may be.
func (f Flavor) window() time.Duration {
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

// strictContentType reports whether the flavour answers 406 to an inbox
// POST without an ActivityStreams Content-Type.
func (f Flavor) strictContentType() bool { return f == GoToSocial }

// ulidish turns n into a 26-character upper-case token shaped like the
// ULIDs GoToSocial uses in its ids.
func ulidish(prefix string, n int64) string {
	return prefix + strings.ToUpper(padHex(n, 26-len(prefix)))
}

// uuidish turns n into a token shaped like a UUID.
func uuidish(n int64) string {
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
