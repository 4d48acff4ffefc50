package inbox

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/internal/app/event"
	"github.com/gather-coop/gather/internal/app/rsvp"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// receiveSlotVote reads a vote in a slot poll as a sign-up for the
// session of the option chosen, under its capacity (a waitlist place when
// full). One person holds one place per poll: a vote for another option
// (a server that lets votes change) gives up the place they held through
// the poll's other sessions before taking the new one.
func (s *Service) receiveSlotVote(ctx context.Context, actorURI string, target rsvp.Target, note federation.NoteIn) error {
	if note.Name == "" || strings.TrimSpace(note.ContentHTML) != "" {
		return skip("a reply to a slot poll that is not a vote")
	}
	p, err := s.store.SlotPollGet(ctx, target.SlotPollID)
	if errors.Is(err, store.ErrNotFound) || err == nil && p.GatheringID != target.GatheringID {
		return skip("a vote in no slot poll of ours")
	}
	if err != nil {
		return err
	}
	if p.RetiredAt != nil {
		// Its options may name sessions that moved: the vote would sign
		// up for a time the person did not choose.
		return skip("a vote in a closed slot poll")
	}
	var chosen *int64
	var others []int64
	for _, o := range p.Options {
		if chosen == nil && strings.EqualFold(strings.TrimSpace(o.Name), strings.TrimSpace(note.Name)) {
			id := o.SessionID
			chosen = &id
			continue
		}
		others = append(others, o.SessionID)
	}
	if chosen == nil {
		return skip("a vote for no option of slot poll %d", p.ID)
	}
	answeredAt := event.LaterOf(note.Published, note.Updated)
	person, err := s.fed.RemoteActor(ctx, actorURI, false)
	if err != nil {
		return err
	}
	if err := s.giveUpPlaces(ctx, person, p.GatheringID, others, model.ChannelPoll, note.ID, answeredAt); err != nil {
		return err
	}
	return s.rsvpFrom(ctx, actorURI, rsvp.Target{GatheringID: p.GatheringID, SessionID: chosen}, rsvp.IntentGoing,
		model.ChannelPoll, note.ID, answeredAt)
}

// giveUpPlaces answers "not going" for person to each of sessionIDs in
// which they hold or wait for a place, before they take one in another
// session of the same slot poll.
func (s *Service) giveUpPlaces(ctx context.Context, person model.RemoteActor, gatheringID int64, sessionIDs []int64, channel model.RSVPChannel, activityURI string, answeredAt time.Time) error {
	for _, id := range sessionIDs {
		r, err := s.store.RSVPGet(ctx, store.RSVPKey{GatheringID: gatheringID, SessionID: &id, RemoteActorID: &person.ID})
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		if r.Status != model.RSVPGoing && r.Status != model.RSVPWaitlisted {
			continue
		}
		if _, err := s.rsvp.RSVP(ctx, rsvp.RSVPRequest{GatheringID: gatheringID, SessionID: &id, Person: &person,
			Intent: rsvp.IntentNotGoing, Channel: channel, ActivityURI: activityURI, AnsweredAt: answeredAt}); err != nil {
			return err
		}
	}
	return nil
}
