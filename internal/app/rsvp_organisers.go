package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/gather-coop/gather/internal/app/account"
	"github.com/gather-coop/gather/internal/app/fed"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// What organisers do to answers (promote, remove, block the person) and
// the venue's own sign-ups; each goes through the same rules as RSVP.
// PromoteRSVP lets an organiser give a waitlisted person a place now,
// ahead of the line and past the capacity if need be: organisers know
// the room (a spare chair, someone who will not come) better than the
// count does. The person is told as when a place opens up.
func (a *App) PromoteRSVP(ctx context.Context, gatheringID, rsvpID int64) error {
	if err := a.acct.AuthorizeGathering(ctx, gatheringID, account.Write); err != nil {
		return err
	}
	rsvps, err := a.store.RSVPList(ctx, gatheringID)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(rsvps, func(r model.RSVP) bool { return r.ID == rsvpID })
	if i < 0 {
		return fmt.Errorf("RSVP %d of gathering %d: %w", rsvpID, gatheringID, store.ErrNotFound)
	}
	found := rsvps[i]
	ev, err := a.loadRSVPEvent(ctx, a.store, gatheringID, found.SessionID)
	if err != nil {
		return err
	}
	err = a.store.InTx(ctx, func(tx store.Tx) error {
		if err := tx.EventLock(ctx, gatheringID, found.SessionID); err != nil {
			return err
		}
		// Read again under the lock: the line may have moved meanwhile.
		current, err := tx.RSVPGet(ctx, store.RSVPKey{GatheringID: gatheringID, SessionID: found.SessionID,
			RemoteActorID: found.RemoteActorID, GuestKey: found.GuestKey})
		if errors.Is(err, store.ErrNotFound) || err == nil && current.Status != model.RSVPWaitlisted {
			return ErrNotWaiting
		}
		if err != nil {
			return err
		}
		counts, err := tx.RSVPCounts(ctx, gatheringID, found.SessionID)
		if err != nil {
			return err
		}
		current.Status, current.WaitlistedAt, current.UpdatedAt = model.RSVPGoing, nil, a.now().UTC()
		saved, err := tx.RSVPSave(ctx, &current)
		if err != nil {
			return err
		}
		if err := a.auditRSVP(ctx, tx, ev, saved, found.Person, AuditRSVPPromote); err != nil {
			return err
		}
		if err := a.tellPromoted(ctx, tx, ev, saved, counts[model.RSVPGoing]+1); err != nil {
			return err
		}
		return a.scheduleEventUpdate(ctx, tx, ev)
	})
	if err == nil {
		a.updates.mark(ev.key(), a.now().Truncate(time.Minute))
	}
	return err
}

// RemoveRSVP lets an organiser take an answer off an event; the place it
// held goes to the first on the waitlist.
func (a *App) RemoveRSVP(ctx context.Context, gatheringID, rsvpID int64) error {
	if err := a.acct.AuthorizeGathering(ctx, gatheringID, account.Write); err != nil {
		return err
	}
	rsvps, err := a.store.RSVPList(ctx, gatheringID)
	if err != nil {
		return err
	}
	for _, r := range rsvps {
		if r.ID != rsvpID {
			continue
		}
		req := RSVPRequest{GatheringID: r.GatheringID, SessionID: r.SessionID, Person: r.Person, GuestKey: r.GuestKey,
			Intent: IntentWithdraw, Channel: r.Channel}
		if r.Person != nil {
			full, err := a.store.RemoteActorGetByID(ctx, r.Person.ID)
			if err != nil {
				return err
			}
			req.Person = &full
		}
		_, err := a.RSVP(ctx, req)
		return err
	}
	return fmt.Errorf("RSVP %d of gathering %d: %w", rsvpID, gatheringID, store.ErrNotFound)
}

// BlockPerson stops a fediverse account from answering and takes back the
// answers it gave to gatherings that have not ended (their places go to
// the waitlist; the person is not told). Past answers stay, as history.
// The block holds for every co-op account (see authorizeInstance).
func (a *App) BlockPerson(ctx context.Context, actorURI string) error {
	if err := a.acct.AuthorizeInstance(ctx, account.Write); err != nil {
		return err
	}
	if _, _, err := fed.HostOf(actorURI); err != nil {
		return invalid("id", "give the person's actor id, an https:// address")
	}
	err := a.store.InTx(ctx, func(tx store.Tx) error {
		if err := tx.ActorBlock(ctx, actorURI, a.now()); err != nil {
			return err
		}
		return a.acct.Audit(ctx, tx, nil, AuditAccountBlock, actorURI, "")
	})
	if err != nil {
		return err
	}
	person, err := a.store.RemoteActorGetByURI(ctx, actorURI)
	if errors.Is(err, store.ErrNotFound) {
		return nil // never seen: nothing to take back
	}
	if err != nil {
		return err
	}
	answers, err := a.store.RSVPListByPerson(ctx, person.ID, a.now())
	if err != nil {
		return err
	}
	for _, r := range answers {
		_, err := a.RSVP(ctx, RSVPRequest{GatheringID: r.GatheringID, SessionID: r.SessionID, Person: &person,
			Intent: IntentWithdraw, Channel: r.Channel})
		if err != nil && !errors.Is(err, ErrNoSignups) {
			return fmt.Errorf("take back %s's answers: %w", actorURI, err)
		}
	}
	return nil
}

// SignUpAtVenue records a day-of sign-up for a session: a name given on
// a phone at the door, unverified, shown as such to organisers. guestKey
// identifies the phone, so signing up twice is one sign-up. The gathering
// must have day-of sign-up switched on.
func (a *App) SignUpAtVenue(ctx context.Context, sessionID int64, name, guestKey string) (RSVPOutcome, error) {
	name = strings.TrimSpace(name)
	if name == "" || len([]rune(name)) > 100 {
		return RSVPOutcome{}, invalid("name", "give your name, as people know you (up to 100 characters)")
	}
	if guestKey == "" {
		return RSVPOutcome{}, invalid("name", "sign-up needs cookies to tell your phone from others")
	}
	s, err := a.store.SessionGet(ctx, sessionID)
	if err != nil {
		return RSVPOutcome{}, err
	}
	g, err := a.store.GatheringGet(ctx, s.GatheringID)
	if err != nil {
		return RSVPOutcome{}, err
	}
	if !g.DayOfSignup {
		return RSVPOutcome{}, invalid("name", "sign-up at the venue is not open for this gathering")
	}
	return a.RSVP(ctx, RSVPRequest{GatheringID: g.ID, SessionID: &s.ID, GuestName: name, GuestKey: guestKey,
		Intent: IntentGoing, Channel: model.ChannelWeb})
}

// WaitlistPlace returns r's place in its event's waitlist (1 is next), or
// 0 when it is not waiting.
func (a *App) WaitlistPlace(ctx context.Context, r model.RSVP) int {
	waitlist, err := a.store.RSVPWaitlist(ctx, r.GatheringID, r.SessionID)
	if err != nil {
		return 0
	}
	for i, w := range waitlist {
		if w.ID == r.ID {
			return i + 1
		}
	}
	return 0
}
