package gathering

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/gather-coop/gather/internal/app/event"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// FacilitatorLookupArgs is the job that looks up again a facilitator's
// handle whose server did not answer when the session was saved.
type FacilitatorLookupArgs struct {
	SessionID int64  `json:"session_id"`
	Handle    string `json:"handle"`
}

// Kind implements river.JobArgs.
func (FacilitatorLookupArgs) Kind() string { return "facilitator_lookup" }

// FacilitatorLookupAttempts is how many times a pending handle is looked
// up before the job gives up (with LookupBackoff, about a day). Saving the
// session again starts over.
const FacilitatorLookupAttempts = 36

// LookupBackoff is how long the lookup worker waits before attempt+1: it
// looks again soon, then less and less often, from 2 seconds doubling to
// a cap of an hour, with ±20% jitter. A server restarting is caught
// within seconds, one down for an afternoon within the hour, and the
// FacilitatorLookupAttempts span about a day.
func LookupBackoff(attempt int) time.Duration {
	const base, limit = 2 * time.Second, time.Hour
	d := limit
	if attempt >= 1 && attempt < 12 {
		d = min(base<<(attempt-1), limit)
	}
	return time.Duration(float64(d) * (0.8 + 0.4*rand.Float64()))
}

// enqueueLookups enqueues, in tx, a lookup of each of s's pending
// facilitators; a lookup of the same handle for the same session already
// waiting is not doubled.
func (gs *Service) enqueueLookups(ctx context.Context, tx store.Tx, s model.Session) error {
	for _, f := range s.Facilitators {
		if f.Lookup != model.LookupPending {
			continue
		}
		err := tx.Enqueue(ctx, FacilitatorLookupArgs{SessionID: s.ID, Handle: f.Handle}, &river.InsertOpts{
			MaxAttempts: FacilitatorLookupAttempts,
			UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: []rivertype.JobState{rivertype.JobStateAvailable,
				rivertype.JobStatePending, rivertype.JobStateRetryable, rivertype.JobStateRunning, rivertype.JobStateScheduled}},
		})
		if err != nil {
			return fmt.Errorf("enqueue lookup of %s: %w", f.Handle, err)
		}
	}
	return nil
}

// LookUpFacilitator looks a pending facilitator's handle up again. Found,
// the facilitator takes its account (name, avatar) and, if the gathering
// is published, followers get an Update of the gathering (and of the
// session when it was announced) that mentions them, sent to their inbox
// too so that their server notifies them. A server saying there is no
// such account ends the search (the organiser sees it on the session's
// page). Any other failure is returned, for the job to retry.
func (gs *Service) LookUpFacilitator(ctx context.Context, p FacilitatorLookupArgs) error {
	found, err := gs.ResolveHandle(ctx, p.Handle)
	if err != nil && lookupMayWorkLater(err) {
		return err
	}
	if err != nil {
		found = model.Facilitator{Handle: p.Handle, Lookup: model.LookupNotFound}
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

func (gs *Service) recordLookup(ctx context.Context, tx store.Tx, d *GatheringDetail, p FacilitatorLookupArgs, found model.Facilitator) error {
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
