// Package event writes a gathering or a session as the ActivityStreams
// Event we publish and serve: its text (the description's Markdown made
// safe HTML, the programme in the gathering's post, the facilitators'
// credits), its place, times, tags, category and links. It is pure: what
// it is given, it writes; package app loads the rows, counts the answers
// and decides when to send.
//
// What belongs here: a new field of our Events, or a change to how one
// reads on Mastodon, Mobilizon or Gancio.
package event

import (
	"fmt"
	"html"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/asevent"
	"github.com/gather-coop/gather/internal/app/localurl"
	"github.com/gather-coop/gather/internal/model"
)

// eventStatus maps a gathering's status onto the Event's.
func eventStatus(s model.GatheringStatus) asevent.EventStatus {
	switch s {
	case model.StatusCancelled:
		return asevent.EventCancelled
	case model.StatusDraft:
		return asevent.EventTentative
	}
	return asevent.EventScheduled
}

// PublishedAt is when an object became public: never zero for one that is
// served, and the same value for ever.
func PublishedAt(g model.Gathering) time.Time {
	if g.PublishedAt != nil {
		return *g.PublishedAt
	}
	return g.CreatedAt
}

func LaterOf(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// Gathering is a gathering as an ActivityStreams Event.
func Gathering(urls localurl.URLs, actor model.Actor, g model.Gathering, sessions []model.Session) (asevent.Event, error) {
	loc, err := time.LoadLocation(g.Timezone)
	if err != nil {
		return asevent.Event{}, fmt.Errorf("gathering %d: %w", g.ID, err)
	}
	e := base(urls, actor, g, loc)
	e.ID, e.URL = urls.Gathering(g.ID), urls.Gathering(g.ID)
	e.RepliesURL = e.ID + "/replies"
	e.Name, e.Summary = g.Title, ""
	e.DescriptionHTML = string(RenderMarkdown(summaryAndDescription(g.Summary, g.Description))) + ScheduleHTML(g, sessions, loc, e.URL)
	e.Start, e.End = g.StartsAt, g.EndsAt
	e.Place = place(g.Venue, "")
	if e.Place == nil {
		e.Virtual = &asevent.VirtualLocation{URL: g.OnlineURL}
	}
	seen := map[string]bool{e.AttributedTo: true}
	for _, h := range g.CoHosts {
		if h.ActorURI != "" && !seen[h.ActorURI] {
			seen[h.ActorURI] = true
			e.Organizers = append(e.Organizers, h.ActorURI)
			e.CC = append(e.CC, h.ActorURI)
		}
	}
	for _, s := range sessions {
		e.SubEvents = append(e.SubEvents, urls.Session(s.ID))
		for _, f := range s.Facilitators {
			if f.ActorURI != "" && !seen[f.ActorURI] {
				seen[f.ActorURI] = true
				e.Mentions = append(e.Mentions, federation.Mention{Href: f.ActorURI, Name: f.Handle, ProfileURL: f.ProfileURL})
				e.Organizers = append(e.Organizers, f.ActorURI)
			}
		}
	}
	for _, t := range g.Tracks {
		e.Hashtags = append(e.Hashtags, hashtag(urls, t.Name))
	}
	// As published, it has no "updated" (g.UpdatedAt is PublishedAt):
	// the builder writes one only for a change after publication.
	e.Updated = LaterOf(g.UpdatedAt, e.Published)
	return e, nil
}

// scheduleLines is how many sessions the gathering's post names before
// it says how many more there are and links the schedule.
const scheduleLines = 12

// ScheduleHTML names a gathering's sessions in its post, soonest first,
// one line each ("Sat 27 Mar, 10:30–12:00 · How we're really doing ·
// Main room"), so that its followers see the programme without any post
// per session: a session has a post of its own only when it is announced
// (see package app's sendSessionPost). Past scheduleLines it lists one line fewer and
// says how many more, with a link to the schedule on the page. The date
// is written without its year: the summary says the year, and a post
// says its date line once.
func ScheduleHTML(g model.Gathering, sessions []model.Session, loc *time.Location, page string) string {
	if len(sessions) == 0 {
		return ""
	}
	sorted := append([]model.Session(nil), sessions...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].StartsAt.Before(sorted[j].StartsAt) })
	shown := sorted
	if len(sorted) > scheduleLines {
		shown = sorted[:scheduleLines-1]
	}
	lines := make([]string, 0, len(shown)+1)
	for _, s := range shown {
		start, end := s.StartsAt.In(loc), s.EndsAt.In(loc)
		line := start.Format("Mon 2 Jan, 15:04") + "–" + end.Format("15:04")
		if end.YearDay() != start.YearDay() || end.Year() != start.Year() {
			line = start.Format("Mon 2 Jan, 15:04") + " – " + end.Format("Mon 2 Jan, 15:04")
		}
		line = html.EscapeString(line + " · " + s.Title)
		if room := RoomOf(g, s).Name; room != "" {
			line += " · " + html.EscapeString(room)
		}
		lines = append(lines, line)
	}
	if more := len(sorted) - len(shown); more > 0 {
		schedule := html.EscapeString(page + "#schedule")
		lines = append(lines, fmt.Sprintf(`and %d more: <a href="%s">%s</a>`, more, schedule, schedule))
	}
	return "<p>Programme:<br>" + strings.Join(lines, "<br>") + "</p>"
}

// Session is a session as an Event of its own, linked to its gathering.
func Session(urls localurl.URLs, actor model.Actor, g model.Gathering, s model.Session) (asevent.Event, error) {
	loc, err := time.LoadLocation(g.Timezone)
	if err != nil {
		return asevent.Event{}, fmt.Errorf("gathering %d: %w", g.ID, err)
	}
	e := base(urls, actor, g, loc)
	e.ID, e.URL = urls.Session(s.ID), urls.Session(s.ID)
	e.RepliesURL = e.ID + "/replies"
	e.Name = s.Title
	e.DescriptionHTML = sessionDescriptionHTML(g, s)
	e.Start, e.End = s.StartsAt, s.EndsAt
	room := RoomOf(g, s)
	e.Place = place(g.Venue, room.Name)
	if e.Place == nil {
		e.Virtual = &asevent.VirtualLocation{URL: g.OnlineURL}
	}
	if c := CapacityOf(g, s); c != nil {
		e.Capacity = *c
	}
	e.SuperEvent = urls.Gathering(g.ID)
	for _, f := range s.Facilitators {
		if f.ActorURI != "" {
			e.Mentions = append(e.Mentions, federation.Mention{Href: f.ActorURI, Name: f.Handle, ProfileURL: f.ProfileURL})
			e.Organizers = append(e.Organizers, f.ActorURI)
		}
	}
	if t := TrackOf(g, s); t.Name != "" {
		e.Hashtags = append(e.Hashtags, hashtag(urls, t.Name))
	}
	e.Category = sessionCategory(s.Kind, g.Category)
	e.Published = sessionPublished(g, s)
	// A session added after its gathering was published is new, not
	// edited: it is edited once it or its gathering changes after both.
	if last := LaterOf(s.UpdatedAt, g.UpdatedAt); last.After(LaterOf(e.Published, s.CreatedAt)) {
		e.Updated = last
	}
	return e, nil
}

// sessionPublished is when a session's post was first sent: with its
// gathering, or, announced later (added to the published gathering, or
// marked to be announced after it), at that time, so it reaches the top
// of people's timelines rather than a place days down them.
func sessionPublished(g model.Gathering, s model.Session) time.Time {
	if g.PublishedAt == nil {
		return LaterOf(PublishedAt(g), s.CreatedAt.Truncate(time.Second))
	}
	published := *g.PublishedAt
	if s.AnnouncedAt != nil {
		return LaterOf(published, s.AnnouncedAt.UTC().Truncate(time.Second))
	}
	return LaterOf(published, s.CreatedAt.UTC().Truncate(time.Second))
}

// baseEvent fills what a gathering and its sessions share.
func base(urls localurl.URLs, actor model.Actor, g model.Gathering, loc *time.Location) asevent.Event {
	e := asevent.Event{
		AttributedTo: urls.Actor(actor.Handle), Followers: urls.Followers(actor.Handle),
		TimeZone: loc, OnlineURL: g.OnlineURL, Status: eventStatus(g.Status), Category: g.Category,
		Published: PublishedAt(g),
	}
	e.Organizers = []string{e.AttributedTo}
	for _, t := range g.Tags {
		e.Hashtags = append(e.Hashtags, hashtag(urls, t))
	}
	return e
}

// hashtag makes a tag of a name: "Big tech and alternative platforms"
// becomes #BigTechAndAlternativePlatforms, readable and screen-reader
// friendly.
func hashtag(urls localurl.URLs, name string) federation.Hashtag {
	var b strings.Builder
	for _, word := range strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		r, size := utf8.DecodeRuneInString(word)
		b.WriteRune(unicode.ToUpper(r))
		b.WriteString(word[size:])
	}
	tag := b.String()
	return federation.Hashtag{Name: tag, Href: urls.Tag(tag)}
}

// place is the venue as a Place named for the room people go to.
func place(v model.Venue, room string) *asevent.Place {
	if v.IsZero() {
		return nil
	}
	name := v.Name
	if room != "" {
		name = room + " · " + v.Name
	}
	p := &asevent.Place{Name: name}
	if v.StreetAddress != "" || v.Locality != "" || v.PostalCode != "" || v.Country != "" {
		p.Address = &asevent.PostalAddress{StreetAddress: v.StreetAddress, Locality: v.Locality,
			PostalCode: v.PostalCode, Region: v.Region, Country: v.Country}
	}
	if v.Latitude != nil && v.Longitude != nil {
		p.Geo = &asevent.GeoPoint{Latitude: *v.Latitude, Longitude: *v.Longitude}
	}
	return p
}

func summaryAndDescription(summary, description string) string {
	if summary == "" {
		return description
	}
	if description == "" {
		return summary
	}
	return summary + "\n\n" + description
}

// sessionDescriptionHTML is a session's description, who runs it and the
// gathering it belongs to. A facilitator with a fediverse account is
// credited with a mention link, as Mastodon writes one, so readers can
// open their profile where plain "With bob." gave them nothing to follow.
func sessionDescriptionHTML(g model.Gathering, s model.Session) string {
	var b strings.Builder
	b.WriteString(string(RenderMarkdown(s.Description)))
	if credits := facilitatorCredits(s.Facilitators); credits != "" {
		b.WriteString("<p>With " + credits + ".</p>")
	}
	b.WriteString("<p>Part of " + html.EscapeString(g.Title) + ".</p>")
	return b.String()
}

// handleUser is the user part of "@user@host".
func handleUser(handle string) string {
	user, _, _ := strings.Cut(strings.TrimPrefix(handle, "@"), "@")
	return user
}

// facilitatorCredits names the facilitators in HTML: a mention link for
// each account we found (after their name, when they gave one), the name
// or handle as text for the rest. A name that only repeats the user part
// of the handle is left out.
func facilitatorCredits(fs []model.Facilitator) string {
	credits := make([]string, len(fs))
	for i, f := range fs {
		m := federation.Mention{Href: f.ActorURI, Name: f.Handle, ProfileURL: f.ProfileURL}
		switch {
		case f.ActorURI == "" || f.Handle == "":
			credits[i] = html.EscapeString(f.Label())
		case f.Name != "" && !strings.EqualFold(f.Name, handleUser(f.Handle)):
			credits[i] = html.EscapeString(f.Name) + " (" + m.HTML() + ")"
		default:
			credits[i] = m.HTML()
		}
	}
	return strings.Join(credits, ", ")
}

// RoomOf is the session's room, or the zero Room.
func RoomOf(g model.Gathering, s model.Session) model.Room {
	if s.RoomID != nil {
		for _, r := range g.Rooms {
			if r.ID == *s.RoomID {
				return r
			}
		}
	}
	return model.Room{}
}

func TrackOf(g model.Gathering, s model.Session) model.Track {
	if s.TrackID != nil {
		for _, t := range g.Tracks {
			if t.ID == *s.TrackID {
				return t
			}
		}
	}
	return model.Track{}
}

// CapacityOf is the session's own capacity, else its room's, else none.
func CapacityOf(g model.Gathering, s model.Session) *int {
	if s.Capacity != nil {
		return s.Capacity
	}
	return RoomOf(g, s).Capacity
}

func sessionCategory(k model.SessionKind, fallback string) string {
	switch k {
	case model.KindWorkshop, model.KindTalk, model.KindLightningTalks:
		return "LEARNING"
	case model.KindOpenSpace:
		return "NETWORKING"
	case model.KindMeal:
		return "FOOD_DRINK"
	case model.KindSocial:
		return "PARTY"
	}
	return fallback
}
