package app

import (
	"context"
	"errors"
	"time"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/internal/app/event"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// SendEventUpdate sends followers the event as it is now: its counts.
func (a *App) SendEventUpdate(ctx context.Context, p EventUpdateArgs) error {
	return a.store.InTx(ctx, func(tx store.Tx) error {
		g, err := tx.GatheringGet(ctx, p.GatheringID)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil || g.Status == model.StatusDraft {
			return err
		}
		actor, err := tx.ActorGetByID(ctx, g.ActorID)
		if err != nil {
			return err
		}
		var e federation.Event
		var session *model.Session
		if p.SessionID != nil {
			s, err := tx.SessionGet(ctx, *p.SessionID)
			if errors.Is(err, store.ErrNotFound) {
				return nil
			}
			if err != nil {
				return err
			}
			session = &s
			e, err = event.Session(a.urls, actor, g, s)
			if err != nil {
				return err
			}
		} else {
			sessions, err := tx.SessionList(ctx, g.ID)
			if err != nil {
				return err
			}
			if e, err = event.Gathering(a.urls, actor, g, sessions); err != nil {
				return err
			}
		}
		if err := a.withCounts(ctx, tx, &e, g.ID, p.SessionID); err != nil {
			return err
		}
		if err := a.sendEvent(ctx, tx, actor, "Update", e, nil); err != nil {
			return err
		}
		if hasPoll(g, session) {
			return a.sendPoll(ctx, tx, actor, "Update", e, g.ID, p.SessionID)
		}
		return nil
	})
}

// withCounts fills an Event's participantCount from the RSVPs.
func (a *App) withCounts(ctx context.Context, q store.Queries, e *federation.Event, gatheringID int64, sessionID *int64) error {
	counts, err := q.RSVPCounts(ctx, gatheringID, sessionID)
	if err != nil {
		return err
	}
	e.Going = counts[model.RSVPGoing]
	last, err := q.RSVPLastChange(ctx, gatheringID, sessionID)
	if err != nil {
		return err
	}
	// The counts are part of the Event: it is as new as its last answer,
	// and servers ignore an Update that is not newer.
	if last.After(e.Published) {
		e.Updated = event.LaterOf(e.Updated, last.UTC().Truncate(time.Second))
	}
	return nil
}
