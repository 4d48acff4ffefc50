package netcal

import (
	"context"
	"fmt"
	"html"
	"strings"
	"time"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// OursFilter is the filter value (?source=ours) that keeps this
// instance's own gatherings.
const OursFilter = "ours"

// ours returns our co-op accounts as calendar sources, and their
// published (or cancelled) gatherings that have not ended by now, as
// entries of the calendar: a member reading the network calendar, its
// feeds or a co-op website's embed finds our dates beside the partners'.
// Each entry's id and home page is the gathering's own URL, so "RSVP
// from your server" goes to us as the host, as it goes to a partner for
// theirs.
func (s *Service) ours(ctx context.Context, now time.Time, limit int) ([]Source, []Event, error) {
	actors, err := s.store.ActorList(ctx, model.ActorGroup)
	if err != nil {
		return nil, nil, fmt.Errorf("our accounts: %w", err)
	}
	public := []model.GatheringStatus{model.StatusPublished, model.StatusCancelled}
	sources := make([]Source, len(actors))
	var events []Event
	for i, a := range actors {
		list, err := s.store.GatheringList(ctx, &store.GatheringListParams{ActorID: a.ID, Statuses: public, EndsAfter: now, Limit: limit})
		if err != nil {
			return nil, nil, fmt.Errorf("gatherings of @%s: %w", a.Handle, err)
		}
		sources[i] = Source{Ours: true, Handle: "@" + a.Handle + "@" + s.urls.Host(), ActorURI: s.urls.Actor(a.Handle),
			PageURL: s.urls.Profile(a.Handle), Upcoming: len(list)}
		for _, g := range list {
			events = append(events, s.ourEntry(g, &sources[i]))
		}
	}
	return sources, events, nil
}

func (s *Service) ourEntry(g model.Gathering, host *Source) Event {
	uri := s.urls.Gathering(g.ID)
	ends := g.EndsAt
	e := model.RemoteEvent{ObjectURI: uri, URL: uri, Title: g.Title, SummaryHTML: html.EscapeString(g.Summary),
		StartsAt: g.StartsAt, EndsAt: &ends, Timezone: g.Timezone,
		PlaceName: g.Venue.Name, PlaceAddress: addressOf(g.Venue),
		Latitude: g.Venue.Latitude, Longitude: g.Venue.Longitude,
		// The gathering's own online URL is what its public Event says
		// (for a series whose link is for attendees, the series' page).
		OnlineURL: g.OnlineURL, Status: "EventScheduled",
		SourceHandle: host.Handle, SourceActorURI: host.ActorURI}
	if g.Status == model.StatusCancelled {
		e.Status = "EventCancelled"
	}
	if g.PublishedAt != nil {
		e.PublishedAt = g.PublishedAt
	}
	updated := g.UpdatedAt
	e.UpdatedAt, e.Version = &updated, &updated
	return entry(e, host)
}

func addressOf(v model.Venue) string {
	var parts []string
	for _, p := range []string{v.StreetAddress, v.Locality, v.Region, v.PostalCode, v.Country} {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}
