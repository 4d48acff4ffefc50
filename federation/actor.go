package federation

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/gather-coop/gather/federation/internal/wire"
	"github.com/gather-coop/gather/federation/jsonvalue"
)

// Actor is one of our own actors as Gather serves it: a co-op account
// (type "Group") or the instance actor ("Application"). Its JSON form is
// what Mastodon reads when it fetches an account; see [ActorJSON].
type Actor struct {
	// ID is the actor's IRI, an absolute http(s) URL. Required.
	ID string
	// Type is the ActivityStreams actor type: "Group", "Application",
	// "Person", "Service" or "Organization". Required.
	Type string
	// PreferredUsername is the handle's user part ("events" for
	// @events@coop.example). Required.
	PreferredUsername string
	// Name is the display name.
	Name string
	// SummaryHTML is the profile text, already sanitised HTML.
	SummaryHTML string
	// URL is the profile page people open in a browser.
	URL string
	// Inbox is required; Outbox, Followers, Following and SharedInbox
	// are written when set.
	Inbox, Outbox, Followers, Following, SharedInbox string
	// Featured is the collection of pinned posts (Mastodon's
	// toot:featured); "" for none. GoToSocial fetches it for every
	// account and logs an error when it is missing.
	Featured string
	// PublicKeyID (by convention ID + "#main-key") and PublicKeyPEM (a
	// PEM "PUBLIC KEY" block) are required: peers verify our signatures
	// with them.
	PublicKeyID, PublicKeyPEM string
	// Icon is the avatar and Image the header picture; nil for none.
	Icon, Image *Image
	// ManuallyApprovesFollowers tells followers that their Follow waits
	// for an Accept.
	ManuallyApprovesFollowers bool
	// Discoverable lets Mastodon list the account in its directory.
	Discoverable bool
	// Indexable lets Mastodon's full-text search find the actor's posts,
	// which for an events account is usually wanted.
	Indexable bool
	// Published is when the account was created; written to the second,
	// in UTC, when set.
	Published time.Time
	// Links are the profile's name/value fields (Mastodon's "profile
	// metadata"), shown in order.
	Links []PropertyValue
}

// PropertyValue is one profile field: a plain-text name and an HTML value
// (usually a link).
type PropertyValue struct {
	Name      string
	ValueHTML string
}

// MarshalJSON encodes the actor as [ActorJSON] does.
func (a Actor) MarshalJSON() ([]byte, error) {
	return ActorJSON(a)
}

// ActorJSON encodes an actor as the ActivityStreams document Mastodon,
// GoToSocial and Mobilizon expect: Gather's @context, endpoints.sharedInbox,
// publicKey {id, owner, publicKeyPem}, icon and image as Image objects, the
// profile fields as an attachment array of PropertyValue, and
// manuallyApprovesFollowers and discoverable always present. It fails when
// a required field is missing or a URL field is not an absolute http(s)
// URL.
//
// It encodes a plain struct rather than going through go-fed: of the
// properties above, go-fed knows neither endpoints,
// manuallyApprovesFollowers, indexable nor PropertyValue, so the go-fed
// path meant building a vocab.ActivityStreamsGroup property by property,
// serializing it to a map, then patching that map for the context, the
// unknown terms and the arrays. The test suite checks that go-fed reads
// the result back.
func ActorJSON(a Actor) ([]byte, error) {
	if err := a.validate(); err != nil {
		return nil, err
	}
	doc := actorDoc{
		Context:                   Context(),
		ID:                        a.ID,
		Type:                      a.Type,
		PreferredUsername:         a.PreferredUsername,
		Name:                      a.Name,
		Summary:                   a.SummaryHTML,
		URL:                       a.URL,
		Inbox:                     a.Inbox,
		Outbox:                    a.Outbox,
		Followers:                 a.Followers,
		Following:                 a.Following,
		Featured:                  a.Featured,
		PublicKey:                 publicKeyDoc{ID: a.PublicKeyID, Owner: a.ID, PublicKeyPEM: a.PublicKeyPEM},
		Icon:                      wire.ImageDocOf(a.Icon),
		Image:                     wire.ImageDocOf(a.Image),
		ManuallyApprovesFollowers: a.ManuallyApprovesFollowers,
		Discoverable:              a.Discoverable,
		Indexable:                 a.Indexable,
		Attachment:                make([]propertyValueDoc, 0, len(a.Links)),
	}
	if a.SharedInbox != "" {
		doc.Endpoints = &endpointsDoc{SharedInbox: a.SharedInbox}
	}
	if !a.Published.IsZero() {
		doc.Published = a.Published.UTC().Truncate(time.Second).Format(time.RFC3339)
	}
	for _, l := range a.Links {
		doc.Attachment = append(doc.Attachment, propertyValueDoc{Type: "PropertyValue", Name: l.Name, Value: l.ValueHTML})
	}
	b, err := wire.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("encode actor %s: %w", a.ID, err)
	}
	return b, nil
}

func (a Actor) validate() error {
	switch {
	case !jsonvalue.IsHTTPURL(a.ID):
		return fmt.Errorf("encode actor: id %q is not an absolute http(s) URL", a.ID)
	case a.Type == "":
		return fmt.Errorf("encode actor %s: missing type", a.ID)
	case a.PreferredUsername == "":
		return fmt.Errorf("encode actor %s: missing preferredUsername", a.ID)
	case a.PublicKeyID == "" || a.PublicKeyPEM == "":
		return fmt.Errorf("encode actor %s: missing public key", a.ID)
	}
	urls := []struct{ name, value string }{
		{"inbox", a.Inbox},
		{"url", a.URL},
		{"outbox", a.Outbox},
		{"followers", a.Followers},
		{"following", a.Following},
		{"featured", a.Featured},
		{"sharedInbox", a.SharedInbox},
		{"publicKey.id", a.PublicKeyID},
	}
	for i, u := range urls {
		required := i == 0
		if (required || u.value != "") && !jsonvalue.IsHTTPURL(u.value) {
			return fmt.Errorf("encode actor %s: %s %q is not an absolute http(s) URL", a.ID, u.name, u.value)
		}
	}
	for _, img := range []*Image{a.Icon, a.Image} {
		if img != nil && !jsonvalue.IsHTTPURL(img.URL) {
			return fmt.Errorf("encode actor %s: image url %q is not an absolute http(s) URL", a.ID, img.URL)
		}
	}
	return nil
}

// actorDoc is the wire form of Actor; field order is the output order.
type actorDoc struct {
	Context                   json.RawMessage    `json:"@context"`
	ID                        string             `json:"id"`
	Type                      string             `json:"type"`
	PreferredUsername         string             `json:"preferredUsername"`
	Name                      string             `json:"name,omitempty"`
	Summary                   string             `json:"summary,omitempty"`
	URL                       string             `json:"url,omitempty"`
	Inbox                     string             `json:"inbox"`
	Outbox                    string             `json:"outbox,omitempty"`
	Followers                 string             `json:"followers,omitempty"`
	Following                 string             `json:"following,omitempty"`
	Featured                  string             `json:"featured,omitempty"`
	Endpoints                 *endpointsDoc      `json:"endpoints,omitempty"`
	PublicKey                 publicKeyDoc       `json:"publicKey"`
	Icon                      *wire.ImageDoc     `json:"icon,omitempty"`
	Image                     *wire.ImageDoc     `json:"image,omitempty"`
	ManuallyApprovesFollowers bool               `json:"manuallyApprovesFollowers"`
	Discoverable              bool               `json:"discoverable"`
	Indexable                 bool               `json:"indexable"`
	Published                 string             `json:"published,omitempty"`
	Attachment                []propertyValueDoc `json:"attachment"`
}

type endpointsDoc struct {
	SharedInbox string `json:"sharedInbox"`
}

type publicKeyDoc struct {
	ID           string `json:"id"`
	Owner        string `json:"owner"`
	PublicKeyPEM string `json:"publicKeyPem"`
}

type propertyValueDoc struct {
	Type  string `json:"type"`
	Name  string `json:"name"`
	Value string `json:"value"`
}
