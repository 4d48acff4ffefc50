package calendar

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/gather-coop/gather/internal/model"
)

// utcFormat is an iCalendar DATE-TIME in UTC.
const utcFormat = "20060102T150405Z"

// writer turns entries into VEVENTs and remembers the zones they used.
type writer struct {
	host  string
	actor model.Actor
	links Links
	now   time.Time
	zones map[string]*zoneUse
}

// event is what a VEVENT says, gathered from a gathering or a session.
type event struct {
	uid, parent string
	title       string
	description string
	location    string
	url         string
	start, end  time.Time
	loc         *time.Location
	geo         string
	status      model.GatheringStatus
	sequence    int
	categories  []string
	created     time.Time
	modified    time.Time
}

func (w *writer) entryEvents(e Entry) ([]ics.Component, error) {
	g := e.Gathering
	if g.StartsAt.IsZero() {
		return nil, fmt.Errorf("gathering %d has no start time", g.ID)
	}
	loc, err := loadZone(g.Timezone)
	if err != nil {
		return nil, fmt.Errorf("gathering %d: %w", g.ID, err)
	}
	name := zoneName(g.Timezone)
	if w.zones[name] == nil {
		w.zones[name] = &zoneUse{loc: loc}
	}
	use := w.zones[name]

	parent := w.uid("gathering", g.ID)
	use.add(g.StartsAt, g.EndsAt)
	var out []ics.Component
	if !e.SessionsOnly {
		out = append(out, w.vevent(w.gatheringEvent(g, loc, parent)))
	}

	sessions := slices.Clone(e.Sessions)
	slices.SortStableFunc(sessions, func(a, b model.Session) int {
		return cmp.Or(a.StartsAt.Compare(b.StartsAt), cmp.Compare(a.ID, b.ID))
	})
	for _, s := range sessions {
		if s.StartsAt.IsZero() {
			continue // not scheduled yet: nothing to put in a calendar
		}
		use.add(s.StartsAt, s.EndsAt)
		ev := w.sessionEvent(g, s, loc)
		ev.parent = parent
		out = append(out, w.vevent(ev))
	}
	return out, nil
}

func (w *writer) uid(kind string, id int64) string {
	return kind + "-" + strconv.FormatInt(id, 10) + "@" + w.host
}

func (w *writer) gatheringEvent(g model.Gathering, loc *time.Location, uid string) event {
	var url string
	if w.links.GatheringURL != nil {
		url = w.links.GatheringURL(g.ID)
	}
	var desc []string
	desc = append(desc, plain(g.Summary), plain(g.Description))
	if g.OnlineURL != "" {
		desc = append(desc, "Online: "+g.OnlineURL)
	}
	if organiser := actorLabel(w.actor, w.host); organiser != "" {
		desc = append(desc, "Organised by "+organiser)
	}
	desc = append(desc, url)

	categories := []string{label(g.Category)}
	categories = append(categories, g.Tags...)
	return event{
		uid:         uid,
		title:       g.Title,
		description: joinParagraphs(desc),
		location:    location(g, ""),
		url:         url,
		start:       g.StartsAt,
		end:         g.EndsAt,
		loc:         loc,
		geo:         geo(g),
		status:      g.Status,
		sequence:    g.Version,
		categories:  categories,
		created:     g.CreatedAt,
		modified:    g.UpdatedAt,
	}
}

func (w *writer) sessionEvent(g model.Gathering, s model.Session, loc *time.Location) event {
	var url string
	if w.links.SessionURL != nil {
		url = w.links.SessionURL(s.ID)
	}
	desc := []string{plain(s.Description)}
	if len(s.Facilitators) > 0 {
		names := make([]string, 0, len(s.Facilitators))
		for _, f := range s.Facilitators {
			names = append(names, facilitatorLabel(f))
		}
		desc = append(desc, "Facilitated by "+strings.Join(names, ", "))
	}
	desc = append(desc, "Part of "+g.Title, url)

	track := trackName(g, s.TrackID)
	return event{
		uid:         w.uid("session", s.ID),
		title:       s.Title,
		description: joinParagraphs(desc),
		location:    location(g, roomName(g, s.RoomID)),
		url:         url,
		start:       s.StartsAt,
		end:         s.EndsAt,
		loc:         loc,
		geo:         geo(g),
		status:      g.Status,
		sequence:    s.Version + g.Version, // grows when either changes: cancelling the gathering cancels its sessions
		categories:  []string{kindLabels[s.Kind], track},
		created:     s.CreatedAt,
		modified:    s.UpdatedAt,
	}
}

// vevent writes an event. Empty values are left out.
func (w *writer) vevent(e event) *ics.VEvent {
	ev := ics.NewEvent(e.uid)
	ev.SetDtStampTime(w.now)
	setTime(ev, ics.ComponentPropertyDtStart, e.start, e.loc)
	if e.end.After(e.start) {
		setTime(ev, ics.ComponentPropertyDtEnd, e.end, e.loc)
	}
	title := plain(e.title)
	if e.status == model.StatusCancelled {
		title = "Cancelled: " + title
	}
	ev.SetSummary(title)
	setText(ev, ics.ComponentPropertyDescription, e.description)
	setText(ev, ics.ComponentPropertyLocation, plain(e.location))
	if e.geo != "" {
		ev.SetProperty(ics.ComponentPropertyGeo, e.geo)
	}
	if e.url != "" {
		ev.SetURL(e.url)
	}
	ev.SetStatus(statuses[e.status])
	ev.SetSequence(e.sequence)
	for _, c := range e.categories {
		if c = plain(c); c != "" {
			ev.AddCategory(c)
		}
	}
	if !e.created.IsZero() {
		ev.SetCreatedTime(e.created)
	}
	if !e.modified.IsZero() {
		ev.SetModifiedAt(e.modified)
	}
	if e.parent != "" {
		ev.AddProperty(ics.ComponentPropertyRelatedTo, e.parent,
			&ics.KeyValues{Key: string(ics.ParameterReltype), Value: []string{string(ics.RelationshipTypeParent)}})
	}
	return ev
}

// statuses maps a gathering's status to a VEVENT's; an unknown status
// reads as a draft.
var statuses = map[model.GatheringStatus]ics.ObjectStatus{
	"":                    ics.ObjectStatusTentative,
	model.StatusDraft:     ics.ObjectStatusTentative,
	model.StatusPublished: ics.ObjectStatusConfirmed,
	model.StatusCancelled: ics.ObjectStatusCancelled,
}

// setTime writes t as wall-clock time in loc with a TZID, so calendar apps
// keep it at that local time. The one exception is the hour that happens
// twice when clocks go back: RFC 5545 reads such a local time as its first
// occurrence, but readers differ (Go's time.Date, for one, may pick the
// second), so both are written in UTC, which every reader agrees on.
func setTime(ev *ics.VEvent, prop ics.ComponentProperty, t time.Time, loc *time.Location) {
	local := t.In(loc)
	if repeatedWallClock(local) {
		ev.SetProperty(prop, t.UTC().Format(utcFormat))
		return
	}
	ev.SetProperty(prop, local.Format(localFormat), ics.WithTZID(loc.String()))
}

// repeatedWallClock reports whether local's wall-clock time happens twice,
// because the clocks go back just before or just after it.
func repeatedWallClock(local time.Time) bool {
	start, end := local.ZoneBounds()
	_, offset := local.Zone()
	wall := local.Format(localFormat)
	if !start.IsZero() {
		if _, before := start.Add(-time.Second).Zone(); before > offset {
			earlier := local.Add(-time.Duration(before-offset) * time.Second)
			if earlier.Before(start) && earlier.Format(localFormat) == wall {
				return true
			}
		}
	}
	if !end.IsZero() {
		if _, after := end.Zone(); after < offset {
			later := local.Add(time.Duration(offset-after) * time.Second)
			if !later.Before(end) && later.Format(localFormat) == wall {
				return true
			}
		}
	}
	return false
}

func setText(ev *ics.VEvent, prop ics.ComponentProperty, s string) {
	if s != "" {
		ev.SetProperty(prop, s)
	}
}

func geo(g model.Gathering) string {
	v := g.Venue
	if v.IsZero() || v.Latitude == nil || v.Longitude == nil {
		return ""
	}
	return strconv.FormatFloat(*v.Latitude, 'f', -1, 64) + ";" + strconv.FormatFloat(*v.Longitude, 'f', -1, 64)
}

// location is "room · venue, street, locality, region, postal code,
// country", or the online link when there is no venue.
func location(g model.Gathering, room string) string {
	v := g.Venue
	if v.IsZero() {
		return g.OnlineURL
	}
	var parts []string
	for _, p := range []string{v.Name, v.StreetAddress, v.Locality, v.Region, v.PostalCode, v.Country} {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	place := strings.Join(parts, ", ")
	if room != "" {
		place = room + " · " + place
	}
	return place
}

func roomName(g model.Gathering, id *int64) string {
	if id == nil {
		return ""
	}
	for _, r := range g.Rooms {
		if r.ID == *id {
			return r.Name
		}
	}
	return ""
}

func trackName(g model.Gathering, id *int64) string {
	if id == nil {
		return ""
	}
	for _, t := range g.Tracks {
		if t.ID == *id {
			return t.Name
		}
	}
	return ""
}

var kindLabels = map[model.SessionKind]string{
	model.KindWorkshop:       "Workshop",
	model.KindTalk:           "Talk",
	model.KindLightningTalks: "Lightning talks",
	model.KindOpenSpace:      "Open space",
	model.KindMeal:           "Meal",
	model.KindSocial:         "Social",
	model.KindOther:          "Other",
}

// label turns an upper-case category id such as MEETING or
// AUTO_BOAT_AIR into "Meeting" or "Auto boat air".
func label(id string) string {
	s := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(id), "_", " "))
	if s == "" {
		return ""
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func facilitatorLabel(f model.Facilitator) string {
	if f.Name != "" && f.Handle != "" && f.Name != f.Handle {
		return f.Name + " (" + f.Handle + ")"
	}
	return f.Label()
}

func actorLabel(a model.Actor, host string) string {
	if a.Handle == "" {
		return a.Name
	}
	handle := "@" + a.Handle + "@" + host
	if a.Name == "" {
		return handle
	}
	return a.Name + " (" + handle + ")"
}

// plain makes text fit an iCalendar TEXT value: one kind of line break,
// no control characters, no surrounding space. Markdown stays as it is,
// which reads well enough as plain text.
func plain(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\r':
			return '\n'
		case r == '\n' || r == '\t':
			return r
		case r < 0x20 || r == 0x7f:
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// joinParagraphs joins the non-empty parts with blank lines.
func joinParagraphs(parts []string) string {
	parts = slices.DeleteFunc(slices.Clone(parts), func(p string) bool { return strings.TrimSpace(p) == "" })
	return strings.Join(parts, "\n\n")
}
