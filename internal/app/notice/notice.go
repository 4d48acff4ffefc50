// Package notice tells people about a change to one of our events: each
// person who answered gets a direct note, the followers who did not a
// public one (Announce); and someone who answers a cancelled gathering is
// told, once, that it is cancelled (TellCancelled). What changed and how
// to say it is the rules' (internal/app); to whom and how it goes out is
// here.
package notice

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/asevent"
	"github.com/gather-coop/gather/internal/app/event"
	"github.com/gather-coop/gather/internal/app/fed"
	"github.com/gather-coop/gather/internal/app/rsvp"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// Notice is a change people are told about: a new time, place, online
// link or title, or a cancellation.
type Notice struct {
	// Text says what changed, with the time and place as they are now.
	Text string
	// Link is a link that is the news itself (a new online link),
	// written after text for those who follow us only: GoToSocial drops
	// a post holding any link but a mention from an account its reader
	// does not follow, so the others are told where to find it.
	Link string
	// Cancelled marks the cancellation: its direct notes have one id per
	// person (cancelledNoteID), so that a late answer can tell whether
	// its author was told already.
	Cancelled bool
}

// textFor is the notice as said to someone who follows us (or to
// followers at large) or not.
func (n Notice) textFor(follows bool) string {
	switch {
	case n.Link == "":
		return n.Text
	case follows:
		return n.Text + " " + n.Link
	}
	return n.Text + " it is in the post you answered, and on its page."
}

// Announce tells everyone concerned about a change of the event e
// (a gathering, or a session), once each:
//
//   - each person who answered (going, maybe or waitlisted; for a
//     gathering, to it or any of its sessions; for a session, to it)
//     gets a direct note, addressed to them alone and mentioning them.
//     GoToSocial and Mastodon drop a public post from an account the
//     reader does not follow unless it mentions them, so a public note
//     never reached the people who answered without following.
//     Someone who answered and follows us gets this note only, not the
//     public one too.
//   - the followers who did not answer get a short public Note linking
//     the event: Mastodon before 4.5 ignores Updates of Events, so a
//     change people must notice is said in a post.
//
// One direct note per person, not a note mentioning many: a mention
// shows every addressee to the others, which would tell them who is
// coming. Each is one more activity to sign and POST, one per person
// told, which is what a direct message costs (BenchmarkChangeNotes
// measures it for 1,000).
//
// The public note goes to every follower inbox but those whose followers
// all get the direct note. A shared inbox that also serves a follower who
// did not answer gets the public note, and its server shows it to all
// its followers of ours, those who answered too: that we cannot prevent.
func (s *Service) Announce(ctx context.Context, tx store.Tx, actor model.Actor, n Notice, e asevent.Event) error {
	target, ok := s.rsvp.TargetOf(ctx, e.ID)
	if !ok {
		return errors.New("announce: " + e.ID + " is not one of our events")
	}
	people, err := s.answerers(ctx, tx, target)
	if err != nil {
		return err
	}
	followers, err := s.followersByID(ctx, tx, actor)
	if err != nil {
		return err
	}
	told := make(map[int64]bool, len(people))
	var jobs fed.Deliveries
	for _, p := range people {
		_, follows := followers[p.ID]
		told[p.ID] = true
		id := ""
		if n.Cancelled {
			id = cancelledNoteID(e.ID, p.URI)
		}
		if err := s.sendDirect(ctx, tx, actor, e, p, id, "", n.textFor(follows), follows, &jobs); err != nil {
			return err
		}
	}
	if err := tx.EnqueueMany(ctx, jobs); err != nil {
		return err
	}
	inboxes, err := s.untoldInboxes(ctx, tx, actor, followers, told)
	if err != nil {
		return err
	}
	now := s.now().UTC().Truncate(time.Second)
	activityID := s.urls.NewActivity()
	// The note's id names its event, so a reply to it is an answer to
	// the event.
	noteID := e.ID + "/notes/" + strings.TrimPrefix(activityID, s.urls.Base+"/activities/")
	aud := federation.Audience{To: []string{federation.Public}, CC: []string{s.urls.Followers(actor.Handle)}}
	note, err := federation.NoteJSON(federation.Note{
		ID: noteID, AttributedTo: s.urls.Actor(actor.Handle), Audience: aud,
		Text: n.textFor(true), Link: &federation.Link{Href: e.URL}, Published: now,
	})
	if err != nil {
		return err
	}
	create, err := federation.Create(activityID, s.urls.Actor(actor.Handle), note, aud)
	if err != nil {
		return err
	}
	return s.fed.Send(ctx, tx, &model.OutboxActivity{URI: activityID, ActorID: actor.ID, Type: "Create", ObjectURI: noteID,
		Raw: create, Public: true, CreatedAt: s.now()}, inboxes)
}

// answerers are the people who answered the target (see announce), each
// once, in the order they answered.
func (s *Service) answerers(ctx context.Context, tx store.Tx, target rsvp.Target) ([]model.RemoteActor, error) {
	rsvps, err := tx.RSVPList(ctx, target.GatheringID)
	if err != nil {
		return nil, err
	}
	var out []model.RemoteActor
	seen := map[int64]bool{}
	for _, r := range rsvps {
		if r.Person == nil || r.Status == model.RSVPNotGoing || seen[r.Person.ID] {
			continue
		}
		if target.SessionID != nil && (r.SessionID == nil || *r.SessionID != *target.SessionID) {
			continue
		}
		seen[r.Person.ID] = true
		out = append(out, *r.Person)
	}
	return out, nil
}

// followersByID are actor's accepted followers.
func (s *Service) followersByID(ctx context.Context, tx store.Tx, actor model.Actor) (map[int64]model.RemoteActor, error) {
	const page = 1000
	out := map[int64]model.RemoteActor{}
	for offset := 0; ; offset += page {
		list, err := tx.FollowerList(ctx, &store.FollowerListParams{ActorID: actor.ID, State: model.FollowAccepted, Limit: page, Offset: offset})
		if err != nil {
			return nil, err
		}
		for _, f := range list {
			out[f.ID] = f
		}
		if len(list) < page {
			return out, nil
		}
	}
}

// untoldInboxes are the follower inboxes (as FollowerInboxes gives them:
// no blocked or unreachable host) that serve at least one follower not
// in told.
func (s *Service) untoldInboxes(ctx context.Context, tx store.Tx, actor model.Actor, followers map[int64]model.RemoteActor, told map[int64]bool) ([]string, error) {
	all, err := tx.FollowerInboxes(ctx, actor.ID)
	if err != nil {
		return nil, err
	}
	needed := map[string]bool{}
	for id, f := range followers {
		if !told[id] {
			needed[f.DeliveryInbox()] = true
		}
	}
	out := all[:0]
	for _, in := range all {
		if needed[in] {
			out = append(out, in)
		}
	}
	return out, nil
}

// cancelledNoteID is the id of the note telling person (their actor id)
// that the gathering (gatheringURI) is cancelled: one per person for
// ever, so that whether they were told is a question of whether it was
// sent. It is a hash of both, so that it names no one.
func cancelledNoteID(gatheringURI, personURI string) string {
	sum := sha256.Sum256([]byte(gatheringURI + " " + personURI))
	return gatheringURI + "/notes/cancelled-" + hex.EncodeToString(sum[:12])
}

// sendDirect sends person a note about the event e, addressed to them
// alone and mentioning them, under noteID ("" for a new one), in reply to
// inReplyTo ("" for none). It links the event only for someone who
// follows us (see Notice.Link). Its delivery joins jobs, when given, for
// the caller to enqueue; without, it is enqueued at once.
func (s *Service) sendDirect(ctx context.Context, tx store.Tx, actor model.Actor, e asevent.Event, person model.RemoteActor, noteID, inReplyTo, text string, follows bool, jobs *fed.Deliveries) error {
	now := s.now().UTC()
	activityID := s.urls.NewActivity()
	if noteID == "" {
		noteID = e.ID + "/notes/" + strings.TrimPrefix(activityID, s.urls.Base+"/activities/")
	}
	note := federation.Note{
		ID: noteID, AttributedTo: s.urls.Actor(actor.Handle), InReplyTo: inReplyTo,
		Audience: federation.Audience{To: []string{person.URI}},
		Mentions: []federation.Mention{{Href: person.URI, Name: person.Handle(), ProfileURL: person.URL}},
		Text:     text, Published: now,
	}
	if follows {
		note.Link = &federation.Link{Href: e.URL}
	}
	doc, err := federation.NoteJSON(note)
	if err != nil {
		return err
	}
	create, err := federation.Create(activityID, s.urls.Actor(actor.Handle), doc, note.Audience)
	if err != nil {
		return err
	}
	out := &model.OutboxActivity{URI: activityID, ActorID: actor.ID, Type: "Create", ObjectURI: noteID,
		Raw: create, Public: false, CreatedAt: now.Truncate(time.Second)}
	if jobs == nil {
		return s.fed.Send(ctx, tx, out, []string{person.Inbox})
	}
	return s.fed.Record(ctx, tx, out, []string{person.Inbox}, jobs)
}

// TellCancelled answers a reply or a poll vote (activityURI) that came
// after its gathering was cancelled: it is not counted, and its author is
// told so in a short direct note, once: not per vote (GoToSocial sends one
// per option chosen), and not at all if the cancellation's note reached
// them already. It does nothing for a gathering that is not cancelled.
func (s *Service) TellCancelled(ctx context.Context, target rsvp.Target, actorURI, activityURI string) error {
	g, err := s.store.GatheringGet(ctx, target.GatheringID)
	if err != nil || g.Status != model.StatusCancelled {
		return err
	}
	if blocked, err := s.rsvp.PersonBlocked(ctx, actorURI); err != nil || blocked {
		return err
	}
	person, err := s.fed.RemoteActor(ctx, actorURI, false)
	if err != nil {
		return err
	}
	actor, err := s.store.ActorGetByID(ctx, g.ActorID)
	if err != nil {
		return err
	}
	e, err := event.Gathering(s.urls, actor, g, nil)
	if err != nil {
		return err
	}
	noteID := cancelledNoteID(e.ID, person.URI)
	return s.store.InTx(ctx, func(tx store.Tx) error {
		// Two votes at once must not both find the note unsent.
		if err := tx.EventLock(ctx, g.ID, nil); err != nil {
			return err
		}
		sent, err := tx.OutboxCreatesAbout(ctx, actor.ID, noteID)
		if err != nil {
			return err
		}
		for _, c := range sent {
			if c.ObjectURI == noteID {
				return nil
			}
		}
		follows := false
		if f, err := tx.FollowGet(ctx, actor.ID, person.ID); err == nil && f.State == model.FollowAccepted {
			follows = true
		} else if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		text := CancelledText(e) + " Your answer was not counted."
		return s.sendDirect(ctx, tx, actor, e, person, noteID, activityURI, text, follows, nil)
	})
}

// CancelledText is the note of a cancellation: what, when and where.
func CancelledText(e asevent.Event) string {
	return "Cancelled: " + e.Name + " (" + asevent.EventWhenWhere(e) + ") will not take place."
}
