package gathering

import (
	"context"
	"errors"

	"github.com/gather-coop/gather/federation/asevent"
	"github.com/gather-coop/gather/internal/app/event"
	"github.com/gather-coop/gather/internal/app/poll"
	"github.com/gather-coop/gather/internal/app/rsvp"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// SendEventUpdate sends followers the event as it is now: its counts.
func (gs *Service) SendEventUpdate(ctx context.Context, p rsvp.EventUpdateArgs) error {
	return gs.store.InTx(ctx, func(tx store.Tx) error {
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
		var e asevent.Event
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
			e, err = event.Session(gs.urls, actor, g, s)
			if err != nil {
				return err
			}
		} else {
			sessions, err := tx.SessionList(ctx, g.ID)
			if err != nil {
				return err
			}
			if e, err = event.Gathering(gs.urls, actor, g, sessions); err != nil {
				return err
			}
		}
		if err := rsvp.WithCounts(ctx, tx, &e, g.ID, p.SessionID); err != nil {
			return err
		}
		if err := gs.sendEvent(ctx, tx, actor, "Update", e, nil); err != nil {
			return err
		}
		if poll.Has(g, session) {
			if err := gs.polls.Send(ctx, tx, actor, "Update", e, g.ID, p.SessionID); err != nil {
				return err
			}
		}
		if session == nil {
			return nil
		}
		// The slot polls offering the session count its places too; they
		// live under the gathering's Event.
		sessions, err := tx.SessionList(ctx, g.ID)
		if err != nil {
			return err
		}
		ge, err := event.Gathering(gs.urls, actor, g, sessions)
		if err != nil {
			return err
		}
		return gs.polls.SendSlotCounts(ctx, tx, actor, ge, g, session.ID)
	})
}
