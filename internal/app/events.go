package app

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/internal/app/event"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// EventDocument returns the ActivityStreams Event of a published (or
// cancelled) gathering or session: the same object followers received.
// Drafts are not found; deleted events give ErrGone.
func (a *App) EventDocument(ctx context.Context, kind EventKind, id int64) ([]byte, error) {
	uri := a.urls.Gathering(id)
	if kind == KindSession {
		uri = a.urls.Session(id)
	}
	now, stamp := a.now(), a.events.stamp.Load()
	if doc, ok := a.events.get(uri, now); ok {
		return doc, nil
	}
	e, err := a.publicEvent(ctx, kind, id)
	if err != nil {
		return nil, err
	}
	doc, err := federation.EventJSON(e)
	if err != nil {
		return nil, err
	}
	a.events.put(uri, doc, stamp, now)
	return doc, nil
}

func (a *App) publicEvent(ctx context.Context, kind EventKind, id int64) (federation.Event, error) {
	uri := a.urls.Gathering(id)
	gatheringID := id
	var session model.Session
	if kind == KindSession {
		uri = a.urls.Session(id)
		s, err := a.store.SessionGet(ctx, id)
		if err != nil {
			return federation.Event{}, a.goneOr(ctx, uri, err)
		}
		session, gatheringID = s, s.GatheringID
	}
	g, err := a.store.GatheringGet(ctx, gatheringID)
	if err != nil {
		return federation.Event{}, a.goneOr(ctx, uri, err)
	}
	if g.Status == model.StatusDraft {
		return federation.Event{}, fmt.Errorf("gathering %d is a draft: %w", g.ID, store.ErrNotFound)
	}
	actor, err := a.store.ActorGetByID(ctx, g.ActorID)
	if err != nil {
		return federation.Event{}, err
	}
	var e federation.Event
	var sid *int64
	if kind == KindSession {
		e, err = event.Session(a.urls, actor, g, session)
		sid = &session.ID
	} else {
		var sessions []model.Session
		if sessions, err = a.store.SessionList(ctx, g.ID); err != nil {
			return federation.Event{}, err
		}
		e, err = event.Gathering(a.urls, actor, g, sessions)
	}
	if err != nil {
		return federation.Event{}, err
	}
	return e, a.withCounts(ctx, a.store, &e, g.ID, sid)
}

// goneOr turns a not-found for a deleted object into ErrGone.
func (a *App) goneOr(ctx context.Context, uri string, err error) error {
	if _, terr := a.store.TombstoneGet(ctx, uri); terr == nil {
		return fmt.Errorf("%s: %w", uri, ErrGone)
	}
	return err
}

// eventJSON encodes e.
func eventJSON(e federation.Event) (json.RawMessage, error) {
	b, err := federation.EventJSON(e)
	if err != nil {
		return nil, fmt.Errorf("event %s: %w", e.ID, err)
	}
	return b, nil
}

// editTime is the time an edit is stamped with: now, to the second, but
// always after every earlier stamp given, so that each Update's "updated"
// is newer than the last (servers ignore an edit that is not).
func (a *App) editTime(earlier ...time.Time) time.Time {
	t := a.now().UTC().Truncate(time.Second)
	for _, e := range earlier {
		if !t.After(e) {
			t = e.Truncate(time.Second).Add(time.Second)
		}
	}
	return t
}

// RepliesDocument is an event's replies collection.
func (a *App) RepliesDocument(ctx context.Context, kind EventKind, id int64) ([]byte, error) {
	e, err := a.publicEvent(ctx, kind, id)
	if err != nil {
		return nil, err
	}
	return federation.OrderedCollection(e.RepliesURL, 0, "")
}
