package calendar

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/gather-coop/gather/internal/model"
)

// ProductID is the PRODID of every calendar we write.
const ProductID = "-//Gather//Gather events//EN"

// refreshInterval is how often subscribers are asked to poll a feed.
const refreshInterval = "PT1H"

// Links are the public addresses the feeds point at. The web layer owns the
// routes, so it computes them; a nil func leaves that link out.
type Links struct {
	// GatheringURL is a gathering's HTML page.
	GatheringURL func(id int64) string
	// SessionURL is a session's HTML page.
	SessionURL func(id int64) string
	// SeriesURL is a series' HTML page.
	SeriesURL func(id int64) string
	// EventID is the ActivityPub id of a gathering or session (kind
	// "gathering" or "session"). Atom uses it as the entry id; iCalendar
	// UIDs do not depend on it (see GatheringICS).
	EventID func(kind string, id int64) string
}

// Entry is a gathering with its sessions, as a calendar shows it. The
// gathering's Rooms and Tracks must be filled for sessions to name them.
type Entry struct {
	Gathering model.Gathering
	Sessions  []model.Session
	// SessionsOnly leaves the gathering's own event out: a person's
	// calendar of their sessions (PersonalICS).
	SessionsOnly bool
}

// GatheringICS renders one gathering as an iCalendar file: one VEVENT for
// the gathering and one per session, each session RELATED-TO its gathering
// as PARENT, and a VTIMEZONE for the gathering's zone. The calendar is
// named after the gathering. host (as in "coop.example") makes the UIDs
// "gathering-ID@host" and "session-ID@host", which stay put when page paths
// or the ActivityPub ids change. now is the DTSTAMP.
//
// A draft renders with STATUS:TENTATIVE, for organisers to preview; a
// cancelled gathering and its sessions with STATUS:CANCELLED and a
// "Cancelled: " title, since some apps ignore STATUS in subscriptions.
func GatheringICS(host string, actor model.Actor, e Entry, links Links, now time.Time) ([]byte, error) {
	head := calendarHead{name: e.Gathering.Title, zone: zoneName(e.Gathering.Timezone)}
	b, err := render(head, host, actor, []Entry{e}, nil, links, now)
	if err != nil {
		return nil, fmt.Errorf("render calendar of gathering %d: %w", e.Gathering.ID, err)
	}
	return b, nil
}

// PersonalICS renders one person's calendar of their sessions of a
// gathering: e.Sessions are theirs, each a VEVENT as GatheringICS writes
// it (same UIDs, so an app holding both does not double them), without
// the gathering's own. It is named "<gathering>: my sessions".
func PersonalICS(host string, actor model.Actor, e Entry, links Links, now time.Time) ([]byte, error) {
	e.SessionsOnly = true
	head := calendarHead{name: e.Gathering.Title + ": my sessions", zone: zoneName(e.Gathering.Timezone)}
	b, err := render(head, host, actor, []Entry{e}, nil, links, now)
	if err != nil {
		return nil, fmt.Errorf("render personal calendar of gathering %d: %w", e.Gathering.ID, err)
	}
	return b, nil
}

// CoopICS renders a co-op's calendar: every published or cancelled
// gathering in entries with its sessions (drafts are left out whatever the
// caller passes, so they never reach subscribers; cancelled ones stay so
// subscribed calendars learn of it). It is named after the actor, and its
// X-WR-TIMEZONE is the zone most of the gatherings use. Events are in
// start order. See GatheringICS for UIDs and statuses.
func CoopICS(host string, actor model.Actor, entries []Entry, links Links, now time.Time) ([]byte, error) {
	return CoopICSWithSeries(host, actor, entries, nil, links, now)
}

// CoopICSWithSeries is CoopICS with the co-op's series too, each as
// SeriesICS writes it, after the gatherings. A gathering that is one of
// their occurrences is left out of entries: its series' RRULE, or its
// override, is how the calendar shows it.
func CoopICSWithSeries(host string, actor model.Actor, entries []Entry, series []SeriesEntry, links Links, now time.Time) ([]byte, error) {
	occurrence := map[int64]bool{}
	for _, s := range series {
		for _, o := range s.Occurrences {
			occurrence[o.Gathering.ID] = true
		}
	}
	public := make([]Entry, 0, len(entries))
	for _, e := range entries {
		if e.Gathering.Status != model.StatusDraft && !occurrence[e.Gathering.ID] {
			public = append(public, e)
		}
	}
	head := calendarHead{name: cmp.Or(actor.Name, "@"+actor.Handle), zone: commonZone(public)}
	b, err := render(head, host, actor, public, series, links, now)
	if err != nil {
		return nil, fmt.Errorf("render calendar of actor %s: %w", actor.Handle, err)
	}
	return b, nil
}

// calendarHead is what a VCALENDAR says about itself.
type calendarHead struct {
	name string // X-WR-CALNAME and NAME
	zone string // X-WR-TIMEZONE
}

// zoneUse is a zone and the span of the events written in it.
type zoneUse struct {
	loc         *time.Location
	first, last time.Time
}

func (z *zoneUse) add(start, end time.Time) {
	if z.first.IsZero() || start.Before(z.first) {
		z.first = start
	}
	z.last = maxTime(z.last, start, end)
}

func maxTime(ts ...time.Time) time.Time {
	var m time.Time
	for _, t := range ts {
		if t.After(m) {
			m = t
		}
	}
	return m
}

func render(head calendarHead, host string, actor model.Actor, entries []Entry, series []SeriesEntry, links Links, now time.Time) ([]byte, error) {
	w := &writer{host: host, actor: actor, links: links, now: now.UTC(), zones: map[string]*zoneUse{}}
	entries = slices.Clone(entries)
	slices.SortStableFunc(entries, func(a, b Entry) int {
		return cmp.Or(a.Gathering.StartsAt.Compare(b.Gathering.StartsAt), cmp.Compare(a.Gathering.ID, b.Gathering.ID))
	})
	var events []ics.Component
	for _, e := range entries {
		evs, err := w.entryEvents(e)
		if err != nil {
			return nil, err
		}
		events = append(events, evs...)
	}
	for _, s := range series {
		evs, err := w.seriesEvents(s)
		if err != nil {
			return nil, err
		}
		events = append(events, evs...)
	}

	cal := ics.NewCalendarFor("Gather")
	cal.SetProductId(ProductID)
	cal.SetCalscale("GREGORIAN")
	cal.SetMethod(ics.MethodPublish)
	cal.SetName(head.name)
	cal.SetXWRTimezone(head.zone)
	cal.SetRefreshInterval(refreshInterval)
	cal.SetXPublishedTTL(refreshInterval)
	cal.Components = append(w.timezones(), events...)

	var buf bytes.Buffer
	if err := cal.SerializeTo(&buf, ics.WithNewLineWindows); err != nil {
		return nil, fmt.Errorf("serialise: %w", err)
	}
	return buf.Bytes(), nil
}

// timezones returns a VTIMEZONE for each zone the events used, by TZID.
func (w *writer) timezones() []ics.Component {
	names := make([]string, 0, len(w.zones))
	for name := range w.zones {
		names = append(names, name)
	}
	slices.Sort(names)
	out := make([]ics.Component, 0, len(names))
	for _, name := range names {
		z := w.zones[name]
		out = append(out, newTimezone(z.loc, z.first, z.last))
	}
	return out
}

// zoneName is the TZID a gathering's events use.
func zoneName(name string) string { return cmp.Or(name, "UTC") }

// commonZone is the zone most gatherings use; ties go to the earliest
// gathering's. With no gatherings it is UTC.
func commonZone(entries []Entry) string {
	counts := map[string]int{}
	best := "UTC"
	for _, e := range slices.SortedStableFunc(slices.Values(entries), func(a, b Entry) int {
		return a.Gathering.StartsAt.Compare(b.Gathering.StartsAt)
	}) {
		name := zoneName(e.Gathering.Timezone)
		counts[name]++
		if counts[name] > counts[best] {
			best = name
		}
	}
	return best
}
