// Package netcal is the network calendar as anyone may read it: the
// upcoming events of the co-ops this instance follows (package network
// brings them in), with who hosts each and where, grouped by month, and
// the sources themselves with whether they can be reached; on the
// calendar's page and feeds, our own gatherings beside them (ours.go).
// It only reads.
//
// Only sources that accepted our Follow are shown; one unfollowed is gone
// with its events. An event's month and day are those of its own time
// zone (the host's), so that a call at 18:00 in London is on the day it is
// in London, whoever reads the page.
package netcal

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/gather-coop/gather/internal/app/localurl"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// UnreachableAfter is how long a source must have failed to answer
// before the calendar says it cannot be reached: its events stay, as its
// last word, marked so.
const UnreachableAfter = 7 * 24 * time.Hour

// MaxEvents bounds one calendar.
const MaxEvents = 500

// Service reads the network calendar. Its zero value is not usable.
type Service struct {
	store store.Store
	urls  localurl.URLs
	now   func() time.Time
}

// New returns a Service.
func New(st store.Store, urls localurl.URLs, now func() time.Time) *Service {
	return &Service{store: st, urls: urls, now: now}
}

// Source is a co-op we follow, as the calendar shows it, or (Ours) one
// of this instance's own co-op accounts, which has no ID.
type Source struct {
	ID       int64
	Ours     bool
	Handle   string // @events@host
	ActorURI string
	// PageURL is where a reader learns who the host is: a source's actor
	// (its server shows its profile), our own profile page for ours.
	PageURL  string
	Upcoming int
	// Unreachable is set when it has not answered for UnreachableAfter.
	Unreachable      bool
	UnreachableSince *time.Time
}

// Event is one entry of the calendar.
type Event struct {
	model.RemoteEvent
	Host *Source
	// Zone is the event's own time zone (UTC when it named none or an
	// unknown one); Start and End are in it.
	Zone       *time.Location
	Start, End time.Time
	HasEnd     bool
	// HomeURL is its page on its own server, else its id.
	HomeURL string
	// Where is its place, "Online", or "" when it says neither.
	Where string
	// CoHosted is set when it names one of our co-op accounts as its
	// co-host, and is listed so (see package network's co-hosting).
	CoHosted bool
}

// Month is the events starting in one month, in their zones.
type Month struct {
	Year   int
	Month  time.Month
	Events []Event
}

// Label is the month as a heading, e.g. "March 2027".
func (m Month) Label() string { return fmt.Sprintf("%s %d", m.Month, m.Year) }

// Calendar is what the network calendar shows.
type Calendar struct {
	// Sources are every accepted source, by handle: the filter's choices.
	Sources []Source
	// Ours are our own co-op accounts, when the calendar has our
	// gatherings too (Params.WithOurs).
	Ours []Source
	// Source is the one filtered to, nil for all (and for OnlyOurs).
	Source *Source
	Events []Event
	Months []Month
}

// Params choose what a calendar holds.
type Params struct {
	// SourceID, when set, keeps one source's events.
	SourceID int64
	// Limit bounds the events; 0 or more than MaxEvents is MaxEvents.
	Limit int
	// WithOurs puts our own published gatherings beside the sources'
	// events (the calendar's page, feeds and embed). The home page's and
	// profiles' "Coming up in the network" leaves it off: they list ours
	// already, just above.
	WithOurs bool
	// OnlyOurs keeps only our own gatherings (the filter "ours").
	OnlyOurs bool
}

// Upcoming returns the calendar of events that have not ended by now,
// soonest first. A SourceID that is not an accepted source is
// store.ErrNotFound.
func (s *Service) Upcoming(ctx context.Context, p Params) (Calendar, error) {
	now := s.now()
	all, err := s.store.SourceList(ctx, now)
	if err != nil {
		return Calendar{}, fmt.Errorf("network calendar: %w", err)
	}
	var cal Calendar
	byID := map[int64]*Source{}
	for _, src := range all {
		if src.State != model.SourceAccepted {
			continue
		}
		cal.Sources = append(cal.Sources, Source{ID: src.ID, Handle: src.Handle, ActorURI: src.ActorURI, PageURL: src.ActorURI, Upcoming: src.Upcoming,
			UnreachableSince: src.UnreachableSince,
			Unreachable:      src.UnreachableSince != nil && now.Sub(*src.UnreachableSince) >= UnreachableAfter})
	}
	for i := range cal.Sources {
		byID[cal.Sources[i].ID] = &cal.Sources[i]
	}
	if p.SourceID != 0 {
		if cal.Source = byID[p.SourceID]; cal.Source == nil {
			return Calendar{}, fmt.Errorf("source %d: %w", p.SourceID, store.ErrNotFound)
		}
	}
	limit := p.Limit
	if limit <= 0 || limit > MaxEvents {
		limit = MaxEvents
	}
	if !p.OnlyOurs {
		events, err := s.store.RemoteEventUpcoming(ctx, &store.RemoteEventListParams{After: now, SourceID: p.SourceID, Limit: limit})
		if err != nil {
			return Calendar{}, fmt.Errorf("network calendar: %w", err)
		}
		for _, e := range events {
			host := byID[e.SourceID]
			if host == nil {
				continue // not accepted (any more)
			}
			cal.Events = append(cal.Events, entry(e, host))
		}
	}
	if (p.WithOurs || p.OnlyOurs) && p.SourceID == 0 {
		ours, events, err := s.ours(ctx, now, limit)
		if err != nil {
			return Calendar{}, fmt.Errorf("network calendar: %w", err)
		}
		cal.Ours = ours
		cal.Events = mergeByStart(cal.Events, events, limit)
	}
	if err := s.withCoHosted(ctx, &cal, p.SourceID == 0, now, limit); err != nil {
		return Calendar{}, err
	}
	cal.Months = byMonth(cal.Events)
	return cal, nil
}

// mergeByStart merges two lists in start order into one of at most limit
// events; on a tie the first list's comes first.
func mergeByStart(a, b []Event, limit int) []Event {
	out := append(a, b...)
	slices.SortStableFunc(out, func(x, y Event) int { return x.StartsAt.Compare(y.StartsAt) })
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

// withCoHosted marks the calendar's co-hosted events, and (all, for a
// calendar of every source) adds those whose host we do not follow,
// keeping the soonest limit.
func (s *Service) withCoHosted(ctx context.Context, cal *Calendar, all bool, now time.Time, limit int) error {
	co, err := s.store.CoHostedUpcoming(ctx, now, limit)
	if err != nil {
		return fmt.Errorf("network calendar: co-hosted: %w", err)
	}
	if len(co) == 0 {
		return nil
	}
	at := map[string]int{}
	for i, e := range cal.Events {
		at[e.ObjectURI] = i
	}
	var added []Event
	for _, c := range co {
		if i, ok := at[c.ObjectURI]; ok {
			if i >= 0 { // -1: added already (two of our accounts co-host it)
				cal.Events[i].CoHosted = true
			}
			continue
		}
		if !all {
			continue
		}
		e := entry(remoteOf(c), &Source{Handle: cmp.Or(c.HostHandle, c.HostURI), ActorURI: c.HostURI, PageURL: c.HostURI})
		e.CoHosted = true
		at[c.ObjectURI] = -1
		added = append(added, e)
	}
	cal.Events = mergeByStart(cal.Events, added, limit)
	return nil
}

// remoteOf is a co-hosted event in the calendar's shape.
func remoteOf(c model.CoHosted) model.RemoteEvent {
	return model.RemoteEvent{ObjectURI: c.ObjectURI, URL: c.URL, Title: c.Title, StartsAt: c.StartsAt, EndsAt: c.EndsAt,
		Timezone: c.Timezone, Status: c.Status, PlaceName: c.PlaceName, PlaceAddress: c.PlaceAddr, OnlineURL: c.OnlineURL,
		SourceHandle: c.HostHandle, SourceActorURI: c.HostURI}
}

// zones keeps the time zones events named: time.LoadLocation reads and
// parses the zone's file each time, and a calendar names a few zones
// hundreds of times. Only real zones are kept, so that the names hostile
// servers send cannot grow it; an unknown one reads as UTC.
var zones sync.Map // name → *time.Location

func zoneOf(name string) *time.Location {
	if name == "" {
		return time.UTC
	}
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return time.UTC
	}
	zones.Store(name, loc)
	return loc
}

func entry(e model.RemoteEvent, host *Source) Event {
	zone := zoneOf(e.Timezone)
	ev := Event{RemoteEvent: e, Host: host, Zone: zone, Start: e.StartsAt.In(zone), HomeURL: e.URL}
	if e.EndsAt != nil {
		ev.End, ev.HasEnd = e.EndsAt.In(zone), true
	}
	if ev.HomeURL == "" {
		ev.HomeURL = e.ObjectURI
	}
	switch {
	case e.PlaceName != "" && e.PlaceAddress != "" && e.PlaceAddress != e.PlaceName:
		ev.Where = e.PlaceName + ", " + e.PlaceAddress
	case e.PlaceName != "":
		ev.Where = e.PlaceName
	case e.PlaceAddress != "":
		ev.Where = e.PlaceAddress
	case e.OnlineURL != "":
		ev.Where = "Online"
	}
	return ev
}

// byMonth groups events, in start order, by the month they start in,
// in their own zones (so near a month's end one may sort before another
// that starts earlier but in the month before, where it is).
func byMonth(events []Event) []Month {
	var months []Month
	for _, e := range events {
		y, m, _ := e.Start.Date()
		i := slices.IndexFunc(months, func(mo Month) bool { return mo.Year == y && mo.Month == m })
		if i < 0 {
			months = append(months, Month{Year: y, Month: m})
			i = len(months) - 1
		}
		months[i].Events = append(months[i].Events, e)
	}
	slices.SortStableFunc(months, func(a, b Month) int {
		return cmp.Or(cmp.Compare(a.Year, b.Year), cmp.Compare(a.Month, b.Month))
	})
	return months
}

func isNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }

// IsRemoteEvent reports whether uri is the id of an event we keep from a
// source we follow: a visitor may be sent to their own server to answer
// it (remote interaction), as for our own pages.
func (s *Service) IsRemoteEvent(ctx context.Context, uri string) (bool, error) {
	e, err := s.store.RemoteEventGet(ctx, uri)
	if isNotFound(err) {
		return s.isCoHosted(ctx, uri)
	}
	if err != nil {
		return false, err
	}
	src, err := s.store.SourceGet(ctx, e.SourceID)
	if err != nil {
		if isNotFound(err) {
			return false, nil
		}
		return false, err
	}
	return src.State == model.SourceAccepted, nil
}

// isCoHosted reports whether uri is an event listed as co-hosted with
// one of our accounts.
func (s *Service) isCoHosted(ctx context.Context, uri string) (bool, error) {
	rows, err := s.store.CoHostedByObject(ctx, uri)
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(rows, func(c model.CoHosted) bool { return c.State == model.CoHostedAccepted }), nil
}
