package gathering

import (
	"context"
	"errors"
	"fmt"

	"github.com/gather-coop/gather/internal/app/event"
	"github.com/gather-coop/gather/internal/app/facilitator"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// LookUpFacilitator looks a pending facilitator's handle up again. Found,
// the facilitator takes its account (name, avatar) and, if the gathering
// is published, followers get an Update of the gathering (and of the
// session when it was announced) that mentions them, sent to their inbox
// too so that their server notifies them. A server saying there is no
// such account ends the search (the organiser sees it on the session's
// page). Any other failure is returned, for the job to retry.
func (gs *Service) LookUpFacilitator(ctx context.Context, p facilitator.LookupArgs) error {
	found, err := gs.facilitators.ResolveHandle(ctx, p.Handle)
	if err != nil && facilitator.LookupMayWorkLater(err) {
		return err
	}
	if err != nil {
		found = model.Facilitator{Handle: p.Handle, Lookup: model.LookupNotFound}
	}
	if p.GatheringID != 0 {
		return gs.recordCoHostLookup(ctx, p, found)
	}
	s, err := gs.store.SessionGet(ctx, p.SessionID)
	if errors.Is(err, store.ErrNotFound) {
		return nil // deleted since
	}
	if err != nil {
		return err
	}
	_, err = gs.changeGathering(ctx, s.GatheringID, 0, func(tx store.Tx, d *GatheringDetail) error {
		return gs.recordLookup(ctx, tx, d, p, found)
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil // the facilitator was removed, or found already
	}
	return err
}

func (gs *Service) recordLookup(ctx context.Context, tx store.Tx, d *GatheringDetail, p facilitator.LookupArgs, found model.Facilitator) error {
	before, ok := findSession(d.Sessions, p.SessionID)
	if !ok {
		return fmt.Errorf("session %d: %w", p.SessionID, store.ErrNotFound)
	}
	params := &store.FacilitatorResolveParams{SessionID: p.SessionID, Handle: p.Handle, Found: found}
	if found.Lookup == model.LookupDone {
		params.UpdatedAt = gs.editTime(before.UpdatedAt, d.Gathering.UpdatedAt, event.PublishedAt(d.Gathering))
	}
	if err := tx.FacilitatorResolve(ctx, params); err != nil {
		return err
	}
	if found.Lookup != model.LookupDone || d.Gathering.Status != model.StatusPublished {
		return nil
	}
	sessions, err := tx.SessionList(ctx, d.Gathering.ID)
	if err != nil {
		return err
	}
	d.Sessions = sessions
	s, _ := findSession(sessions, p.SessionID)
	// One notification is enough: the mention goes to their inbox with
	// the session's own Event when it has one, else with the gathering's.
	mention := []string{found.Inbox}
	if s.Announce {
		se, err := event.Session(gs.urls, d.Actor, d.Gathering, s)
		if err != nil {
			return err
		}
		if err := gs.sendEvent(ctx, tx, d.Actor, "Update", se, mention); err != nil {
			return err
		}
		mention = nil
	}
	return gs.sendGatheringUpdate(ctx, tx, d, mention...)
}

// recordCoHostLookup records a pending co-host's later look-up. Found,
// and the gathering public, its followers and the co-host get an Update
// crediting it, and the co-host its note.
func (gs *Service) recordCoHostLookup(ctx context.Context, p facilitator.LookupArgs, found model.CoHost) error {
	_, err := gs.changeGathering(ctx, p.GatheringID, 0, func(tx store.Tx, d *GatheringDetail) error {
		if err := tx.CoHostResolve(ctx, p.GatheringID, p.Handle, found); err != nil {
			return err
		}
		if found.Lookup != model.LookupDone || d.Gathering.Status != model.StatusPublished {
			return nil
		}
		hosts, err := tx.CoHostList(ctx, p.GatheringID)
		if err != nil {
			return err
		}
		d.Gathering.CoHosts = hosts
		if err := gs.sendGatheringUpdate(ctx, tx, d); err != nil {
			return err
		}
		e, err := event.Gathering(gs.urls, d.Actor, d.Gathering, d.Sessions)
		if err != nil {
			return err
		}
		return gs.tellCoHosts(ctx, tx, d.Actor, e, []model.CoHost{found})
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil // the gathering or the co-host was removed, or found already
	}
	return err
}
