package pages

import (
	"time"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
)

// The schema.org Event in a page's <script type="application/ld+json">.
// The template is handed the struct, not text: html/template encodes it
// as JSON and escapes '<', '>' and '&', so no title can close the script.

const schemaOrg = "https://schema.org"

type ldEvent struct {
	Context             string     `json:"@context,omitempty"`
	Type                string     `json:"@type"`
	ID                  string     `json:"@id"`
	Name                string     `json:"name"`
	Description         string     `json:"description,omitempty"`
	URL                 string     `json:"url"`
	StartDate           string     `json:"startDate"`
	EndDate             string     `json:"endDate"`
	EventStatus         string     `json:"eventStatus,omitempty"`
	EventAttendanceMode string     `json:"eventAttendanceMode,omitempty"`
	Location            any        `json:"location,omitempty"`
	Organizer           *ldOrg     `json:"organizer,omitempty"`
	Performer           []ldPerson `json:"performer,omitempty"`
	MaximumCapacity     *int       `json:"maximumAttendeeCapacity,omitempty"`
	SuperEvent          *ldEvent   `json:"superEvent,omitempty"`
	SubEvent            []ldEvent  `json:"subEvent,omitempty"`
}

type ldOrg struct {
	Type string `json:"@type"`
	Name string `json:"name"`
	URL  string `json:"url"`
}

type ldPerson struct {
	Type string `json:"@type"`
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

type ldPlace struct {
	Type    string     `json:"@type"`
	Name    string     `json:"name,omitempty"`
	Address *ldAddress `json:"address,omitempty"`
	Geo     *ldGeo     `json:"geo,omitempty"`
}

type ldAddress struct {
	Type            string `json:"@type"`
	StreetAddress   string `json:"streetAddress,omitempty"`
	AddressLocality string `json:"addressLocality,omitempty"`
	PostalCode      string `json:"postalCode,omitempty"`
	AddressRegion   string `json:"addressRegion,omitempty"`
	AddressCountry  string `json:"addressCountry,omitempty"`
}

type ldGeo struct {
	Type      string  `json:"@type"`
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
}

type ldVirtual struct {
	Type string `json:"@type"`
	URL  string `json:"url"`
}

// gatheringLD is the gathering as a schema.org Event, its sessions as
// subEvents.
func gatheringLD(urls app.URLs, d app.GatheringDetail) *ldEvent {
	g, loc := d.Gathering, zone(d.Gathering)
	e := eventLD(urls, d, "", g.StartsAt, g.EndsAt, loc)
	e.Context, e.ID, e.URL = schemaOrg, urls.Gathering(g.ID), urls.Gathering(g.ID)
	e.Name, e.Description = g.Title, g.Summary
	for _, s := range d.Sessions {
		e.SubEvent = append(e.SubEvent, *sessionLD(urls, d, s, loc))
	}
	return e
}

// sessionPageLD is a session as a schema.org Event, its gathering as the
// superEvent.
func sessionPageLD(urls app.URLs, d app.GatheringDetail, s model.Session) *ldEvent {
	g, loc := d.Gathering, zone(d.Gathering)
	e := sessionLD(urls, d, s, loc)
	e.Context = schemaOrg
	sup := eventLD(urls, d, "", g.StartsAt, g.EndsAt, loc)
	sup.ID, sup.URL, sup.Name = urls.Gathering(g.ID), urls.Gathering(g.ID), g.Title
	e.SuperEvent = sup
	return e
}

func sessionLD(urls app.URLs, d app.GatheringDetail, s model.Session, loc *time.Location) *ldEvent {
	e := eventLD(urls, d, app.RoomOf(d.Gathering, s).Name, s.StartsAt, s.EndsAt, loc)
	e.ID, e.URL, e.Name = urls.Session(s.ID), urls.Session(s.ID), s.Title
	e.MaximumCapacity = app.CapacityOf(d.Gathering, s)
	for _, f := range s.Facilitators {
		e.Performer = append(e.Performer, ldPerson{Type: "Person", Name: f.Label(), URL: f.ProfileURL})
	}
	return e
}

// eventLD fills what a gathering and its sessions share: times, status,
// attendance mode, place and organiser.
func eventLD(urls app.URLs, d app.GatheringDetail, room string, start, end time.Time, loc *time.Location) *ldEvent {
	g := d.Gathering
	e := &ldEvent{Type: "Event",
		StartDate: start.In(loc).Format(isoLayout), EndDate: end.In(loc).Format(isoLayout),
		EventStatus: schemaOrg + "/EventScheduled",
		Organizer:   &ldOrg{Type: "Organization", Name: d.Actor.Name, URL: urls.Profile(d.Actor.Handle)},
	}
	if g.Status == model.StatusCancelled {
		e.EventStatus = schemaOrg + "/EventCancelled"
	}
	var locations []any
	if !g.Venue.IsZero() {
		locations = append(locations, placeLD(g.Venue, room))
	}
	if g.OnlineURL != "" {
		locations = append(locations, ldVirtual{Type: "VirtualLocation", URL: g.OnlineURL})
	}
	switch {
	case len(locations) == 2:
		e.EventAttendanceMode = schemaOrg + "/MixedEventAttendanceMode"
		e.Location = locations
	case g.OnlineURL != "":
		e.EventAttendanceMode = schemaOrg + "/OnlineEventAttendanceMode"
		e.Location = locations[0]
	case len(locations) == 1:
		e.EventAttendanceMode = schemaOrg + "/OfflineEventAttendanceMode"
		e.Location = locations[0]
	}
	return e
}

func placeLD(v model.Venue, room string) ldPlace {
	p := ldPlace{Type: "Place", Name: v.Name, Address: &ldAddress{Type: "PostalAddress",
		StreetAddress: v.StreetAddress, AddressLocality: v.Locality, PostalCode: v.PostalCode,
		AddressRegion: v.Region, AddressCountry: v.Country}}
	if room != "" && v.Name != "" {
		p.Name = room + ", " + v.Name
	} else if room != "" {
		p.Name = room
	}
	if v.Latitude != nil && v.Longitude != nil {
		p.Geo = &ldGeo{Type: "GeoCoordinates", Latitude: *v.Latitude, Longitude: *v.Longitude}
	}
	return p
}
