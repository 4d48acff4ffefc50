package app

import (
	"context"
	"time"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// pollQuestion is an event's RSVP poll: the Question Mastodon shows with a
// button per answer. Its counts include every channel's answers.
func (a *App) pollQuestion(ctx context.Context, q store.Queries, actor model.Actor, e federation.Event, gatheringID int64, sessionID *int64) (federation.Question, error) {
	counts, err := q.RSVPCounts(ctx, gatheringID, sessionID)
	if err != nil {
		return federation.Question{}, err
	}
	last, err := q.RSVPLastChange(ctx, gatheringID, sessionID)
	if err != nil {
		return federation.Question{}, err
	}
	question := federation.Question{
		ID: e.ID + "/poll", AttributedTo: a.urls.Actor(actor.Handle), URL: e.URL, Followers: a.urls.Followers(actor.Handle),
		Text: pollText(e), Link: &federation.Link{Href: e.URL},
		Options: federation.RSVPPollOptions(counts[model.RSVPGoing]+counts[model.RSVPWaitlisted], counts[model.RSVPMaybe], counts[model.RSVPNotGoing]),
		EndTime: e.Start, Context: e.ID, Published: e.Published,
	}
	if last.After(e.Published) {
		question.Updated = last.UTC().Truncate(time.Second)
	}
	if e.Status == federation.EventCancelled {
		question.Closed = e.Updated
	}
	return question, nil
}

// pollText is the poll's question. It carries the event's time and place
// because the poll is a post of its own in people's timelines, often far
// from the event's. It has no content warning (no summary, no name):
// GoToSocial and Mastodon would hide the buttons behind it.
func pollText(e federation.Event) string {
	line := federation.EventWhenWhere(e)
	if e.Status == federation.EventCancelled {
		return "Cancelled: " + e.Name + " (" + line + ") will not take place."
	}
	return "Coming to " + e.Name + "?\n" + line + "\nVote to RSVP, or reply 'going'."
}

// sendPoll sends Create or Update of an event's poll to followers.
func (a *App) sendPoll(ctx context.Context, tx store.Tx, actor model.Actor, typ string, e federation.Event, gatheringID int64, sessionID *int64) error {
	question, err := a.pollQuestion(ctx, tx, actor, e, gatheringID, sessionID)
	if err != nil {
		return err
	}
	doc, err := federation.QuestionJSON(question)
	if err != nil {
		return err
	}
	return a.sendToFollowers(ctx, tx, actor, typ, question.ID, doc)
}

// hasPoll reports whether an event publishes an RSVP poll: a gathering
// when its organiser left the poll on, and each session announced on its
// own.
func hasPoll(g model.Gathering, s *model.Session) bool {
	return g.RSVPPoll && (s == nil || s.Announce)
}

// PollDocument returns an event's poll, with its current counts.
func (a *App) PollDocument(ctx context.Context, kind EventKind, id int64) ([]byte, error) {
	e, err := a.publicEvent(ctx, kind, id)
	if err != nil {
		return nil, err
	}
	target, ok := a.eventTargetOf(ctx, e.ID)
	if !ok {
		return nil, store.ErrNotFound
	}
	g, err := a.store.GatheringGet(ctx, target.GatheringID)
	if err != nil {
		return nil, err
	}
	var s *model.Session
	if target.SessionID != nil {
		session, err := a.store.SessionGet(ctx, *target.SessionID)
		if err != nil {
			return nil, err
		}
		s = &session
	}
	if !hasPoll(g, s) {
		return nil, store.ErrNotFound
	}
	actor, err := a.store.ActorGetByID(ctx, g.ActorID)
	if err != nil {
		return nil, err
	}
	question, err := a.pollQuestion(ctx, a.store, actor, e, target.GatheringID, target.SessionID)
	if err != nil {
		return nil, err
	}
	return federation.QuestionJSON(question)
}
