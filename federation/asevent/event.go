package asevent

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/internal/wire"
)

// Event is one of our events, a gathering or one of its sessions, as it
// federates. Each session is a complete Event of its own (FEP-8a8e knows
// nothing of multi-session events), linked to its gathering by SuperEvent.
// See [EventJSON] for how each kind of server reads it.
type Event struct {
	// ID is the Event's IRI. Required.
	ID string
	// URL is the event's HTML page: the link Mastodon shows. Required.
	URL string
	// AttributedTo is the co-op actor that publishes the event. Required.
	AttributedTo string
	// Followers is AttributedTo's followers collection, written in "cc";
	// "" for none. "to" is always Public.
	Followers string
	// CC are further actors addressed in "cc" after Followers: the
	// co-hosts the Event credits among its organizers, whose servers it
	// is sent to. nil for none.
	CC []string

	// Name is the title, plain text. Required. A cancelled or postponed
	// event's name is written with "Cancelled: " or "Postponed: " before it.
	Name string
	// Summary is the plain-text line Mastodon and GoToSocial show (Mastodon
	// under the title, GoToSocial as the content warning, where it is all
	// a collapsed post shows): title, date, time, zone, place and how to
	// RSVP, at most two lines and MaxSummaryLength characters. "" writes
	// [EventSummary]'s line.
	Summary string
	// DescriptionHTML is the description, already sanitised HTML: the
	// body of "content", which does not repeat the summary.
	DescriptionHTML string

	// Start and End are written in TimeZone, to the second. End must be
	// after Start. Required.
	Start, End time.Time
	// TimeZone is the zone the event happens in, loaded from an IANA name
	// (time.LoadLocation); not time.Local. Required.
	TimeZone *time.Location

	// Place is where the event happens in person; Virtual is its only
	// location when it happens online only. Exactly one is required: an
	// event has one location (Mobilizon fails on a list, Gancio breaks
	// without one).
	Place *Place
	// Virtual is the location of an online-only event; its URL is also
	// written as the online link.
	Virtual *VirtualLocation
	// OnlineURL is the link to join a hybrid event online (with Place);
	// "" for none. With Virtual it must be "" or Virtual.URL.
	OnlineURL string

	// Hashtags are the event's tags (a gathering's tracks, say); Mentions
	// the people tagged in it (a session's facilitators).
	Hashtags []federation.Hashtag
	Mentions []federation.Mention

	// Capacity is how many people can come; 0 for no limit. Going is how
	// many are coming (participantCount and the attendees' totalItems).
	Capacity, Going int
	// AttendeesURL is the IRI of the attendees collection; "" writes the
	// collection without an id.
	AttendeesURL string
	// Organizers are the IRIs of the organising actors: the co-op and the
	// facilitators. nil means AttributedTo alone.
	Organizers []string

	// JoinMode says how people sign up; "" means JoinFree.
	JoinMode JoinMode
	// ExternalParticipationURL is where to sign up when JoinMode is
	// JoinExternal; "" for none.
	ExternalParticipationURL string
	// Status is the event's status; "" means EventScheduled.
	Status EventStatus
	// Category is one upper-case category id, such as "MEETING",
	// "BUSINESS", "LEARNING", "COMMUNITY", "FOOD_DRINK", "PARTY",
	// "NETWORKING" or "SCIENCE_TECH"; "" for none.
	Category string

	// RepliesURL and RepliesFirst are the replies collection and its
	// first page; both "" to leave replies out.
	RepliesURL, RepliesFirst string
	// SuperEvent is a session's gathering; SubEvents are a gathering's
	// sessions.
	SuperEvent string
	SubEvents  []string
	// Icon and Image are pictures of the event; nil for none. Image, the
	// event's picture (a poster, a photo of the place), is also the first
	// attachment, as a Document: Mastodon and GoToSocial show it with the
	// post, Gancio takes the first attachment as the event's picture and
	// Mobilizon its media. It needs an image/* MediaType (Gancio fails on
	// an attachment without one).
	Icon, Image *federation.Image

	// Published is when the event was published: required, and the same
	// value for ever. Updated is the last change, never before Published;
	// the zero time for none. "updated" is written only when it is after
	// Published (to the second): an event as first published has none.
	Published, Updated time.Time
}

// Place is a physical location.
type Place struct {
	// Name is what people look for on arrival, as the caller words it:
	// "Room 2 · Co-op workspace". Required.
	Name string
	// Address is the postal address; nil for none.
	Address *PostalAddress
	// Geo is the place's coordinates; nil for none.
	Geo *GeoPoint
}

// PostalAddress is a schema.org postal address; empty fields are left out.
type PostalAddress struct {
	StreetAddress, Locality, PostalCode, Region, Country string
}

// GeoPoint is a latitude and a longitude in degrees (WGS 84).
type GeoPoint struct {
	Latitude, Longitude float64
}

// VirtualLocation is where an online-only event happens.
type VirtualLocation struct {
	// Name is a label for the link; "" writes "Online".
	Name string
	// URL is the link to join. Required.
	URL string
}

// JoinMode is how people sign up for an event (Mobilizon's and
// FEP-8a8e's joinMode).
type JoinMode string

// The join modes.
const (
	// JoinFree: anyone may sign up and is accepted at once.
	JoinFree JoinMode = "free"
	// JoinRestricted: sign-ups wait for an organiser's approval.
	JoinRestricted JoinMode = "restricted"
	// JoinInvite: by invitation only.
	JoinInvite JoinMode = "invite"
	// JoinExternal: sign up elsewhere, at ExternalParticipationURL.
	JoinExternal JoinMode = "external"
	// JoinNone: no sign-up at all.
	JoinNone JoinMode = "none"
)

// EventStatus is an event's status, written both as FEP-8a8e's
// eventStatus and as iCalendar's status (CONFIRMED, TENTATIVE or
// CANCELLED), which Mobilizon reads.
type EventStatus string

// The statuses, with the iCalendar status each maps to.
const (
	EventScheduled   EventStatus = "EventScheduled"   // CONFIRMED
	EventTentative   EventStatus = "EventTentative"   // TENTATIVE
	EventCancelled   EventStatus = "EventCancelled"   // CANCELLED
	EventPostponed   EventStatus = "EventPostponed"   // TENTATIVE: a new date is to come
	EventRescheduled EventStatus = "EventRescheduled" // CONFIRMED, at the new time
	EventMovedOnline EventStatus = "EventMovedOnline" // CONFIRMED, online
)

var icalStatus = map[EventStatus]string{
	EventScheduled:   "CONFIRMED",
	EventTentative:   "TENTATIVE",
	EventCancelled:   "CANCELLED",
	EventPostponed:   "TENTATIVE",
	EventRescheduled: "CONFIRMED",
	EventMovedOnline: "CONFIRMED",
}

var joinModes = map[JoinMode]bool{JoinFree: true, JoinRestricted: true, JoinInvite: true, JoinExternal: true, JoinNone: true}

// MaxSummaryLength is the longest Event summary, in characters: GoToSocial
// shows it as a content warning and Mastodon under the title.
const MaxSummaryLength = 300

// OnlineLinkName is the name of the attachment Link that carries an
// event's online address: Mobilizon takes a text/html Link named exactly
// "Website" as the online address and ignores any other name.
//
// That Link is sent only after the event's picture: on an Update, Gancio
// downloads the first attachment's url as the event's picture, and a
// first attachment that is a Link (no url, or a web page) fails the whole
// Update (500) on every retry. Without a picture the online link goes in
// the location only, where Gancio reads it (see EventJSON).
const OnlineLinkName = "Website"

var categoryPattern = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)

// MarshalJSON encodes the event as [EventJSON] does.
func (e Event) MarshalJSON() ([]byte, error) {
	return EventJSON(e)
}

// EventJSON encodes an event as a complete ActivityStreams Event, valid by
// FEP-8a8e, that each kind of server shows on its own terms:
//
//   - Mastodon turns it into a post of name, summary and url (it drops
//     content), with its hashtags;
//   - GoToSocial shows summary as the content warning and content behind
//     it (it drops name), so the summary names the event and content
//     does not repeat it: content is the description and the online
//     link, as a link in the text, since neither server shows a Link
//     attachment;
//   - Mobilizon and Gancio read startTime/endTime (in the event's zone,
//     with its offset), timezone, one location object (a Place with a
//     PostalAddress and float coordinates, or a VirtualLocation), joinMode,
//     capacity, category, ical:status and the comment options;
//   - the picture, when there is one, is the first attachment (a Document
//     with url and mediaType), for all four; after it comes Mobilizon's
//     online link (a Link named OnlineLinkName), never first (Gancio would
//     fetch it as the picture);
//   - an online-only event's VirtualLocation carries its link twice: as
//     url (FEP-8a8e) and as address.url, the only place Gancio reads an
//     online link from. A hybrid event's location stays the Place alone:
//     Gancio takes a location with address.url for online only, and
//     Mobilizon fails on a list of two;
//   - FEP-8a8e readers get organizers, attendees and eventStatus too, and
//     superEvent/subEvent link a session and its gathering.
//
// Lists that receivers expect as lists (to, cc, tag, attachment,
// organizers' items) are always arrays. It fails, naming the field, when
// a required field is missing or a value cannot be right (end before
// start, updated before published, two locations…).
func EventJSON(e Event) ([]byte, error) {
	doc, err := e.doc()
	if err != nil {
		return nil, fmt.Errorf("encode event %s: %w", e.ID, err)
	}
	b, err := wire.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("encode event %s: %w", e.ID, err)
	}
	return b, nil
}

func (e Event) doc() (*eventDoc, error) {
	if err := e.validate(); err != nil {
		return nil, err
	}
	tags, err := wire.TagDocs(e.Hashtags, e.Mentions)
	if err != nil {
		return nil, err
	}
	summary := e.Summary
	if summary == "" {
		summary = EventSummary(e)
	}
	if err := checkSummary(summary); err != nil {
		return nil, err
	}
	summaryHTML := escapeText(summary)
	status := e.status()
	doc := &eventDoc{
		Context:                       federation.Context(),
		ID:                            e.ID,
		Type:                          "Event",
		Name:                          e.name(),
		Summary:                       summaryHTML,
		Content:                       e.contentHTML(),
		MediaType:                     "text/html",
		StartTime:                     e.Start.In(e.TimeZone).Truncate(time.Second).Format(time.RFC3339),
		EndTime:                       e.End.In(e.TimeZone).Truncate(time.Second).Format(time.RFC3339),
		Timezone:                      e.TimeZone.String(),
		Location:                      e.locationDoc(),
		Attachment:                    e.attachmentDocs(),
		IsOnline:                      e.onlineURL() != "",
		URL:                           e.URL,
		AttributedTo:                  e.AttributedTo,
		Organizers:                    e.organizersDoc(),
		To:                            []string{federation.Public},
		CC:                            []string{},
		Published:                     wire.UTCTime(e.Published),
		Updated:                       wire.EditedTime(e.Published, e.Updated),
		Tag:                           tags,
		Category:                      e.Category,
		JoinMode:                      e.joinMode(),
		ExternalParticipationURL:      e.ExternalParticipationURL,
		ParticipantCount:              e.Going,
		Attendees:                     wire.CollectionDoc{ID: e.AttendeesURL, Type: "Collection", TotalItems: &e.Going},
		AnonymousParticipationEnabled: false,
		CommentsEnabled:               true,
		RepliesModerationOption:       "allow_all",
		ICalStatus:                    icalStatus[status],
		EventStatus:                   status,
		SuperEvent:                    e.SuperEvent,
		SubEvent:                      e.SubEvents,
		Icon:                          wire.ImageDocOf(e.Icon),
		Image:                         wire.ImageDocOf(e.Image),
	}
	if e.Followers != "" {
		doc.CC = []string{e.Followers}
	}
	doc.CC = append(doc.CC, e.CC...)
	if e.Capacity > 0 {
		remaining := max(e.Capacity-e.Going, 0)
		doc.MaximumAttendeeCapacity, doc.RemainingAttendeeCapacity = &e.Capacity, &remaining
	}
	if e.RepliesURL != "" || e.RepliesFirst != "" {
		doc.Replies = &wire.CollectionDoc{ID: e.RepliesURL, Type: "Collection", First: e.RepliesFirst}
	}
	return doc, nil
}

// attachmentDocs are the picture, first, then the online link for
// Mobilizon: never a Link first, which Gancio would fetch as the picture.
func (e Event) attachmentDocs() []any {
	out := []any{}
	if e.Image == nil {
		return out
	}
	out = append(out, pictureDoc{Type: "Document", MediaType: e.Image.MediaType, URL: e.Image.URL, Name: e.Name})
	if online := e.onlineURL(); online != "" {
		out = append(out, linkDoc{Type: "Link", Href: online, MediaType: "text/html", Name: OnlineLinkName})
	}
	return out
}

// name is the title as written in "name": a cancelled or postponed
// event says so in its title, because Gancio and others show the name in
// their listings and calendars and ignore ical:status and eventStatus.
func (e Event) name() string {
	if s := e.status(); s == EventCancelled || s == EventPostponed {
		return statusWords[s] + ": " + e.Name
	}
	return e.Name
}

// statusNotices open the content of an event that will not happen as
// planned, for servers that show content but neither name nor summary.
var statusNotices = map[EventStatus]string{
	EventCancelled: "Cancelled: this will not take place.",
	EventPostponed: "Postponed: a new date is to come.",
}

// contentHTML is the body GoToSocial shows behind the summary: the status
// notice, the description and the link to join online. It does not repeat
// the summary's line of title, time and place: servers that show summary
// and content show both, one after the other. The online link is written
// as a link in the text because GoToSocial and Mastodon show no Link
// attachment. When there is nothing else to say, it links the event's page.
func (e Event) contentHTML() string {
	var b strings.Builder
	if notice := statusNotices[e.status()]; notice != "" {
		b.WriteString("<p>" + escapeText(notice) + "</p>")
	}
	b.WriteString(e.DescriptionHTML)
	if online := e.onlineURL(); online != "" && e.status() != EventCancelled {
		b.WriteString("<p>Join online: " + wire.LinkHTML(online, "") + "</p>")
	}
	if b.Len() == 0 {
		b.WriteString("<p>" + wire.LinkHTML(e.URL, "") + "</p>")
	}
	return b.String()
}

func (e Event) status() EventStatus {
	if e.Status == "" {
		return EventScheduled
	}
	return e.Status
}

func (e Event) joinMode() JoinMode {
	if e.JoinMode == "" {
		return JoinFree
	}
	return e.JoinMode
}

// onlineURL is the link to join online: the virtual location's, or a
// hybrid event's OnlineURL.
func (e Event) onlineURL() string {
	if e.Virtual != nil {
		return e.Virtual.URL
	}
	return e.OnlineURL
}

func (e Event) locationDoc() any {
	if v := e.Virtual; v != nil {
		name := v.Name
		if name == "" {
			name = "Online"
		}
		return virtualLocationDoc{Type: "VirtualLocation", Name: name, URL: v.URL,
			Address: &onlineAddressDoc{Type: "VirtualLocation", URL: v.URL}}
	}
	p := placeDoc{Type: "Place", Name: e.Place.Name}
	if a := e.Place.Address; a != nil {
		p.Address = &postalAddressDoc{
			Type:            "PostalAddress",
			StreetAddress:   a.StreetAddress,
			AddressLocality: a.Locality,
			PostalCode:      a.PostalCode,
			AddressRegion:   a.Region,
			AddressCountry:  a.Country,
		}
	}
	if g := e.Place.Geo; g != nil {
		lat, lon := wire.Coordinate(g.Latitude), wire.Coordinate(g.Longitude)
		p.Latitude, p.Longitude = &lat, &lon
	}
	return p
}

func (e Event) organizersDoc() wire.CollectionDoc {
	items := e.Organizers
	if items == nil {
		items = []string{e.AttributedTo}
	}
	n := len(items)
	return wire.CollectionDoc{Type: "Collection", TotalItems: &n, Items: wire.NonNil(items)}
}

// eventDoc is the wire form of Event; field order is the output order.
type eventDoc struct {
	Context                       json.RawMessage     `json:"@context"`
	ID                            string              `json:"id"`
	Type                          string              `json:"type"`
	Name                          string              `json:"name"`
	Summary                       string              `json:"summary"`
	Content                       string              `json:"content"`
	MediaType                     string              `json:"mediaType"`
	StartTime                     string              `json:"startTime"`
	EndTime                       string              `json:"endTime"`
	Timezone                      string              `json:"timezone"`
	Location                      any                 `json:"location"`
	Attachment                    []any               `json:"attachment"`
	IsOnline                      bool                `json:"isOnline"`
	URL                           string              `json:"url"`
	AttributedTo                  string              `json:"attributedTo"`
	Organizers                    wire.CollectionDoc  `json:"organizers"`
	To                            []string            `json:"to"`
	CC                            []string            `json:"cc"`
	Published                     string              `json:"published"`
	Updated                       string              `json:"updated,omitempty"`
	Tag                           []wire.TagDoc       `json:"tag"`
	Category                      string              `json:"category,omitempty"`
	JoinMode                      JoinMode            `json:"joinMode"`
	ExternalParticipationURL      string              `json:"externalParticipationUrl,omitempty"`
	MaximumAttendeeCapacity       *int                `json:"maximumAttendeeCapacity,omitempty"`
	RemainingAttendeeCapacity     *int                `json:"remainingAttendeeCapacity,omitempty"`
	ParticipantCount              int                 `json:"participantCount"`
	Attendees                     wire.CollectionDoc  `json:"attendees"`
	AnonymousParticipationEnabled bool                `json:"anonymousParticipationEnabled"`
	CommentsEnabled               bool                `json:"commentsEnabled"`
	RepliesModerationOption       string              `json:"repliesModerationOption"`
	ICalStatus                    string              `json:"ical:status"`
	EventStatus                   EventStatus         `json:"eventStatus"`
	Replies                       *wire.CollectionDoc `json:"replies,omitempty"`
	SuperEvent                    string              `json:"superEvent,omitempty"`
	SubEvent                      []string            `json:"subEvent,omitempty"`
	Icon                          *wire.ImageDoc      `json:"icon,omitempty"`
	Image                         *wire.ImageDoc      `json:"image,omitempty"`
}

type placeDoc struct {
	Type      string            `json:"type"`
	Name      string            `json:"name"`
	Address   *postalAddressDoc `json:"address,omitempty"`
	Latitude  *wire.Coordinate  `json:"latitude,omitempty"`
	Longitude *wire.Coordinate  `json:"longitude,omitempty"`
}

type postalAddressDoc struct {
	Type            string `json:"type"`
	StreetAddress   string `json:"streetAddress,omitempty"`
	AddressLocality string `json:"addressLocality,omitempty"`
	PostalCode      string `json:"postalCode,omitempty"`
	AddressRegion   string `json:"addressRegion,omitempty"`
	AddressCountry  string `json:"addressCountry,omitempty"`
}

type virtualLocationDoc struct {
	Type    string            `json:"type"`
	Name    string            `json:"name"`
	URL     string            `json:"url"`
	Address *onlineAddressDoc `json:"address,omitempty"`
}

// onlineAddressDoc is an online event's address: Gancio reads the link
// from location.address.url.
type onlineAddressDoc struct {
	Type string `json:"type"`
	URL  string `json:"url"`
}

// pictureDoc is the event's picture as an attachment.
type pictureDoc struct {
	Type      string `json:"type"`
	MediaType string `json:"mediaType"`
	URL       string `json:"url"`
	Name      string `json:"name"`
}

type linkDoc struct {
	Type      string `json:"type"`
	Href      string `json:"href"`
	MediaType string `json:"mediaType"`
	Name      string `json:"name"`
}
