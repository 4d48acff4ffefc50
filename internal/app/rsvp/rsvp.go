package rsvp

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/riverqueue/river"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/internal/app/account"
	"github.com/gather-coop/gather/internal/app/apperr"
	"github.com/gather-coop/gather/internal/app/event"
	"github.com/gather-coop/gather/internal/app/localurl"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// Intent is what a message means for a person's RSVP.
type Intent int

// The intents. Withdraw removes the answer (its message was deleted).
const (
	IntentNone Intent = iota
	IntentGoing
	IntentMaybe
	IntentNotGoing
	IntentWithdraw
)

// RSVPRequest is one person's answer for one event, from any channel.
type RSVPRequest struct {
	GatheringID int64
	SessionID   *int64 // nil: the gathering itself
	// Person is who answers: a fediverse account…
	Person *model.RemoteActor
	// …or a name given at the venue, with a key that identifies them.
	GuestName, GuestKey string
	Intent              Intent
	Channel             model.RSVPChannel
	// ActivityURI is the message that gave the answer; the confirmation
	// replies to it.
	ActivityURI string
	// AnsweredAt is when that message was written (or last edited), by
	// its author's server's clock; the zero time when unknown. The
	// confirmation is never dated before it.
	AnsweredAt time.Time
	// Quiet sends no confirmation: the answer is one of many a standing
	// RSVP gives, confirmed once for them all (package standing).
	Quiet bool
	// IfUnanswered leaves an answer the person has already given alone:
	// a standing RSVP fills in, it never overrides their own word.
	IfUnanswered bool
}

// RSVPOutcome is what an RSVP did.
type RSVPOutcome struct {
	RSVP    model.RSVP
	Changed bool // false: the message changed nothing (and nobody is told)
	Full    bool // the event was full and has no room on a waitlist
}

// answerEvent is the event an answer is for, loaded in its transaction.
type answerEvent struct {
	actor     model.Actor
	gathering model.Gathering
	session   *model.Session
	capacity  *int
	// series is the series the gathering is an occurrence of, nil when
	// none: it decides whether the call link is for those going only
	// (privateCallLink). Read with the event, before the transaction.
	series *model.Series
	// sessions are the gathering's sessions, read only when an answer's
	// consequences need them (see needsSessions).
	sessions []model.Session
	// follows is whether the person answering follows the event's actor,
	// read before the transaction: it only decides whether their
	// confirmation links the event, so it need not hold up others waiting
	// for the event's lock. Others (those promoted) are looked up in it.
	follows map[int64]bool
}

func (e answerEvent) title() string {
	if e.session != nil {
		return e.session.Title
	}
	return e.gathering.Title
}

func (e answerEvent) uri(u localurl.URLs) string {
	if e.session != nil {
		return u.Session(e.session.ID)
	}
	return u.Gathering(e.gathering.ID)
}

// RSVP applies one person's answer under the capacity rules, in one
// transaction: when the event is full "going" joins the waitlist in
// arrival order; when someone who was going leaves, the first in line is
// promoted. Each person whose answer changed gets one short confirmation
// note, addressed to them alone; a message that changes nothing changes
// nothing and tells nobody. The event's counts go out, coalesced, later.
func (s *Service) RSVP(ctx context.Context, req RSVPRequest) (RSVPOutcome, error) {
	return s.RSVPMarking(ctx, req, nil)
}

// RSVPMarking is RSVP that also runs mark, when given, in the answer's
// transaction once the answer is written: the inbox marks the activity the
// answer came in processed there, so that a reply costs one write
// transaction, not two.
func (s *Service) RSVPMarking(ctx context.Context, req RSVPRequest, mark func(store.Tx) error) (RSVPOutcome, error) {
	var out RSVPOutcome
	if req.Person != nil && req.Intent != IntentWithdraw {
		if blocked, err := s.PersonBlocked(ctx, req.Person.URI); err != nil || blocked {
			if err == nil {
				err = fmt.Errorf("%s: %w", req.Person.URI, apperr.ErrBlocked)
			}
			return out, err
		}
	}
	// The event's details are read before the transaction, from the read
	// pool: SQLite serialises writers, so the transaction holds only what
	// must be consistent — the lock, the counts and the writes.
	ev, err := s.loadRSVPEvent(ctx, s.store, req.GatheringID, req.SessionID)
	if err != nil {
		return out, err
	}
	if needsSessions(req) {
		if ev.sessions, err = s.store.SessionList(ctx, req.GatheringID); err != nil {
			return out, err
		}
	}
	if req.Person != nil {
		f, err := s.store.FollowGet(ctx, ev.actor.ID, req.Person.ID)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return out, err
		}
		ev.follows = map[int64]bool{req.Person.ID: err == nil && f.State == model.FollowAccepted}
	}
	minute := s.now().Truncate(time.Minute)
	var touched []answerEvent
	err = s.batches.run(ctx, s.store, req.GatheringID, marking(mark, func(tx store.Tx) error {
		out, touched = RSVPOutcome{}, nil
		if needsGatheringLock(req) {
			if err := tx.EventLock(ctx, req.GatheringID, nil); err != nil {
				return err
			}
		}
		if err := tx.EventLock(ctx, req.GatheringID, req.SessionID); err != nil {
			return err
		}
		key := store.RSVPKey{GatheringID: req.GatheringID, SessionID: req.SessionID, GuestKey: req.GuestKey}
		if req.Person != nil {
			key.RemoteActorID = &req.Person.ID
		}
		current, err := tx.RSVPGet(ctx, key)
		hasCurrent := err == nil
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if hasCurrent && req.IfUnanswered {
			out = RSVPOutcome{RSVP: current}
			return nil
		}
		// Who else is going matters only under a capacity (the decision,
		// "N of M places taken", who is promoted): a gathering's own
		// answers have none, and most of a burst is those.
		var counts map[model.RSVPStatus]int
		if ev.capacity != nil {
			if counts, err = tx.RSVPCounts(ctx, req.GatheringID, req.SessionID); err != nil {
				return err
			}
		}
		now := s.now().UTC()

		var was *model.RSVPStatus
		if hasCurrent {
			was = &current.Status
		}
		d, err := decideRSVP(req.Intent, was, ev.capacity, counts[model.RSVPGoing])
		if err != nil {
			return err
		}
		switch {
		case d.keep && hasCurrent:
			out = RSVPOutcome{RSVP: current}
			return nil
		case d.keep:
			return nil
		case d.remove:
			if err := tx.RSVPDelete(ctx, current.ID); err != nil {
				return err
			}
			if err := s.auditRSVP(ctx, tx, ev, current, req.Person, account.AuditRSVPRemove); err != nil {
				return err
			}
			out = RSVPOutcome{RSVP: current, Changed: true}
			if current.Status == model.RSVPGoing {
				return s.promote(ctx, tx, ev, counts[model.RSVPGoing]-1)
			}
			return s.scheduleEventUpdate(ctx, tx, ev)
		}

		r := model.RSVP{ID: current.ID, GatheringID: req.GatheringID, SessionID: req.SessionID, RemoteActorID: key.RemoteActorID,
			GuestName: req.GuestName, GuestKey: req.GuestKey, Status: d.status, Channel: req.Channel,
			ActivityURI: req.ActivityURI, UpdatedAt: now}
		if d.status == model.RSVPWaitlisted {
			r.WaitlistedAt = &now
		}
		saved, err := tx.RSVPSave(ctx, &r)
		if err != nil {
			return err
		}
		out = RSVPOutcome{RSVP: saved, Changed: true}
		step, err := s.keepInStep(ctx, tx, ev, saved)
		if err != nil {
			return err
		}
		touched = step.Touched
		going := counts[model.RSVPGoing]
		if saved.Status == model.RSVPGoing {
			going++
		}
		switch {
		case req.Person == nil, req.Quiet:
		case req.Channel == model.ChannelJoin:
			// A Join is answered the way its sender expects: Accept once
			// there is a place (a waitlisted Join waits for one).
			if saved.Status == model.RSVPGoing {
				if err := s.acceptJoin(ctx, tx, ev, *req.Person, saved.ActivityURI); err != nil {
					return err
				}
			}
		default:
			text, err := s.confirmationText(ctx, tx, ev, saved, req.Person.URI, going)
			if err != nil {
				return err
			}
			extra, err := s.confirmationExtras(ctx, tx, ev, saved, step)
			if err != nil {
				return err
			}
			text += extra
			if err := s.confirm(ctx, tx, ev, *req.Person, req.ActivityURI, req.AnsweredAt, text); err != nil {
				return err
			}
		}
		if hasCurrent && current.Status == model.RSVPGoing {
			return s.promote(ctx, tx, ev, going-1)
		}
		return s.scheduleEventUpdate(ctx, tx, ev)
	}))
	if err == nil && out.Changed {
		s.updates.mark(ev.key(), minute)
		for _, t := range touched {
			s.updates.mark(t.key(), minute)
		}
	}
	return out, err
}

// marking wraps fn, a transaction's work, so that mark (when set) runs
// in the transaction once fn has succeeded.
func marking(mark, fn func(store.Tx) error) func(store.Tx) error {
	if mark == nil {
		return fn
	}
	return func(tx store.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		return mark(tx)
	}
}

func (s *Service) loadRSVPEvent(ctx context.Context, tx store.Queries, gatheringID int64, sessionID *int64) (answerEvent, error) {
	g, err := tx.GatheringGet(ctx, gatheringID)
	if err != nil {
		return answerEvent{}, err
	}
	if g.Status != model.StatusPublished || !g.EndsAt.After(s.now()) {
		return answerEvent{}, fmt.Errorf("gathering %d: %w", gatheringID, apperr.ErrNoSignups)
	}
	actor, err := tx.ActorGetByID(ctx, g.ActorID)
	if err != nil {
		return answerEvent{}, err
	}
	ev := answerEvent{actor: actor, gathering: g}
	occ, err := tx.SeriesOccurrenceOf(ctx, gatheringID)
	switch {
	case err == nil:
		series, err := tx.SeriesGet(ctx, occ.SeriesID)
		if err != nil {
			return answerEvent{}, err
		}
		ev.series = &series
	case !errors.Is(err, store.ErrNotFound):
		return answerEvent{}, err
	}
	if sessionID != nil {
		sess, err := tx.SessionGet(ctx, *sessionID)
		if err != nil {
			return answerEvent{}, err
		}
		if sess.GatheringID != gatheringID {
			return answerEvent{}, fmt.Errorf("session %d is not in gathering %d: %w", sess.ID, gatheringID, store.ErrNotFound)
		}
		ev.session = &sess
		ev.capacity = event.CapacityOf(g, sess)
	}
	return ev, nil
}

// promote gives the places free beside going people to the first in
// line on the waitlist, and tells each.
func (s *Service) promote(ctx context.Context, tx store.Tx, ev answerEvent, going int) error {
	waitlist, err := tx.RSVPWaitlist(ctx, ev.gathering.ID, sessionID(ev))
	if err != nil {
		return err
	}
	for _, w := range waitlist {
		if ev.capacity != nil && going >= *ev.capacity {
			break
		}
		w.Status, w.WaitlistedAt, w.UpdatedAt = model.RSVPGoing, nil, s.now().UTC()
		saved, err := tx.RSVPSave(ctx, &w)
		if err != nil {
			return err
		}
		going++
		if err := s.tellPromoted(ctx, tx, ev, saved, going); err != nil {
			return err
		}
	}
	return s.scheduleEventUpdate(ctx, tx, ev)
}

// tellPromoted tells someone who has left the waitlist that they have a
// place: an Accept of their Join, or a note in reply to their answer.
// Nobody is told at the venue's sign-ups: they have no account to tell.
func (s *Service) tellPromoted(ctx context.Context, tx store.Tx, ev answerEvent, saved model.RSVP, going int) error {
	if saved.RemoteActorID == nil {
		return nil
	}
	person, err := tx.RemoteActorGetByID(ctx, *saved.RemoteActorID)
	if err != nil {
		return err
	}
	if saved.Channel == model.ChannelJoin {
		return s.acceptJoin(ctx, tx, ev, person, saved.ActivityURI)
	}
	link, err := s.privateCallLink(ctx, ev, person.URI)
	if err != nil {
		return err
	}
	text := "A place opened up: you're going to " + s.eventLine(ev) + placesLine(ev, going) + ". Reply 'not going' if you can't make it now." + link
	extra, err := s.promotedExtras(ctx, tx, ev, saved)
	if err != nil {
		return err
	}
	return s.confirm(ctx, tx, ev, person, saved.ActivityURI, time.Time{}, text+extra)
}

func sessionID(ev answerEvent) *int64 {
	if ev.session == nil {
		return nil
	}
	return &ev.session.ID
}

// eventLine is "Pricing… — Sat 27 Mar, 13:00 GMT, Main room": the zone is
// named, since the person may live in another.
func (s *Service) eventLine(ev answerEvent) string {
	loc, err := time.LoadLocation(ev.gathering.Timezone)
	if err != nil {
		loc = time.UTC
	}
	start, where := ev.gathering.StartsAt, ev.gathering.Venue.Name
	if ev.session != nil {
		start = ev.session.StartsAt
		if room := event.RoomOf(ev.gathering, *ev.session); room.Name != "" {
			where = room.Name
		}
	}
	if where == "" {
		where = "online"
	}
	return ev.title() + " — " + start.In(loc).Format("Mon 2 Jan, 15:04 MST") + ", " + where
}

func placesLine(ev answerEvent, going int) string {
	if ev.capacity == nil {
		return ""
	}
	return fmt.Sprintf(" (%d of %d places taken)", going, *ev.capacity)
}

// confirmationText is what the person personURI is told of their answer
// r: going to an occurrence whose call link is for those going, the link.
func (s *Service) confirmationText(ctx context.Context, tx store.Tx, ev answerEvent, r model.RSVP, personURI string, going int) (string, error) {
	switch r.Status {
	case model.RSVPGoing:
		link, err := s.privateCallLink(ctx, ev, personURI)
		if err != nil {
			return "", err
		}
		return "You're going to " + s.eventLine(ev) + placesLine(ev, going) + ". Reply 'not going' if that changes." + link, nil
	case model.RSVPWaitlisted:
		waitlist, err := tx.RSVPWaitlist(ctx, ev.gathering.ID, sessionID(ev))
		if err != nil {
			return "", err
		}
		place := len(waitlist)
		for i, w := range waitlist {
			if w.ID == r.ID {
				place = i + 1
			}
		}
		return fmt.Sprintf("%s is full: you're #%d on the waitlist. We'll tell you if a place opens up. Reply 'not going' to leave the list.",
			s.eventLine(ev), place), nil
	case model.RSVPMaybe:
		return "Noted as maybe for " + s.eventLine(ev) + ". Reply 'going' when you know.", nil
	}
	return "Noted: you're not going to " + s.eventLine(ev) + ". Reply 'going' if that changes.", nil
}

// confirm sends person a short note, to them alone, mentioning them and in
// reply to their message (written at answeredAt, zero when unknown). It
// carries no link unless they follow us: GoToSocial drops posts with links
// from accounts people don't follow. Its link shows the page's address, not
// the title again: the text has just named the event.
func (s *Service) confirm(ctx context.Context, tx store.Tx, ev answerEvent, person model.RemoteActor, inReplyTo string, answeredAt time.Time, text string) error {
	now := s.now().UTC()
	published := replyTime(now, answeredAt)
	activityID := s.urls.NewActivity()
	noteID := ev.uri(s.urls) + "/notes/" + strings.TrimPrefix(activityID, s.urls.Base+"/activities/")
	note := federation.Note{
		ID: noteID, AttributedTo: s.urls.Actor(ev.actor.Handle), InReplyTo: inReplyTo,
		Audience: federation.Audience{To: []string{person.URI}},
		Mentions: []federation.Mention{{Href: person.URI, Name: person.Handle(), ProfileURL: person.URL}},
		Text:     text, Published: published,
	}
	follows, known := ev.follows[person.ID]
	if !known {
		f, err := tx.FollowGet(ctx, ev.actor.ID, person.ID)
		follows = err == nil && f.State == model.FollowAccepted
	}
	if follows {
		note.Link = &federation.Link{Href: ev.uri(s.urls)}
	}
	doc, err := federation.NoteJSON(note)
	if err != nil {
		return err
	}
	create, err := federation.Create(activityID, s.urls.Actor(ev.actor.Handle), doc, note.Audience)
	if err != nil {
		return err
	}
	return s.fed.Send(ctx, tx, &model.OutboxActivity{URI: activityID, ActorID: ev.actor.ID, Type: "Create", ObjectURI: noteID,
		Raw: create, Public: false, CreatedAt: now.Truncate(time.Second)}, []string{person.Inbox})
}

// maxClockLead is how far ahead of ours another server's clock is
// believed: a reply dated further in the future says nothing of when it
// was written.
const maxClockLead = time.Minute

// replyTime is when a reply of ours to a message written at answeredAt is
// dated: now, or a millisecond after the message when its server's clock
// runs a little ahead of ours, so that the answer never reads as older
// than the question.
func replyTime(now, answeredAt time.Time) time.Time {
	if answeredAt.IsZero() || !answeredAt.After(now) || answeredAt.Sub(now) > maxClockLead {
		return now
	}
	return answeredAt.Add(time.Millisecond)
}

// EventUpdateArgs is the job that sends an event's new counts to
// followers: one per event per minute at most, however many answers come.
type EventUpdateArgs struct {
	GatheringID int64  `json:"gathering_id"`
	SessionID   *int64 `json:"session_id,omitempty"`
}

// Kind implements river.JobArgs.
func (EventUpdateArgs) Kind() string { return "event_update" }

// scheduleEventUpdate enqueues the event's Update for the end of the
// current minute; River keeps one such job per event per minute, and this
// process does not even ask once it has scheduled one.
func (s *Service) scheduleEventUpdate(ctx context.Context, tx store.Tx, ev answerEvent) error {
	s.changed()
	minute := s.now().Truncate(time.Minute)
	if s.updates.scheduled(ev.key(), minute) {
		return nil
	}
	at := minute.Add(time.Minute)
	return tx.Enqueue(ctx, EventUpdateArgs{GatheringID: ev.gathering.ID, SessionID: sessionID(ev)}, &river.InsertOpts{
		ScheduledAt: at,
		UniqueOpts:  river.UniqueOpts{ByArgs: true, ByPeriod: time.Minute},
	})
}

// acceptJoin answers a Join with an Accept embedding it, to the joiner.
func (s *Service) acceptJoin(ctx context.Context, tx store.Tx, ev answerEvent, person model.RemoteActor, joinID string) error {
	id := s.urls.NewActivity()
	join := &federation.Activity{ID: joinID, Type: "Join", Actor: person.URI, Object: federation.ObjectRef{ID: ev.uri(s.urls)}}
	doc, err := federation.Accept(id, s.urls.Actor(ev.actor.Handle), join)
	if err != nil {
		return err
	}
	return s.fed.Send(ctx, tx, &model.OutboxActivity{URI: id, ActorID: ev.actor.ID, Type: "Accept", ObjectURI: joinID,
		Raw: doc, CreatedAt: s.now()}, []string{person.Inbox})
}

// PersonBlocked reports whether an organiser blocked the actor, or its
// domain is blocked.
func (s *Service) PersonBlocked(ctx context.Context, uri string) (bool, error) {
	if err := s.fed.CheckNotBlocked(ctx, uri); errors.Is(err, apperr.ErrBlocked) {
		return true, nil
	} else if err != nil {
		return false, err
	}
	return s.fed.ActorBlocked(ctx, uri)
}

// key names the event for the update schedule.
func (e answerEvent) key() string {
	if e.session != nil {
		return "s" + strconv.FormatInt(e.session.ID, 10)
	}
	return "g" + strconv.FormatInt(e.gathering.ID, 10)
}

// updateSchedule remembers which events already have their count Update
// scheduled for which minute, once the transaction that enqueued it
// committed.
type updateSchedule struct {
	mu     sync.Mutex
	minute time.Time
	events map[string]bool
}

func (u *updateSchedule) scheduled(key string, minute time.Time) bool {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.minute.Equal(minute) && u.events[key]
}

func (u *updateSchedule) mark(key string, minute time.Time) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if !u.minute.Equal(minute) {
		u.minute, u.events = minute, map[string]bool{}
	}
	u.events[key] = true
}
