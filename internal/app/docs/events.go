package docs

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/asevent"
	"github.com/gather-coop/gather/internal/app/apperr"
	"github.com/gather-coop/gather/internal/app/event"
	"github.com/gather-coop/gather/internal/app/localurl"
	"github.com/gather-coop/gather/internal/app/rsvp"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// EventDocument returns the ActivityStreams Event of a published (or
// cancelled) gathering or session: the same object followers received.
// Drafts are not found; deleted events give apperr.ErrGone.
func (s *Service) EventDocument(ctx context.Context, kind localurl.EventKind, id int64) ([]byte, error) {
	uri := s.urls.Gathering(id)
	if kind == localurl.KindSession {
		uri = s.urls.Session(id)
	}
	now, stamp := s.now(), s.events.stamp.Load()
	if doc, ok := s.events.get(uri, now); ok {
		return doc, nil
	}
	e, err := s.PublicEvent(ctx, kind, id)
	if err != nil {
		return nil, err
	}
	doc, err := asevent.EventJSON(e)
	if err != nil {
		return nil, err
	}
	s.events.put(uri, doc, stamp, now)
	return doc, nil
}

func (s *Service) PublicEvent(ctx context.Context, kind localurl.EventKind, id int64) (asevent.Event, error) {
	uri := s.urls.Gathering(id)
	gatheringID := id
	var session model.Session
	if kind == localurl.KindSession {
		uri = s.urls.Session(id)
		sess, err := s.store.SessionGet(ctx, id)
		if err != nil {
			return asevent.Event{}, s.GoneOr(ctx, uri, err)
		}
		session, gatheringID = sess, sess.GatheringID
	}
	g, err := s.store.GatheringGet(ctx, gatheringID)
	if err != nil {
		return asevent.Event{}, s.GoneOr(ctx, uri, err)
	}
	if g.Status == model.StatusDraft {
		return asevent.Event{}, fmt.Errorf("gathering %d is a draft: %w", g.ID, store.ErrNotFound)
	}
	actor, err := s.store.ActorGetByID(ctx, g.ActorID)
	if err != nil {
		return asevent.Event{}, err
	}
	var e asevent.Event
	var sid *int64
	if kind == localurl.KindSession {
		e, err = event.Session(s.urls, actor, g, session)
		sid = &session.ID
	} else {
		var sessions []model.Session
		if sessions, err = s.store.SessionList(ctx, g.ID); err != nil {
			return asevent.Event{}, err
		}
		e, err = event.Gathering(s.urls, actor, g, sessions)
	}
	if err != nil {
		return asevent.Event{}, err
	}
	return e, rsvp.WithCounts(ctx, s.store, &e, g.ID, sid)
}

// GoneOr turns a not-found for a deleted object into apperr.ErrGone.
func (s *Service) GoneOr(ctx context.Context, uri string, err error) error {
	if _, terr := s.store.TombstoneGet(ctx, uri); terr == nil {
		return fmt.Errorf("%s: %w", uri, apperr.ErrGone)
	}
	return err
}

// EventJSON encodes e.
func EventJSON(e asevent.Event) (json.RawMessage, error) {
	b, err := asevent.EventJSON(e)
	if err != nil {
		return nil, fmt.Errorf("event %s: %w", e.ID, err)
	}
	return b, nil
}

// RepliesDocument is an event's replies collection.
func (s *Service) RepliesDocument(ctx context.Context, kind localurl.EventKind, id int64) ([]byte, error) {
	e, err := s.PublicEvent(ctx, kind, id)
	if err != nil {
		return nil, err
	}
	return federation.OrderedCollection(e.RepliesURL, 0, "")
}
