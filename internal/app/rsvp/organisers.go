package rsvp

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/gather-coop/gather/internal/app/account"
	"github.com/gather-coop/gather/internal/app/apperr"
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
func (s *Service) PromoteRSVP(ctx context.Context, gatheringID, rsvpID int64) error {
	if err := s.acct.AuthorizeGathering(ctx, gatheringID, account.Write); err != nil {
		return err
	}
	rsvps, err := s.store.RSVPList(ctx, gatheringID)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(rsvps, func(r model.RSVP) bool { return r.ID == rsvpID })
	if i < 0 {
		return fmt.Errorf("RSVP %d of gathering %d: %w", rsvpID, gatheringID, store.ErrNotFound)
	}
	found := rsvps[i]
	ev, err := s.loadRSVPEvent(ctx, s.store, gatheringID, found.SessionID)
	if err != nil {
		return err
	}
	err = s.store.InTx(ctx, func(tx store.Tx) error {
		if err := tx.EventLock(ctx, gatheringID, found.SessionID); err != nil {
			return err
		}
		// Read again under the lock: the line may have moved meanwhile.
		current, err := tx.RSVPGet(ctx, store.RSVPKey{GatheringID: gatheringID, SessionID: found.SessionID,
			RemoteActorID: found.RemoteActorID, GuestKey: found.GuestKey})
		if errors.Is(err, store.ErrNotFound) || err == nil && current.Status != model.RSVPWaitlisted {
			return apperr.ErrNotWaiting
		}
		if err != nil {
			return err
		}
		counts, err := tx.RSVPCounts(ctx, gatheringID, found.SessionID)
		if err != nil {
			return err
		}
		current.Status, current.WaitlistedAt, current.UpdatedAt = model.RSVPGoing, nil, s.now().UTC()
		saved, err := tx.RSVPSave(ctx, &current)
		if err != nil {
			return err
		}
		if err := s.auditRSVP(ctx, tx, ev, saved, found.Person, account.AuditRSVPPromote); err != nil {
			return err
		}
		if err := s.tellPromoted(ctx, tx, ev, saved, counts[model.RSVPGoing]+1); err != nil {
			return err
		}
		return s.scheduleEventUpdate(ctx, tx, ev)
	})
	if err == nil {
		s.updates.mark(ev.key(), s.now().Truncate(time.Minute))
	}
	return err
}

// RemoveRSVP lets an organiser take an answer off an event; the place it
// held goes to the first on the waitlist.
func (s *Service) RemoveRSVP(ctx context.Context, gatheringID, rsvpID int64) error {
	if err := s.acct.AuthorizeGathering(ctx, gatheringID, account.Write); err != nil {
		return err
	}
	rsvps, err := s.store.RSVPList(ctx, gatheringID)
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
			full, err := s.store.RemoteActorGetByID(ctx, r.Person.ID)
			if err != nil {
				return err
			}
			req.Person = &full
		}
		_, err := s.RSVP(ctx, req)
		return err
	}
	return fmt.Errorf("RSVP %d of gathering %d: %w", rsvpID, gatheringID, store.ErrNotFound)
}

// BlockPerson stops a fediverse account from answering and takes back the
// answers it gave to gatherings that have not ended (their places go to
// the waitlist; the person is not told). Past answers stay, as history.
// The block holds for every co-op account (see account.Service.AuthorizeInstance).
func (s *Service) BlockPerson(ctx context.Context, actorURI string) error {
	if err := s.acct.AuthorizeInstance(ctx, account.Write); err != nil {
		return err
	}
	if _, _, err := fed.HostOf(actorURI); err != nil {
		return apperr.Invalid("id", "give the person's actor id, an https:// address")
	}
	defer s.fed.InvalidateBlocks()
	err := s.store.InTx(ctx, func(tx store.Tx) error {
		if err := tx.ActorBlock(ctx, actorURI, s.now()); err != nil {
			return err
		}
		if err := s.fed.BlocksChanged(ctx, tx); err != nil {
			return err
		}
		return s.acct.Audit(ctx, tx, nil, account.AuditAccountBlock, actorURI, "")
	})
	if err != nil {
		return err
	}
	person, err := s.store.RemoteActorGetByURI(ctx, actorURI)
	if errors.Is(err, store.ErrNotFound) {
		return nil // never seen: nothing to take back
	}
	if err != nil {
		return err
	}
	answers, err := s.store.RSVPListByPerson(ctx, person.ID, s.now())
	if err != nil {
		return err
	}
	for _, r := range answers {
		_, err := s.RSVP(ctx, RSVPRequest{GatheringID: r.GatheringID, SessionID: r.SessionID, Person: &person,
			Intent: IntentWithdraw, Channel: r.Channel})
		if err != nil && !errors.Is(err, apperr.ErrNoSignups) {
			return fmt.Errorf("take back %s's answers: %w", actorURI, err)
		}
	}
	return nil
}

// SignUpAtVenue records a day-of sign-up for a session: a name given on
// a phone at the door, unverified, shown as such to organisers. guestKey
// identifies the phone, so signing up twice is one sign-up. The gathering
// must have day-of sign-up switched on.
func (s *Service) SignUpAtVenue(ctx context.Context, sessionID int64, name, guestKey string) (RSVPOutcome, error) {
	name = strings.TrimSpace(name)
	if name == "" || len([]rune(name)) > 100 {
		return RSVPOutcome{}, apperr.Invalid("name", "give your name, as people know you (up to 100 characters)")
	}
	if guestKey == "" {
		return RSVPOutcome{}, apperr.Invalid("name", "sign-up needs cookies to tell your phone from others")
	}
	sess, err := s.store.SessionGet(ctx, sessionID)
	if err != nil {
		return RSVPOutcome{}, err
	}
	g, err := s.store.GatheringGet(ctx, sess.GatheringID)
	if err != nil {
		return RSVPOutcome{}, err
	}
	if !g.DayOfSignup {
		return RSVPOutcome{}, apperr.Invalid("name", "sign-up at the venue is not open for this gathering")
	}
	return s.RSVP(ctx, RSVPRequest{GatheringID: g.ID, SessionID: &sess.ID, GuestName: name, GuestKey: guestKey,
		Intent: IntentGoing, Channel: model.ChannelWeb})
}

// WaitlistPlace returns r's place in its event's waitlist (1 is next), or
// 0 when it is not waiting.
func (s *Service) WaitlistPlace(ctx context.Context, r model.RSVP) int {
	waitlist, err := s.store.RSVPWaitlist(ctx, r.GatheringID, r.SessionID)
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
