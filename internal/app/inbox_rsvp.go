package app

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/internal/app/event"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// eventTarget is one of our events as an incoming activity names it: by
// its id, its poll's id, or the id of one of our notes about it.
type eventTarget struct {
	GatheringID int64
	SessionID   *int64
	Poll        bool
}

// eventTargetOf reads which event an IRI of ours belongs to.
func (a *App) eventTargetOf(ctx context.Context, uri string) (eventTarget, bool) {
	p, ok := a.urls.ParseEvent(uri)
	if !ok {
		return eventTarget{}, false
	}
	switch p.Kind {
	case KindGathering:
		return eventTarget{GatheringID: p.ID, Poll: p.Poll}, true
	case KindSession:
		s, err := a.store.SessionGet(ctx, p.ID)
		if err != nil {
			return eventTarget{}, false
		}
		return eventTarget{GatheringID: s.GatheringID, SessionID: &s.ID, Poll: p.Poll}, true
	}
	return eventTarget{}, false
}

// receiveNote reads a reply (or an edit of one) to one of our events,
// polls or notes as an RSVP; a poll vote by the option's name; any other
// post that mentions us as an RSVP by mention (inbox_mention.go).
func (a *App) receiveNote(ctx context.Context, act *federation.Activity, obj federation.ObjectRef) error {
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
	target, ok := a.eventTargetOf(ctx, note.InReplyTo)
	if !ok {
		return a.receiveMention(ctx, act, note)
	}
	intent := IntentNone
	channel := model.ChannelReply
	if target.Poll && note.Name != "" && strings.TrimSpace(note.ContentHTML) == "" {
		channel, intent = model.ChannelPoll, pollIntent(note.Name)
	} else {
		intent = readIntent(note.ContentHTML)
	}
	if intent == IntentNone {
		return a.keepComment(ctx, act.Actor, target, note)
	}
	return a.rsvpFrom(ctx, act.Actor, target, intent, channel, note.ID, event.LaterOf(note.Published, note.Updated))
}

// keepComment stores a reply that said nothing about coming, for the
// organisers to read.
func (a *App) keepComment(ctx context.Context, actorURI string, target eventTarget, note federation.NoteIn) error {
	if target.Poll {
		return skip("a vote for no option we know")
	}
	person, err := a.fed.RemoteActor(ctx, actorURI, false)
	if err != nil {
		return err
	}
	a.log.DebugContext(ctx, "reply kept as a comment", slog.String("note", note.ID))
	return a.store.CommentSave(ctx, &model.Comment{GatheringID: target.GatheringID, SessionID: target.SessionID,
		RemoteActorID: person.ID, NoteURI: note.ID, ContentHTML: note.ContentHTML, CreatedAt: a.now()})
}

// pollIntent maps a poll option's name to an intent.
func pollIntent(name string) Intent {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case strings.ToLower(federation.PollGoing):
		return IntentGoing
	case strings.ToLower(federation.PollMaybe):
		return IntentMaybe
	case strings.ToLower(federation.PollCantGo):
		return IntentNotGoing
	}
	return IntentNone
}

// rsvpFrom applies an answer from a remote actor, given in activityURI
// at answeredAt (zero when unknown).
func (a *App) rsvpFrom(ctx context.Context, actorURI string, target eventTarget, intent Intent, channel model.RSVPChannel, activityURI string, answeredAt time.Time) error {
	person, err := a.fed.RemoteActor(ctx, actorURI, false)
	if err != nil {
		return err
	}
	_, err = a.rsvpMarked(ctx, RSVPRequest{GatheringID: target.GatheringID, SessionID: target.SessionID, Person: &person,
		Intent: intent, Channel: channel, ActivityURI: activityURI, AnsweredAt: answeredAt}, takeProcessedMark(ctx))
	if errors.Is(err, ErrNoSignups) && (channel == model.ChannelReply || channel == model.ChannelPoll) {
		if err := a.tellCancelled(ctx, target, actorURI, activityURI); err != nil {
			return err
		}
	}
	if errors.Is(err, ErrNoSignups) || errors.Is(err, store.ErrNotFound) {
		return skip("RSVP to an event that takes none: %v", err)
	}
	return err
}

// receiveDeleteNote withdraws the answers a deleted message gave.
func (a *App) receiveDeleteNote(ctx context.Context, act *federation.Activity) error {
	if err := a.store.CommentDelete(ctx, act.Object.ID, act.Actor); err != nil {
		return err
	}
	rsvps, err := a.store.RSVPListByActivity(ctx, act.Object.ID)
	if err != nil {
		return err
	}
	if len(rsvps) == 0 {
		return skip("Delete of %s, which gave no RSVP", act.Object.ID)
	}
	for _, r := range rsvps {
		if err := a.withdraw(ctx, act.Actor, r); err != nil {
			return err
		}
	}
	return nil
}

// withdraw removes an answer, if it belongs to actorURI.
func (a *App) withdraw(ctx context.Context, actorURI string, r model.RSVP) error {
	if r.RemoteActorID == nil {
		return nil
	}
	person, err := a.store.RemoteActorGetByID(ctx, *r.RemoteActorID)
	if err != nil {
		return err
	}
	if person.URI != actorURI {
		return skip("%s cannot withdraw %s's answer", actorURI, person.URI)
	}
	_, err = a.RSVP(ctx, RSVPRequest{GatheringID: r.GatheringID, SessionID: r.SessionID, Person: &person,
		Intent: IntentWithdraw, Channel: r.Channel, ActivityURI: r.ActivityURI})
	if errors.Is(err, ErrNoSignups) {
		return nil
	}
	return err
}

// receiveParticipation handles Join and Leave (Mobilizon) and Accept,
// TentativeAccept and Reject of an event (Friendica, Hubzilla).
func (a *App) receiveParticipation(ctx context.Context, act *federation.Activity) error {
	target, ok := a.eventTargetOf(ctx, act.Object.ID)
	if !ok || target.Poll {
		return skip("%s of %s, not one of our events", act.Type, act.Object.ID)
	}
	intent, channel := map[string]Intent{
		"Join": IntentGoing, "Leave": IntentNotGoing, "Accept": IntentGoing, "TentativeAccept": IntentMaybe, "Reject": IntentNotGoing,
	}[act.Type], model.ChannelAccept
	if act.Type == "Join" || act.Type == "Leave" {
		channel = model.ChannelJoin
	}
	err := a.rsvpFrom(ctx, act.Actor, target, intent, channel, act.ID, time.Time{})
	var s *skipError
	if act.Type == "Join" && errors.As(err, &s) {
		return a.ignoreJoin(ctx, act, target)
	}
	return err
}

// ignoreJoin answers a Join of an event that takes no sign-ups (a draft,
// cancelled, or over) with Ignore, as FEP-8a8e asks.
func (a *App) ignoreJoin(ctx context.Context, join *federation.Activity, target eventTarget) error {
	g, err := a.store.GatheringGet(ctx, target.GatheringID)
	if err != nil {
		return skip("Join of a gathering that is gone")
	}
	actor, err := a.store.ActorGetByID(ctx, g.ActorID)
	if err != nil {
		return err
	}
	person, err := a.fed.RemoteActor(ctx, join.Actor, false)
	if err != nil {
		return err
	}
	id := a.urls.NewActivity()
	doc, err := federation.Ignore(id, a.urls.Actor(actor.Handle), join)
	if err != nil {
		return err
	}
	return a.store.InTx(ctx, func(tx store.Tx) error {
		return a.fed.Send(ctx, tx, &model.OutboxActivity{URI: id, ActorID: actor.ID, Type: "Ignore", ObjectURI: join.ID,
			Raw: doc, CreatedAt: a.now()}, []string{person.Inbox})
	})
}

// receiveUndoParticipation withdraws the answer a Join, Accept,
// TentativeAccept or Reject gave.
func (a *App) receiveUndoParticipation(ctx context.Context, inner *federation.Activity) error {
	rsvps, err := a.store.RSVPListByActivity(ctx, inner.ID)
	if err != nil {
		return err
	}
	if len(rsvps) == 0 {
		return skip("Undo of %s, which gave no RSVP", inner.ID)
	}
	for _, r := range rsvps {
		if err := a.withdraw(ctx, inner.Actor, r); err != nil {
			return err
		}
	}
	return nil
}
