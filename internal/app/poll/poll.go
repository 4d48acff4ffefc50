// Package poll is the room of an event's RSVP poll: the Question Mastodon
// shows with a button per answer, with its counts from every channel,
// sent to followers and served at its id. When an event has one, and
// what is sent beside it, is package gathering's.
package poll

import (
	"context"
	"html"
	"time"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/asevent"
	"github.com/gather-coop/gather/internal/app/docs"
	"github.com/gather-coop/gather/internal/app/event"
	"github.com/gather-coop/gather/internal/app/fed"
	"github.com/gather-coop/gather/internal/app/localurl"
	"github.com/gather-coop/gather/internal/app/rsvp"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// pollQuestion is an event's RSVP poll: the Question Mastodon shows with a
// button per answer. Its counts include every channel's answers.
func (s *Service) pollQuestion(ctx context.Context, q store.Queries, actor model.Actor, e asevent.Event, gatheringID int64, sessionID *int64) (asevent.Question, error) {
	counts, err := q.RSVPCounts(ctx, gatheringID, sessionID)
	if err != nil {
		return asevent.Question{}, err
	}
	last, err := q.RSVPLastChange(ctx, gatheringID, sessionID)
	if err != nil {
		return asevent.Question{}, err
	}
	question := asevent.Question{
		ID: e.ID + "/poll", AttributedTo: s.urls.Actor(actor.Handle), URL: e.URL, Followers: s.urls.Followers(actor.Handle),
		Text: pollText(e), Link: &federation.Link{Href: e.URL},
		Options: asevent.RSVPPollOptions(counts[model.RSVPGoing]+counts[model.RSVPWaitlisted], counts[model.RSVPMaybe], counts[model.RSVPNotGoing]),
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
	if e.Status == asevent.EventCancelled {
		// Closed when it was cancelled: its last edit, as nothing changes
		// a cancelled gathering's time after that.
		question.Closed = e.Updated
	}
	return question, nil
}

// joinOnlineHTML is the online link, as the Event's content writes it,
// for a session's poll; "" when there is none or it is cancelled.
func joinOnlineHTML(e asevent.Event) string {
	online := e.OnlineURL
	if e.Virtual != nil {
		online = e.Virtual.URL
	}
	if online == "" || e.Status == asevent.EventCancelled {
		return ""
	}
	link := html.EscapeString(online)
	return `<p>Join online: <a href="` + link + `">` + link + `</a></p>`
}

// pollText is the poll's question. It carries the event's time and place
// because the poll is a post of its own in people's timelines, often far
// from the event's. It has no content warning (no summary, no name):
// GoToSocial and Mastodon would hide the buttons behind it.
func pollText(e asevent.Event) string {
	line := asevent.EventWhenWhere(e)
	if e.Status == asevent.EventCancelled {
		return "Cancelled: " + e.Name + " (" + line + ") will not take place."
	}
	return "Coming to " + e.Name + "?\n" + line + "\nVote to RSVP, or reply 'going'."
}

// Send sends Create or Update of an event's poll to followers and
// extra inboxes.
func (s *Service) Send(ctx context.Context, tx store.Tx, actor model.Actor, typ string, e asevent.Event, gatheringID int64, sessionID *int64, extra ...string) error {
	question, err := s.pollQuestion(ctx, tx, actor, e, gatheringID, sessionID)
	if err != nil {
		return err
	}
	doc, err := asevent.QuestionJSON(question)
	if err != nil {
		return err
	}
	return s.fed.SendToFollowers(ctx, tx, actor, typ, question.ID, doc, extra...)
}

// Has reports whether an event publishes an RSVP poll: a gathering
// when its organiser left the poll on, and each session announced on its
// own.
func Has(g model.Gathering, s *model.Session) bool {
	return g.RSVPPoll && (s == nil || s.Announce)
}

// Document returns an event's poll, with its current counts.
func (s *Service) Document(ctx context.Context, kind localurl.EventKind, id int64) ([]byte, error) {
	e, err := s.docs.PublicEvent(ctx, kind, id)
	if err != nil {
		return nil, err
	}
	target, ok := s.rsvp.TargetOf(ctx, e.ID)
	if !ok {
		return nil, store.ErrNotFound
	}
	g, err := s.store.GatheringGet(ctx, target.GatheringID)
	if err != nil {
		return nil, err
	}
	var sess *model.Session
	if target.SessionID != nil {
		session, err := s.store.SessionGet(ctx, *target.SessionID)
		if err != nil {
			return nil, err
		}
		sess = &session
	}
	if !Has(g, sess) {
		return nil, store.ErrNotFound
	}
	actor, err := s.store.ActorGetByID(ctx, g.ActorID)
	if err != nil {
		return nil, err
	}
	question, err := s.pollQuestion(ctx, s.store, actor, e, target.GatheringID, target.SessionID)
	if err != nil {
		return nil, err
	}
	return asevent.QuestionJSON(question)
}

// Service sends and serves polls. Its zero value is not usable; see New.
type Service struct {
	store store.Store
	urls  localurl.URLs
	fed   *fed.Service
	docs  *docs.Service
	rsvp  *rsvp.Service
}

// New returns a Service; store must be App's (docs.NoticingStore).
func New(st store.Store, urls localurl.URLs, f *fed.Service, d *docs.Service, r *rsvp.Service) *Service {
	return &Service{store: st, urls: urls, fed: f, docs: d, rsvp: r}
}
