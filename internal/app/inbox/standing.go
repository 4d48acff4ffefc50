package inbox

import (
	"context"
	"errors"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/intent"
	"github.com/gather-coop/gather/internal/app/apperr"
	"github.com/gather-coop/gather/internal/app/event"
	"github.com/gather-coop/gather/internal/app/rsvp"
	"github.com/gather-coop/gather/internal/app/standing"
	"github.com/gather-coop/gather/internal/model"
)

// receiveStanding hands a reply to an occurrence of a series that speaks
// for all of them ("I'll come to all of them", "not any more") to package
// standing. It returns false when the reply is for its own occurrence
// only: it says nothing of the series, the gathering is no occurrence, or
// it takes back a standing RSVP there is none of; receiveNote then reads
// it as any reply. A reply it handles is not read again for its own
// occurrence: the one confirmation covers that too.
func (s *Service) receiveStanding(ctx context.Context, actorURI string, target rsvp.Target, note federation.NoteIn) (bool, error) {
	if s.standing == nil || target.Poll || target.SessionID != nil {
		return false, nil
	}
	said := intent.ReadStanding(note.ContentHTML)
	if said == intent.NotStanding {
		return false, nil
	}
	person, err := s.fed.RemoteActor(ctx, actorURI, false)
	if err != nil {
		return false, err
	}
	r := standing.Reply{GatheringID: target.GatheringID, Person: person, NoteID: note.ID,
		AnsweredAt: event.LaterOf(note.Published, note.Updated)}
	var handled bool
	if said == intent.AllOfThem {
		handled, err = s.standing.Stand(ctx, r)
	} else {
		handled, err = s.standing.Withdraw(ctx, r)
	}
	if errors.Is(err, apperr.ErrBlocked) {
		return true, skip("standing RSVP by %s, who is blocked", actorURI)
	}
	return handled, err
}

// forgetStanding ends the standing RSVP a deleted reply made, if r, one
// of its answers, is actorURI's: withdraw has just taken r back.
func (s *Service) forgetStanding(ctx context.Context, actorURI string, r model.RSVP) error {
	if s.standing == nil || r.RemoteActorID == nil || r.SessionID != nil {
		return nil
	}
	person, err := s.store.RemoteActorGetByID(ctx, *r.RemoteActorID)
	if err != nil || person.URI != actorURI {
		return err
	}
	return s.standing.Deleted(ctx, person.ID, r.GatheringID, r.ActivityURI)
}
