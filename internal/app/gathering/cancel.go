package gathering

import (
	"context"

	"github.com/gather-coop/gather/internal/app/apperr"
	"github.com/gather-coop/gather/internal/app/event"
	"github.com/gather-coop/gather/internal/app/notice"
	"github.com/gather-coop/gather/internal/app/poll"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// CancelGathering cancels a gathering. Once published, everything
// followers and those who answered were sent changes: the gathering's
// Event (status cancelled) and each announced session's post, and every
// RSVP poll is closed (an Update of each Question, "closed" set to now),
// all sent to the followers and to everyone who answered; then a note
// says so (announce: the public note to followers who did not answer, a
// direct one to each who did). A reply or vote that comes later is not
// counted and is answered once (notice.Service.TellCancelled).
func (gs *Service) CancelGathering(ctx context.Context, id int64) (GatheringRef, error) {
	return gs.changeGathering(ctx, id, 0, func(tx store.Tx, d *GatheringDetail) error {
		g := d.Gathering
		if g.Status == model.StatusCancelled {
			return nil
		}
		wasPublic := g.Status == model.StatusPublished
		g.Status, g.UpdatedAt = model.StatusCancelled, gs.editTime(g.UpdatedAt, event.PublishedAt(g))
		updated, err := tx.GatheringUpdate(ctx, &g, g.Version)
		if err != nil {
			return err
		}
		d.Gathering = updated
		if !wasPublic {
			return nil
		}
		answered, err := answerInboxes(ctx, tx, id, nil)
		if err != nil {
			return err
		}
		event, err := event.Gathering(gs.urls, d.Actor, updated, d.Sessions)
		if err != nil {
			return err
		}
		if err := gs.sendEvent(ctx, tx, d.Actor, "Update", event, append(mentionInboxes(d.Sessions...), answered...)); err != nil {
			return err
		}
		if poll.Has(updated, nil) {
			if err := gs.polls.Send(ctx, tx, d.Actor, "Update", event, id, nil, answered...); err != nil {
				return err
			}
		}
		// Each slot poll closes with it (slotQuestion).
		if err := gs.polls.SendSlotCounts(ctx, tx, d.Actor, event, updated, 0); err != nil {
			return err
		}
		for _, s := range d.Sessions {
			if !s.Announce {
				continue
			}
			sessionAnswered, err := answerInboxes(ctx, tx, id, &s.ID)
			if err != nil {
				return err
			}
			if err := gs.sendSessionPost(ctx, tx, d, s, "Update", sessionAnswered...); err != nil {
				return err
			}
		}
		return gs.notices.Announce(ctx, tx, d.Actor, notice.Notice{Text: notice.CancelledText(event), Cancelled: true}, event)
	})
}

// notCancelled refuses changes to a cancelled gathering: what people were
// told of it is final, its polls closed at the cancellation for good.
func notCancelled(g model.Gathering) error {
	if g.Status == model.StatusCancelled {
		return apperr.Invalid("status", "this gathering is cancelled and can no longer change: delete it, or create a new one")
	}
	return nil
}

// DeleteGathering deletes a gathering and its sessions. If it was ever
// public, everything published about it goes with it: the Events, their
// RSVP polls, the change notes and the confirmations, each deleted on the
// servers it was sent to; and every one of those ids answers 410 from then
// on.
func (gs *Service) DeleteGathering(ctx context.Context, id int64) error {
	_, err := gs.changeGathering(ctx, id, 0, func(tx store.Tx, d *GatheringDetail) error {
		sent := d.Gathering.PublishedAt != nil
		extra, err := answerInboxes(ctx, tx, id, nil)
		if err != nil {
			return err
		}
		extra = append(extra, mentionInboxes(d.Sessions...)...)
		hosts, err := coHostInboxes(ctx, tx, d.Gathering.CoHosts)
		if err != nil {
			return err
		}
		extra = append(extra, hosts...)
		for _, s := range d.Sessions {
			if err := gs.retractEvent(ctx, tx, d.Actor, gs.urls.Session(s.ID), sent, extra); err != nil {
				return err
			}
		}
		if err := gs.retractEvent(ctx, tx, d.Actor, gs.urls.Gathering(id), sent, extra); err != nil {
			return err
		}
		return tx.GatheringDelete(ctx, id)
	})
	return err
}
