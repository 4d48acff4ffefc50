package gathering

import (
	"context"
	"html"
	"time"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/internal/app/event"
	"github.com/gather-coop/gather/internal/app/localurl"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// pollQuestion is an event's RSVP poll: the Question Mastodon shows with a
// button per answer. Its counts include every channel's answers.
func (gs *Service) pollQuestion(ctx context.Context, q store.Queries, actor model.Actor, e federation.Event, gatheringID int64, sessionID *int64) (federation.Question, error) {
	counts, err := q.RSVPCounts(ctx, gatheringID, sessionID)
	if err != nil {
		return federation.Question{}, err
	}
	last, err := q.RSVPLastChange(ctx, gatheringID, sessionID)
	if err != nil {
		return federation.Question{}, err
	}
	question := federation.Question{
		ID: e.ID + "/poll", AttributedTo: gs.urls.Actor(actor.Handle), URL: e.URL, Followers: gs.urls.Followers(actor.Handle),
		Text: pollText(e), Link: &federation.Link{Href: e.URL},
		Options: federation.RSVPPollOptions(counts[model.RSVPGoing]+counts[model.RSVPWaitlisted], counts[model.RSVPMaybe], counts[model.RSVPNotGoing]),
		EndTime: e.Start, Context: e.ID, Published: e.Published,
	}
	if last.After(e.Published) {
		question.Updated = last.UTC().Truncate(time.Second)
	}
	// It says the event's title, time and place: an edit of the event
	// is one of the poll, which servers take only when newer.
	question.Updated = event.LaterOf(question.Updated, e.Updated)
	if sessionID != nil {
		// The session's only post (its Event is not sent to followers):
		// it says all the Event would.
		question.DescriptionHTML = e.DescriptionHTML + joinOnlineHTML(e)
		question.Mentions, question.Hashtags = e.Mentions, e.Hashtags
	}
	if e.Status == federation.EventCancelled {
		// Closed when it was cancelled: its last edit, as nothing changes
		// a cancelled gathering's time after that.
		question.Closed = e.Updated
	}
	return question, nil
}

// joinOnlineHTML is the online link, as the Event's content writes it,
// for a session's poll; "" when there is none or it is cancelled.
func joinOnlineHTML(e federation.Event) string {
	online := e.OnlineURL
	if e.Virtual != nil {
		online = e.Virtual.URL
	}
	if online == "" || e.Status == federation.EventCancelled {
		return ""
	}
	link := html.EscapeString(online)
	return `<p>Join online: <a href="` + link + `">` + link + `</a></p>`
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

// sendPoll sends Create or Update of an event's poll to followers and
// extra inboxes.
func (gs *Service) sendPoll(ctx context.Context, tx store.Tx, actor model.Actor, typ string, e federation.Event, gatheringID int64, sessionID *int64, extra ...string) error {
	question, err := gs.pollQuestion(ctx, tx, actor, e, gatheringID, sessionID)
	if err != nil {
		return err
	}
	doc, err := federation.QuestionJSON(question)
	if err != nil {
		return err
	}
	return gs.fed.SendToFollowers(ctx, tx, actor, typ, question.ID, doc, extra...)
}

// sendSessionPost sends followers (and extra inboxes, and the
// facilitators it mentions) an announced session's one post, as Create
// or Update. With RSVP polls on, that post is the session's Question,
// which carries the session's title, time, place and description; its
// Event is then never sent as a Create of its own (two posts per session
// flooded timelines, issue 13.7), but it is fetchable at its id and
// listed in the gathering's subEvent, where event-aware servers find it.
// With polls off, the post is the Event. An Update sends followers the
// Event too, in both cases: a server that fetched it gets the change, and
// one that never had it drops an Update of something it does not know,
// which is simpler than tracking who fetched what. extra (the people who
// answered) get the Update of the post only, the one they answered.
func (gs *Service) sendSessionPost(ctx context.Context, tx store.Tx, d *GatheringDetail, s model.Session, typ string, extra ...string) error {
	se, err := event.Session(gs.urls, d.Actor, d.Gathering, s)
	if err != nil {
		return err
	}
	mentioned := mentionInboxes(s)
	if !hasPoll(d.Gathering, &s) {
		return gs.sendEvent(ctx, tx, d.Actor, typ, se, append(mentioned, extra...))
	}
	if typ == "Update" {
		if err := gs.sendEvent(ctx, tx, d.Actor, typ, se, mentioned); err != nil {
			return err
		}
	}
	return gs.sendPoll(ctx, tx, d.Actor, typ, se, d.Gathering.ID, &s.ID, append(mentioned, extra...)...)
}

// hasPoll reports whether an event publishes an RSVP poll: a gathering
// when its organiser left the poll on, and each session announced on its
// own.
func hasPoll(g model.Gathering, s *model.Session) bool {
	return g.RSVPPoll && (s == nil || s.Announce)
}

// PollDocument returns an event's poll, with its current counts.
func (gs *Service) PollDocument(ctx context.Context, kind localurl.EventKind, id int64) ([]byte, error) {
	e, err := gs.docs.PublicEvent(ctx, kind, id)
	if err != nil {
		return nil, err
	}
	target, ok := gs.rsvp.TargetOf(ctx, e.ID)
	if !ok {
		return nil, store.ErrNotFound
	}
	g, err := gs.store.GatheringGet(ctx, target.GatheringID)
	if err != nil {
		return nil, err
	}
	var s *model.Session
	if target.SessionID != nil {
		session, err := gs.store.SessionGet(ctx, *target.SessionID)
		if err != nil {
			return nil, err
		}
		s = &session
	}
	if !hasPoll(g, s) {
		return nil, store.ErrNotFound
	}
	actor, err := gs.store.ActorGetByID(ctx, g.ActorID)
	if err != nil {
		return nil, err
	}
	question, err := gs.pollQuestion(ctx, gs.store, actor, e, target.GatheringID, target.SessionID)
	if err != nil {
		return nil, err
	}
	return federation.QuestionJSON(question)
}
