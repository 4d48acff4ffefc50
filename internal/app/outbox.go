package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"

	"github.com/gather-coop/gather/federation"
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

func (a *App) outboxPlan(ctx context.Context, actor model.Actor) (outboxPlan, error) {
	gatherings, sessions, err := a.upcomingEvents(ctx, actor)
	if err != nil {
		return outboxPlan{}, err
	}
	p := outboxPlan{first: PageSize, exclude: append(gatherings, sessions...)}
	if p.total, err = a.store.OutboxCount(ctx, actor.ID); err != nil {
		return outboxPlan{}, err
	}
	if len(p.exclude) == 0 {
		return p, nil
	}
	acts, err := a.store.OutboxList(ctx, &store.OutboxListParams{ActorID: actor.ID, ObjectURIs: p.exclude})
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
func (a *App) upcomingEvents(ctx context.Context, actor model.Actor) (gatherings, sessions []string, err error) {
	now := a.now()
	list, err := a.store.GatheringList(ctx, &store.GatheringListParams{ActorID: actor.ID,
		Statuses: []model.GatheringStatus{model.StatusPublished}, EndsAfter: now})
	if err != nil {
		return nil, nil, err
	}
	var announced []model.Session
	for _, g := range list {
		gatherings = append(gatherings, a.urls.Gathering(g.ID))
		ss, err := a.store.SessionList(ctx, g.ID)
		if err != nil {
			return nil, nil, err
		}
		for _, s := range ss {
			if s.Announce && s.EndsAt.After(now) {
				announced = append(announced, s)
			}
		}
	}
	sort.SliceStable(announced, func(i, j int) bool { return announced[i].StartsAt.Before(announced[j].StartsAt) })
	for _, s := range announced {
		sessions = append(sessions, a.urls.Session(s.ID))
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
func (a *App) outboxPage(ctx context.Context, actor model.Actor, p outboxPlan, page int) ([]model.OutboxActivity, error) {
	lo, hi := p.bounds(page)
	var out []model.OutboxActivity
	if n := len(p.lead); lo < n {
		out = append(out, p.lead[lo:min(hi, n)]...)
	}
	from := max(lo, len(p.lead))
	if hi <= from {
		return out, nil
	}
	rest, err := a.store.OutboxList(ctx, &store.OutboxListParams{ActorID: actor.ID, ExcludeObjectURIs: p.exclude,
		Limit: hi - from, Offset: from - len(p.lead)})
	if err != nil {
		return nil, err
	}
	return append(out, rest...), nil
}

// outboxDocument is a co-op actor's outbox: its top (page 0) or a page,
// in the order outboxPlan describes. Each Create carries its event as it
// is now.
func (a *App) outboxDocument(ctx context.Context, actor model.Actor, page int) ([]byte, error) {
	id := a.urls.Outbox(actor.Handle)
	p, err := a.outboxPlan(ctx, actor)
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
	acts, err := a.outboxPage(ctx, actor, p, page)
	if err != nil {
		return nil, err
	}
	items := make([]json.RawMessage, 0, len(acts))
	for _, act := range acts {
		item, err := a.currentCreate(ctx, actor, act)
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
func (a *App) currentCreate(ctx context.Context, actor model.Actor, act model.OutboxActivity) (json.RawMessage, error) {
	kind, id, ok := a.urls.EventOf(act.ObjectURI)
	if !ok {
		// A poll or a note: gone with its event.
		if err := a.goneOr(ctx, act.ObjectURI, nil); errors.Is(err, ErrGone) {
			return nil, nil
		}
		return act.Raw, nil
	}
	e, err := a.publicEvent(ctx, kind, id)
	if errors.Is(err, ErrGone) || errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	doc, err := eventJSON(e)
	if err != nil {
		return nil, err
	}
	aud := federation.Audience{To: []string{federation.Public}, CC: []string{a.urls.Followers(actor.Handle)}}
	return federation.Create(act.URI, a.urls.Actor(actor.Handle), doc, aud)
}
