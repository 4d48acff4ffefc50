package inbox

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/asevent"
	"github.com/gather-coop/gather/internal/app/apperr"
	"github.com/gather-coop/gather/internal/app/event"
	"github.com/gather-coop/gather/internal/app/rsvp"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// receiveNote reads a reply (or an edit of one) to one of our events,
// polls or notes as an RSVP (to the session it names, if any:
// sessionreply.go); a poll vote by the option's name; any other
// post that mentions us as an RSVP by mention (mention.go).
func (s *Service) receiveNote(ctx context.Context, act *federation.Activity, obj federation.ObjectRef) error {
	if !obj.IsEmbedded() {
		return skip("%s of a note not embedded", act.Type)
	}
	note, err := federation.ParseNote(obj.Raw)
	if err != nil {
		return skip("unreadable note: %v", err)
	}
	if note.AttributedTo != act.Actor {
		return skip("note by %s sent by %s", note.AttributedTo, act.Actor)
	}
	target, ok := s.rsvp.TargetOf(ctx, note.InReplyTo)
	if !ok {
		return s.receiveMention(ctx, act, note)
	}
	var slotPoll int64
	if target.SlotPollID != 0 {
		if strings.TrimSpace(note.ContentHTML) == "" {
			return s.receiveSlotVote(ctx, act.Actor, target, note)
		}
		// Words in reply to a slot poll are a reply to its gathering
		// (sessionreply.go): on Mastodon, where a vote cannot change,
		// that is how a voter changes their mind.
		slotPoll, target = target.SlotPollID, rsvp.Target{GatheringID: target.GatheringID}
	}
	if handled, err := s.receiveStanding(ctx, act.Actor, target, note); handled || err != nil {
		return err
	}
	if handled, err := s.receiveProposal(ctx, act.Actor, target, note); handled || err != nil {
		return err
	}
	if handled, err := s.receiveMySessions(ctx, act.Actor, target, note); handled || err != nil {
		return err
	}
	intent := rsvp.IntentNone
	channel := model.ChannelReply
	if target.Poll && note.Name != "" && strings.TrimSpace(note.ContentHTML) == "" {
		channel, intent = model.ChannelPoll, pollIntent(note.Name)
	} else {
		intent = readIntent(note.ContentHTML)
	}
	if intent == rsvp.IntentNone {
		return s.keepComment(ctx, act.Actor, target, note)
	}
	if channel == model.ChannelReply {
		return s.answerNamed(ctx, act, target, intent, note, slotPoll)
	}
	return s.rsvpFrom(ctx, act.Actor, target, intent, channel, note.ID, event.LaterOf(note.Published, note.Updated))
}

// keepComment stores a reply that said nothing about coming, for the
// organisers to read.
func (s *Service) keepComment(ctx context.Context, actorURI string, target rsvp.Target, note federation.NoteIn) error {
	if target.Poll {
		return skip("a vote for no option we know")
	}
	person, err := s.fed.RemoteActor(ctx, actorURI, false)
	if err != nil {
		return err
	}
	s.log.DebugContext(ctx, "reply kept as a comment", slog.String("note", note.ID))
	return s.store.CommentSave(ctx, &model.Comment{GatheringID: target.GatheringID, SessionID: target.SessionID,
		RemoteActorID: person.ID, NoteURI: note.ID, ContentHTML: note.ContentHTML, CreatedAt: s.now()})
}

// pollIntent maps a poll option's name to an intent.
func pollIntent(name string) rsvp.Intent {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case strings.ToLower(asevent.PollGoing):
		return rsvp.IntentGoing
	case strings.ToLower(asevent.PollMaybe):
		return rsvp.IntentMaybe
	case strings.ToLower(asevent.PollCantGo):
		return rsvp.IntentNotGoing
	}
	return rsvp.IntentNone
}

// rsvpFrom applies an answer from a remote actor, given in activityURI
// at answeredAt (zero when unknown).
func (s *Service) rsvpFrom(ctx context.Context, actorURI string, target rsvp.Target, intent rsvp.Intent, channel model.RSVPChannel, activityURI string, answeredAt time.Time) error {
	person, err := s.fed.RemoteActor(ctx, actorURI, false)
	if err != nil {
		return err
	}
	_, err = s.rsvpMarked(ctx, rsvp.RSVPRequest{GatheringID: target.GatheringID, SessionID: target.SessionID, Person: &person,
		Intent: intent, Channel: channel, ActivityURI: activityURI, AnsweredAt: answeredAt}, takeProcessedMark(ctx))
	if errors.Is(err, apperr.ErrNoSignups) && (channel == model.ChannelReply || channel == model.ChannelPoll) {
		if err := s.tellCancelled(ctx, target, actorURI, activityURI); err != nil {
			return err
		}
	}
	if errors.Is(err, apperr.ErrNoSignups) || errors.Is(err, store.ErrNotFound) {
		return skip("RSVP to an event that takes none: %v", err)
	}
	return err
}

// receiveDeleteNote withdraws the answers a deleted message gave.
func (s *Service) receiveDeleteNote(ctx context.Context, act *federation.Activity) error {
	if err := s.store.CommentDelete(ctx, act.Object.ID, act.Actor); err != nil {
		return err
	}
	if err := s.forgetProposals(ctx, act); err != nil {
		return err
	}
	rsvps, err := s.store.RSVPListByActivity(ctx, act.Object.ID)
	if err != nil {
		return err
	}
	if len(rsvps) == 0 {
		return skip("Delete of %s, which gave no RSVP", act.Object.ID)
	}
	for _, r := range rsvps {
		if err := s.withdraw(ctx, act.Actor, r); err != nil {
			return err
		}
		if err := s.forgetStanding(ctx, act.Actor, r); err != nil {
			return err
		}
	}
	return nil
}

// withdraw removes an answer, if it belongs to actorURI.
func (s *Service) withdraw(ctx context.Context, actorURI string, r model.RSVP) error {
	if r.RemoteActorID == nil {
		return nil
	}
	person, err := s.store.RemoteActorGetByID(ctx, *r.RemoteActorID)
	if err != nil {
		return err
	}
	if person.URI != actorURI {
		return skip("%s cannot withdraw %s's answer", actorURI, person.URI)
	}
	_, err = s.rsvp.RSVP(ctx, rsvp.RSVPRequest{GatheringID: r.GatheringID, SessionID: r.SessionID, Person: &person,
		Intent: rsvp.IntentWithdraw, Channel: r.Channel, ActivityURI: r.ActivityURI})
	if errors.Is(err, apperr.ErrNoSignups) {
		return nil
	}
	return err
}

// receiveParticipation handles Join and Leave (Mobilizon) and Accept,
// TentativeAccept and Reject of an event (Friendica, Hubzilla).
func (s *Service) receiveParticipation(ctx context.Context, act *federation.Activity) error {
	target, ok := s.rsvp.TargetOf(ctx, act.Object.ID)
	if !ok || target.Poll {
		return skip("%s of %s, not one of our events", act.Type, act.Object.ID)
	}
	intent, channel := map[string]rsvp.Intent{
		"Join": rsvp.IntentGoing, "Leave": rsvp.IntentNotGoing, "Accept": rsvp.IntentGoing, "TentativeAccept": rsvp.IntentMaybe, "Reject": rsvp.IntentNotGoing,
	}[act.Type], model.ChannelAccept
	if act.Type == "Join" || act.Type == "Leave" {
		channel = model.ChannelJoin
	}
	err := s.rsvpFrom(ctx, act.Actor, target, intent, channel, act.ID, time.Time{})
	var sk *skipError
	if act.Type == "Join" && errors.As(err, &sk) {
		return s.ignoreJoin(ctx, act, target)
	}
	return err
}

// ignoreJoin answers a Join of an event that takes no sign-ups (a draft,
// cancelled, or over) with Ignore, as FEP-8a8e asks.
func (s *Service) ignoreJoin(ctx context.Context, join *federation.Activity, target rsvp.Target) error {
	g, err := s.store.GatheringGet(ctx, target.GatheringID)
	if err != nil {
		return skip("Join of a gathering that is gone")
	}
	actor, err := s.store.ActorGetByID(ctx, g.ActorID)
	if err != nil {
		return err
	}
	person, err := s.fed.RemoteActor(ctx, join.Actor, false)
	if err != nil {
		return err
	}
	id := s.urls.NewActivity()
	doc, err := federation.Ignore(id, s.urls.Actor(actor.Handle), join)
	if err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx store.Tx) error {
		return s.fed.Send(ctx, tx, &model.OutboxActivity{URI: id, ActorID: actor.ID, Type: "Ignore", ObjectURI: join.ID,
			Raw: doc, CreatedAt: s.now()}, []string{person.Inbox})
	})
}

// receiveUndoParticipation withdraws the answer a Join, Accept,
// TentativeAccept or Reject gave.
func (s *Service) receiveUndoParticipation(ctx context.Context, inner *federation.Activity) error {
	rsvps, err := s.store.RSVPListByActivity(ctx, inner.ID)
	if err != nil {
		return err
	}
	if len(rsvps) == 0 {
		return skip("Undo of %s, which gave no RSVP", inner.ID)
	}
	for _, r := range rsvps {
		if err := s.withdraw(ctx, inner.Actor, r); err != nil {
			return err
		}
	}
	return nil
}
