package remoteevent

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/asevent"
	"github.com/gather-coop/gather/federation/jsonvalue"
)

// Event is what Gather keeps of another server's event.
type Event struct {
	// ID is the Event's IRI, on the server of AttributedTo.
	ID string
	// URL is its HTML page, where people read about it and RSVP; "" when
	// the server gives none (then ID is the best link there is).
	URL string
	// AttributedTo is the actor that publishes it: attributedTo, else the
	// activity's actor.
	AttributedTo string
	// Name is the title, plain text, never "".
	Name string
	// SummaryHTML and ContentHTML are sanitised HTML, safe to put in a
	// page as they are; either may be "".
	SummaryHTML, ContentHTML string
	// Start is always set; End is the zero time when the server gives
	// none (Gancio may not) or one not after Start.
	Start, End time.Time
	// TimeZone is the IANA name of the zone the event happens in; "" when
	// the server gives none (Gancio) or one this machine does not know.
	TimeZone string
	// Place is where it happens in person; nil for none.
	Place *Place
	// OnlineURL is the link to join online; "" for none.
	OnlineURL string
	// Status is one of federation's EventStatus values, EventScheduled
	// when the server says nothing.
	Status asevent.EventStatus
	// PictureURL is the event's picture on its server, not fetched; "" for
	// none.
	PictureURL string
	// SuperEvent is the gathering a session belongs to (on the same
	// server; a claim on another server's is dropped); SubEvents are a
	// gathering's sessions.
	SuperEvent string
	SubEvents  []string
	// Organizers are the actors the event credits as organising it
	// (organizers, a collection or a list of actors), at most
	// MaxOrganizers; none when it names none.
	Organizers []string
	// Published and Updated are the zero time when absent.
	Published, Updated time.Time
	// Raw is the Event object as received.
	Raw json.RawMessage
}

// Place is a physical location.
type Place struct {
	// Name is the place's name; Address its address on one line
	// ("12 Example Street, London, N1 8XX, GB"). Either may be "".
	Name, Address string
	// Latitude and Longitude are in degrees; HasGeo says they were given.
	Latitude, Longitude float64
	HasGeo              bool
}

// Version is when this copy of the event was last changed: Updated, else
// Published. An update whose Version is not after the stored one's is
// not newer and is dropped.
func (e Event) Version() time.Time {
	if !e.Updated.IsZero() {
		return e.Updated
	}
	return e.Published
}

// ErrNotEvent means the object is not an Event (a Note, say): not for the
// network calendar, and no error of the sender's.
var ErrNotEvent = errors.New("not an Event")

// FetchError means the object cannot be taken as sent: it was named by
// its IRI only, or sent by an actor on another origin than its id's (an
// Announce of someone else's event, or a forgery). Fetch ID from its
// server and read it with ParseFetched.
type FetchError struct {
	// ID is the object's IRI.
	ID string
	// Reason says why, in one line.
	Reason string
}

func (e *FetchError) Error() string {
	return fmt.Sprintf("fetch %s from its origin: %s", e.ID, e.Reason)
}

// ParseFetched reads an Event fetched from url (after redirects, the URL
// that answered). Its id must be on url's origin and so must its author:
// a server speaks only for its own objects.
func ParseFetched(raw []byte, url string) (Event, error) {
	e, err := parseEvent(raw, "")
	if err != nil {
		return Event{}, err
	}
	if !federation.SameOrigin(e.ID, url) {
		return Event{}, fmt.Errorf("read event %s fetched from %s: %w", e.ID, url, federation.ErrForeignID)
	}
	return e, nil
}

// parseEvent reads an Event object. actor, the sending activity's actor,
// stands in for a missing attributedTo. The author must be on the id's
// origin.
func parseEvent(raw []byte, actor string) (Event, error) {
	o, err := jsonvalue.Decode(raw)
	if err != nil {
		return Event{}, fmt.Errorf("read event: %w", err)
	}
	typ := jsonvalue.FirstString(o["type"])
	e := Event{
		ID:           o.Str("id"),
		URL:          httpURL(jsonvalue.LinkHref(o["url"])),
		AttributedTo: jsonvalue.RefID(o["attributedTo"]),
		Name:         strings.TrimSpace(o.Str("name")),
		SummaryHTML:  sanitize(o.Str("summary")),
		ContentHTML:  sanitize(o.Str("content")),
		Start:        jsonvalue.Time(o["startTime"]),
		End:          jsonvalue.Time(o["endTime"]),
		Published:    jsonvalue.Time(o["published"]),
		Updated:      jsonvalue.Time(o["updated"]),
		SubEvents:    []string{},
		Raw:          json.RawMessage(append([]byte(nil), raw...)),
	}
	if typ != "Event" {
		return Event{}, fmt.Errorf("read %s %s: %w", typ, e.ID, ErrNotEvent)
	}
	if e.AttributedTo == "" {
		e.AttributedTo = jsonvalue.RefID(o["actor"])
	}
	if e.AttributedTo == "" {
		e.AttributedTo = actor
	}
	if e.Name == "" {
		e.Name = strings.TrimSpace(jsonvalue.FirstMapString(o["nameMap"]))
	}
	if e.ContentHTML == "" {
		e.ContentHTML = sanitize(jsonvalue.FirstMapString(o["contentMap"]))
	}
	switch {
	case !jsonvalue.IsHTTPURL(e.ID):
		return Event{}, fmt.Errorf("read event: %w: id %q is not an absolute http(s) URL", federation.ErrMalformed, e.ID)
	case !jsonvalue.IsHTTPURL(e.AttributedTo):
		return Event{}, fmt.Errorf("read event %s: %w: no author", e.ID, federation.ErrMalformed)
	case !federation.SameOrigin(e.ID, e.AttributedTo):
		return Event{}, fmt.Errorf("read event %s by %s: %w", e.ID, e.AttributedTo, federation.ErrForeignID)
	case e.Name == "":
		return Event{}, fmt.Errorf("read event %s: %w: no name", e.ID, federation.ErrMalformed)
	case e.Start.IsZero():
		return Event{}, fmt.Errorf("read event %s: %w: no startTime", e.ID, federation.ErrMalformed)
	}
	if !e.End.After(e.Start) {
		e.End = time.Time{}
	}
	if tz := o.Str("timezone"); tz != "" && len(tz) < 64 {
		if _, err := time.LoadLocation(tz); err == nil && tz != "Local" {
			e.TimeZone = tz
		}
	}
	e.Status = status(o)
	if words, ok := statusWords[e.Status]; ok {
		if rest, cut := strings.CutPrefix(e.Name, words+": "); cut && rest != "" {
			e.Name = rest
		}
	}
	e.readLocation(o)
	e.readAttachments(o)
	if e.PictureURL == "" {
		e.PictureURL = httpURL(jsonvalue.LinkHref(o["image"]))
	}
	if sup := jsonvalue.RefID(o["superEvent"]); federation.SameOrigin(sup, e.ID) && sup != e.ID {
		e.SuperEvent = sup
	}
	e.Organizers = organizers(o["organizers"])
	for _, sub := range jsonvalue.RefIDs(o["subEvent"]) {
		if federation.SameOrigin(sub, e.ID) && sub != e.ID {
			e.SubEvents = append(e.SubEvents, sub)
		}
	}
	return e, nil
}

// statusWords are the words Gather puts before the name of an event that
// will not happen as planned (asevent.Event's name).
var statusWords = map[asevent.EventStatus]string{
	asevent.EventCancelled: "Cancelled",
	asevent.EventPostponed: "Postponed",
}

var knownStatuses = map[asevent.EventStatus]bool{
	asevent.EventScheduled: true, asevent.EventTentative: true, asevent.EventCancelled: true,
	asevent.EventPostponed: true, asevent.EventRescheduled: true, asevent.EventMovedOnline: true,
}

// icalStatuses map iCalendar's STATUS, which Mobilizon sends, onto
// FEP-8a8e's.
var icalStatuses = map[string]asevent.EventStatus{
	"CONFIRMED": asevent.EventScheduled,
	"TENTATIVE": asevent.EventTentative,
	"CANCELLED": asevent.EventCancelled,
}

// status reads eventStatus (a bare name, "schema:EventCancelled" or a
// schema.org IRI), else ical:status or status.
func status(o jsonvalue.Object) asevent.EventStatus {
	s := o.Str("eventStatus")
	if i := strings.LastIndexAny(s, "/:#"); i >= 0 {
		s = s[i+1:]
	}
	if st := asevent.EventStatus(s); knownStatuses[st] {
		return st
	}
	for _, key := range []string{"ical:status", "status"} {
		if st, ok := icalStatuses[strings.ToUpper(o.Str(key))]; ok {
			return st
		}
	}
	return asevent.EventScheduled
}

// readLocation reads the first Place as the place and the first online
// link a location gives (a VirtualLocation's url or any location's
// address.url).
func (e *Event) readLocation(o jsonvalue.Object) {
	for _, el := range jsonvalue.Elements(o["location"]) {
		loc, err := jsonvalue.Decode(el)
		if err != nil {
			continue
		}
		addr := loc["address"]
		if e.OnlineURL == "" && jsonvalue.Kind(addr) == '{' {
			if a, err := jsonvalue.Decode(addr); err == nil {
				e.OnlineURL = httpURL(jsonvalue.LinkHref(a["url"]))
			}
		}
		if jsonvalue.FirstString(loc["type"]) == "VirtualLocation" {
			if e.OnlineURL == "" {
				e.OnlineURL = httpURL(jsonvalue.LinkHref(loc["url"]))
			}
			if e.OnlineURL == "" {
				e.OnlineURL = httpURL(loc.Str("href"))
			}
			continue
		}
		if e.Place != nil {
			continue
		}
		p := &Place{Name: strings.TrimSpace(loc.Str("name")), Address: address(addr)}
		lat, okLat := coordinate(loc["latitude"], 90)
		lon, okLon := coordinate(loc["longitude"], 180)
		if okLat && okLon {
			p.Latitude, p.Longitude, p.HasGeo = lat, lon, true
		}
		if p.Name != "" || p.Address != "" || p.HasGeo {
			e.Place = p
		}
	}
}

// address writes a string address as it is and a PostalAddress on one
// line, its parts in the order a letter has them.
func address(raw json.RawMessage) string {
	if s := jsonvalue.String(raw); s != "" {
		return strings.TrimSpace(s)
	}
	a, err := jsonvalue.Decode(jsonvalue.First(raw))
	if err != nil {
		return ""
	}
	var parts []string
	for _, k := range []string{"streetAddress", "addressLocality", "postalCode", "addressRegion", "addressCountry"} {
		if v := strings.TrimSpace(a.Str(k)); v != "" {
			parts = append(parts, v)
		}
	}
	return strings.Join(parts, ", ")
}

// coordinate reads a number (or a number in a string, as some servers
// send) no larger than limit.
func coordinate(raw json.RawMessage, limit float64) (float64, bool) {
	var f float64
	switch jsonvalue.Kind(raw) {
	case '"':
		v, err := strconv.ParseFloat(jsonvalue.String(raw), 64)
		if err != nil {
			return 0, false
		}
		f = v
	case 0, 'n', '{', '[', 't', 'f':
		return 0, false
	default:
		if json.Unmarshal(raw, &f) != nil {
			return 0, false
		}
	}
	if math.IsNaN(f) || math.Abs(f) > limit {
		return 0, false
	}
	return f, true
}

// readAttachments takes the first image as the picture and a Link named
// "Website" (Mobilizon's online address) as the online link, or, for an
// event whose location is virtual but gave no link, the first web Link.
func (e *Event) readAttachments(o jsonvalue.Object) {
	online := e.OnlineURL == "" && isOnline(o)
	for _, el := range jsonvalue.Elements(o["attachment"]) {
		a, err := jsonvalue.Decode(el)
		if err != nil {
			continue
		}
		typ, mediaType := jsonvalue.FirstString(a["type"]), a.Str("mediaType")
		switch {
		case typ == "Link":
			href := httpURL(a.Str("href"))
			if e.OnlineURL == "" && href != "" && (a.Str("name") == asevent.OnlineLinkName || online) {
				e.OnlineURL = href
			}
		case e.PictureURL == "" && (typ == "Image" || strings.HasPrefix(mediaType, "image/")):
			e.PictureURL = httpURL(jsonvalue.LinkHref(a["url"]))
		}
	}
}

// isOnline reports whether the event says it happens online: Mobilizon's
// isOnline, or a VirtualLocation.
func isOnline(o jsonvalue.Object) bool {
	if string(o["isOnline"]) == "true" {
		return true
	}
	for _, el := range jsonvalue.Elements(o["location"]) {
		if loc, err := jsonvalue.Decode(el); err == nil && jsonvalue.FirstString(loc["type"]) == "VirtualLocation" {
			return true
		}
	}
	return false
}

// httpURL returns s when it is an absolute http(s) URL, else "": a link
// we print in a page must not be javascript: or a relative path.
func httpURL(s string) string {
	if jsonvalue.IsHTTPURL(s) {
		return s
	}
	return ""
}

// MaxOrganizers bounds how many organizers of an event are read.
const MaxOrganizers = 50

// organizers reads the actors an event's organizers names: a Collection
// (Gather's, with items or orderedItems), a list, or one actor; only
// absolute http(s) IRIs, at most MaxOrganizers.
func organizers(raw json.RawMessage) []string {
	if jsonvalue.Kind(raw) == '{' {
		if c, err := jsonvalue.Decode(raw); err == nil {
			if items, ok := c["items"]; ok {
				raw = items
			} else if items, ok := c["orderedItems"]; ok {
				raw = items
			}
		}
	}
	var out []string
	for _, id := range jsonvalue.RefIDs(raw) {
		if len(out) == MaxOrganizers {
			break
		}
		if jsonvalue.IsHTTPURL(id) {
			out = append(out, id)
		}
	}
	return out
}
