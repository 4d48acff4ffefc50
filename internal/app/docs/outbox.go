package docs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/internal/app/apperr"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// outboxPlan is the order of a co-op's outbox. Gancio imports only the
// Create{Event}s on the first page of an outbox it follows, so that page
// leads with the Creates of every upcoming gathering (soonest first), then
// of their sessions announced on their own; everything else follows,
// newest first. The first page grows past PageSize when there are more
// upcoming gatherings than that; later pages hold PageSize each. Every
// listed Create is on exactly one page, and the total counts each once.
type outboxPlan struct {
	lead    []model.OutboxActivity // in the order listed
	exclude []string               // the lead's objects: the rest leaves them out
	first   int                    // size of page 1
	total   int
}

func (s *Service) outboxPlan(ctx context.Context, actor model.Actor) (outboxPlan, error) {
	gatherings, sessions, err := s.upcomingEvents(ctx, actor)
	if err != nil {
		return outboxPlan{}, err
	}
	p := outboxPlan{first: PageSize, exclude: append(gatherings, sessions...)}
	if p.total, err = s.store.OutboxCount(ctx, actor.ID); err != nil {
		return outboxPlan{}, err
	}
	if len(p.exclude) == 0 {
		return p, nil
	}
	acts, err := s.store.OutboxList(ctx, &store.OutboxListParams{ActorID: actor.ID, ObjectURIs: p.exclude})
	if err != nil {
		return outboxPlan{}, err
	}
	byObject := make(map[string][]model.OutboxActivity, len(acts))
	for _, act := range acts {
		byObject[act.ObjectURI] = append(byObject[act.ObjectURI], act)
	}
	for i, uri := range p.exclude {
		p.lead = append(p.lead, byObject[uri]...)
		if i == len(gatherings)-1 {
			p.first = max(PageSize, len(p.lead))
		}
	}
	return p, nil
}

// upcomingEvents are the ids of actor's published gatherings not yet
// over, soonest first, and of their sessions announced on their own and
// not yet over, soonest first.
func (s *Service) upcomingEvents(ctx context.Context, actor model.Actor) (gatherings, sessions []string, err error) {
	now := s.now()
	list, err := s.store.GatheringList(ctx, &store.GatheringListParams{ActorID: actor.ID,
		Statuses: []model.GatheringStatus{model.StatusPublished}, EndsAfter: now})
	if err != nil {
		return nil, nil, err
	}
	var announced []model.Session
	for _, g := range list {
		gatherings = append(gatherings, s.urls.Gathering(g.ID))
		ss, err := s.store.SessionList(ctx, g.ID)
		if err != nil {
			return nil, nil, err
		}
		for _, x := range ss {
			if x.Announce && x.EndsAt.After(now) {
				announced = append(announced, x)
			}
		}
	}
	sort.SliceStable(announced, func(i, j int) bool { return announced[i].StartsAt.Before(announced[j].StartsAt) })
	for _, x := range announced {
		sessions = append(sessions, s.urls.Session(x.ID))
	}
	return gatherings, sessions, nil
}

// bounds are the positions [lo, hi) of page (from 1) in the plan's order.
func (p outboxPlan) bounds(page int) (lo, hi int) {
	if page == 1 {
		return 0, p.first
	}
	lo = p.first + (page-2)*PageSize
	return lo, lo + PageSize
}

// page returns the activities of page (from 1).
func (s *Service) outboxPage(ctx context.Context, actor model.Actor, p outboxPlan, page int) ([]model.OutboxActivity, error) {
	lo, hi := p.bounds(page)
	var out []model.OutboxActivity
	if n := len(p.lead); lo < n {
		out = append(out, p.lead[lo:min(hi, n)]...)
	}
	from := max(lo, len(p.lead))
	if hi <= from {
		return out, nil
	}
	rest, err := s.store.OutboxList(ctx, &store.OutboxListParams{ActorID: actor.ID, ExcludeObjectURIs: p.exclude,
		Limit: hi - from, Offset: from - len(p.lead)})
	if err != nil {
		return nil, err
	}
	return append(out, rest...), nil
}

// outboxDocument is a co-op actor's outbox: its top (page 0) or a page,
// in the order outboxPlan describes. Each Create carries its event as it
// is now.
func (s *Service) outboxDocument(ctx context.Context, actor model.Actor, page int) ([]byte, error) {
	id := s.urls.Outbox(actor.Handle)
	p, err := s.outboxPlan(ctx, actor)
	if err != nil {
		return nil, err
	}
	pageURL := func(n int) string { return fmt.Sprintf("%s?page=%d", id, n) }
	if page <= 0 {
		first := ""
		if p.total > 0 {
			first = pageURL(1)
		}
		return federation.OrderedCollection(id, p.total, first)
	}
	next, prev := "", ""
	if _, hi := p.bounds(page); hi < p.total {
		next = pageURL(page + 1)
	}
	if page > 1 {
		prev = pageURL(page - 1)
	}
	acts, err := s.outboxPage(ctx, actor, p, page)
	if err != nil {
		return nil, err
	}
	items := make([]json.RawMessage, 0, len(acts))
	for _, act := range acts {
		item, err := s.currentCreate(ctx, actor, act)
		if err != nil {
			return nil, err
		}
		if item != nil {
			items = append(items, item)
		}
	}
	return federation.OrderedCollectionPage(pageURL(page), id, items, next, prev)
}

// currentCreate is a Create as the outbox lists it: for one of our events,
// wrapping the event as it is now (servers like Gancio import events from
// the outbox, so an edit since must show); nil for an event since deleted.
func (s *Service) currentCreate(ctx context.Context, actor model.Actor, act model.OutboxActivity) (json.RawMessage, error) {
	kind, id, ok := s.urls.EventOf(act.ObjectURI)
	if !ok {
		// A poll or a note: gone with its event.
		if err := s.GoneOr(ctx, act.ObjectURI, nil); errors.Is(err, apperr.ErrGone) {
			return nil, nil
		}
		return act.Raw, nil
	}
	e, err := s.PublicEvent(ctx, kind, id)
	if errors.Is(err, apperr.ErrGone) || errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	doc, err := EventJSON(e)
	if err != nil {
		return nil, err
	}
	aud := federation.Audience{To: []string{federation.Public}, CC: []string{s.urls.Followers(actor.Handle)}}
	return federation.Create(act.URI, s.urls.Actor(actor.Handle), doc, aud)
}
