package rsvp

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/gather-coop/gather/internal/app/event"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// A person's answer to a gathering and their answers to its sessions are
// kept in step, so that the lists never say someone is not coming to a
// gathering while holding a seat in one of its workshops:
//
//   - A place in a session (going, or waiting for one) is a "going" to the
//     gathering, and a session "maybe" at least a "maybe": a session answer
//     raises the gathering's answer, never lowers it.
//   - "Not going" to the gathering gives up every session answer that is
//     not "not going" already; the places go to the first on each
//     waitlist, and the confirmation names the sessions.
//   - "Maybe" to the gathering keeps the session places (a maybe is not a
//     release), and "not going" to one session leaves the gathering alone.
//
// Two places held at overlapping times are a double booking: both stay,
// the confirmation names the other session and asks which one is meant,
// and the organisers' lists show the clash on both answers.
//
// Locks are taken gathering first, then sessions by id, so that a session
// answer (which may raise the gathering's) and a gathering answer (which
// may release sessions) never wait for each other in a circle.

// answerRank orders answers by how much they say the person will come.
func answerRank(s model.RSVPStatus) int {
	switch s {
	case model.RSVPGoing, model.RSVPWaitlisted:
		return 2
	case model.RSVPMaybe:
		return 1
	}
	return 0
}

// holdsPlace reports whether an answer holds or waits for a place.
func holdsPlace(s model.RSVPStatus) bool {
	return s == model.RSVPGoing || s == model.RSVPWaitlisted
}

// needsGatheringLock reports whether an answer may change the person's
// answer to the gathering as well as to a session.
func needsGatheringLock(req RSVPRequest) bool {
	return req.SessionID != nil && (req.Intent == IntentGoing || req.Intent == IntentMaybe)
}

// needsSessions reports whether an answer's consequences (a clash, a
// release) need the gathering's sessions read.
func needsSessions(req RSVPRequest) bool {
	return req.SessionID != nil && req.Intent == IntentGoing || req.SessionID == nil && req.Intent == IntentNotGoing
}

// gatheringOf is the gathering itself of a session's event.
func gatheringOf(ev answerEvent) answerEvent {
	return answerEvent{actor: ev.actor, gathering: ev.gathering, series: ev.series, sessions: ev.sessions}
}

// sessionEventOf is the event of one of ev's gathering's sessions.
func sessionEventOf(ev answerEvent, s model.Session) answerEvent {
	return answerEvent{actor: ev.actor, gathering: ev.gathering, series: ev.series, session: &s,
		capacity: event.CapacityOf(ev.gathering, s), sessions: ev.sessions}
}

// stepResult is what keeping the answers in step changed, for the
// confirmation and the count updates.
type stepResult struct {
	// Raised is the gathering's answer a session answer raised it to
	// ("" when it stayed).
	Raised model.RSVPStatus
	// Released are the sessions a "not going" to the gathering gave up.
	Released []model.Session
	// Touched are the other events whose counts changed.
	Touched []answerEvent
}

// keepInStep applies the rules above after saved, an answer to ev, was
// written; the caller holds the gathering's lock when needsGatheringLock.
func (s *Service) keepInStep(ctx context.Context, tx store.Tx, ev answerEvent, saved model.RSVP) (stepResult, error) {
	if ev.session != nil {
		return s.raiseGathering(ctx, tx, ev, saved)
	}
	return s.releaseSessions(ctx, tx, ev, saved)
}

// raiseGathering raises the person's answer to the gathering to what
// their session answer saved says.
func (s *Service) raiseGathering(ctx context.Context, tx store.Tx, ev answerEvent, saved model.RSVP) (stepResult, error) {
	want := model.RSVPGoing
	if saved.Status == model.RSVPMaybe {
		want = model.RSVPMaybe
	}
	if answerRank(saved.Status) == 0 {
		return stepResult{}, nil
	}
	current, err := tx.RSVPGet(ctx, store.RSVPKey{GatheringID: ev.gathering.ID, RemoteActorID: saved.RemoteActorID, GuestKey: saved.GuestKey})
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return stepResult{}, err
	}
	if err == nil && answerRank(current.Status) >= answerRank(want) {
		return stepResult{}, nil
	}
	// The gathering's answer comes from the session's message: deleting
	// that message takes back both.
	r := model.RSVP{ID: current.ID, GatheringID: ev.gathering.ID, RemoteActorID: saved.RemoteActorID,
		GuestName: saved.GuestName, GuestKey: saved.GuestKey, Status: want, Channel: saved.Channel,
		ActivityURI: saved.ActivityURI, UpdatedAt: saved.UpdatedAt}
	if _, err := tx.RSVPSave(ctx, &r); err != nil {
		return stepResult{}, err
	}
	g := gatheringOf(ev)
	return stepResult{Raised: want, Touched: []answerEvent{g}}, s.scheduleEventUpdate(ctx, tx, g)
}

// releaseSessions gives up the session answers of someone who is not
// going to the gathering, and gives their places to the waitlists.
func (s *Service) releaseSessions(ctx context.Context, tx store.Tx, ev answerEvent, saved model.RSVP) (stepResult, error) {
	var out stepResult
	if saved.Status != model.RSVPNotGoing || saved.RemoteActorID == nil {
		return out, nil
	}
	answers, err := tx.RSVPListByPerson(ctx, *saved.RemoteActorID, s.now())
	if err != nil {
		return out, err
	}
	answers = slices.DeleteFunc(answers, func(r model.RSVP) bool {
		return r.GatheringID != ev.gathering.ID || r.SessionID == nil || answerRank(r.Status) == 0
	})
	slices.SortFunc(answers, func(x, y model.RSVP) int { return cmp.Compare(*x.SessionID, *y.SessionID) })
	for _, r := range answers {
		i := slices.IndexFunc(ev.sessions, func(s model.Session) bool { return s.ID == *r.SessionID })
		if i < 0 {
			continue
		}
		sev := sessionEventOf(ev, ev.sessions[i])
		released, err := s.releaseOne(ctx, tx, sev, r)
		if err != nil {
			return out, err
		}
		if released {
			out.Released = append(out.Released, *sev.session)
			out.Touched = append(out.Touched, sev)
		}
	}
	return out, nil
}

// releaseOne turns one session answer into "not going", under the
// session's lock, and promotes the next in line when it held a place.
func (s *Service) releaseOne(ctx context.Context, tx store.Tx, sev answerEvent, r model.RSVP) (bool, error) {
	if err := tx.EventLock(ctx, r.GatheringID, r.SessionID); err != nil {
		return false, err
	}
	// Read again under the lock: it may have changed since it was listed.
	current, err := tx.RSVPGet(ctx, store.RSVPKey{GatheringID: r.GatheringID, SessionID: r.SessionID, RemoteActorID: r.RemoteActorID})
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil || answerRank(current.Status) == 0 {
		return false, err
	}
	counts, err := tx.RSVPCounts(ctx, r.GatheringID, r.SessionID)
	if err != nil {
		return false, err
	}
	wasGoing := current.Status == model.RSVPGoing
	current.Status, current.WaitlistedAt, current.UpdatedAt = model.RSVPNotGoing, nil, s.now().UTC()
	if _, err := tx.RSVPSave(ctx, &current); err != nil {
		return false, err
	}
	if wasGoing {
		return true, s.promote(ctx, tx, sev, counts[model.RSVPGoing]-1)
	}
	return true, s.scheduleEventUpdate(ctx, tx, sev)
}

// clash is another session the person holds a place in (or waits for) at
// a time that overlaps the one they answered.
type clash struct {
	Session model.Session
	Status  model.RSVPStatus
}

// overlaps reports whether two sessions share any time.
func overlaps(x, y model.Session) bool {
	return x.StartsAt.Before(y.EndsAt) && y.StartsAt.Before(x.EndsAt)
}

// clashesOf lists the other sessions of the gathering that r, a place in
// ev's session, double-books.
func (s *Service) clashesOf(ctx context.Context, q store.Queries, ev answerEvent, r model.RSVP) ([]clash, error) {
	if ev.session == nil || r.RemoteActorID == nil || !holdsPlace(r.Status) {
		return nil, nil
	}
	answers, err := q.RSVPListByPerson(ctx, *r.RemoteActorID, s.now())
	if err != nil {
		return nil, err
	}
	var out []clash
	for _, other := range answers {
		if other.GatheringID != ev.gathering.ID || other.SessionID == nil || *other.SessionID == ev.session.ID || !holdsPlace(other.Status) {
			continue
		}
		i := slices.IndexFunc(ev.sessions, func(s model.Session) bool { return s.ID == *other.SessionID })
		if i >= 0 && overlaps(ev.sessions[i], *ev.session) {
			out = append(out, clash{Session: ev.sessions[i], Status: other.Status})
		}
	}
	return out, nil
}

// clashNote is the sentences a confirmation adds for a double booking:
// which other session overlaps, and how to give one up. Both places stay
// until the person says.
func (s *Service) clashNote(ev answerEvent, clashes []clash) string {
	var b strings.Builder
	for _, c := range clashes {
		verb := "You're also going to "
		if c.Status == model.RSVPWaitlisted {
			verb = "You're also on the waitlist for "
		}
		b.WriteString(" " + verb + s.eventLine(sessionEventOf(ev, c.Session)) + ", at the same time.")
	}
	if b.Len() == 0 {
		return ""
	}
	b.WriteString(" Which one do you mean? Both places are kept for now: reply 'not going' to the one you'll miss.")
	return b.String()
}

// stepNote is the sentence a confirmation adds when the answer changed
// the person's answer to the gathering or to its sessions.
func stepNote(ev answerEvent, step stepResult) string {
	switch {
	case step.Raised == model.RSVPGoing:
		return " That counts you in for " + ev.gathering.Title + " itself too."
	case step.Raised == model.RSVPMaybe:
		return " That makes you a maybe for " + ev.gathering.Title + " itself too."
	case len(step.Released) > 0:
		titles := make([]string, len(step.Released))
		for i, s := range step.Released {
			titles[i] = s.Title
		}
		return " So you're out of its sessions too (" + strings.Join(titles, ", ") +
			"): your places go to others. Reply 'going' to a session if you still want one."
	}
	return ""
}

// confirmationExtras is what a confirmation says beyond the answer
// itself: a double booking, and the answers kept in step.
func (s *Service) confirmationExtras(ctx context.Context, tx store.Tx, ev answerEvent, saved model.RSVP, step stepResult) (string, error) {
	clashes, err := s.clashesOf(ctx, tx, ev, saved)
	if err != nil {
		return "", err
	}
	return stepNote(ev, step) + s.clashNote(ev, clashes), nil
}

// promotedExtras is what the note to someone promoted from a waitlist
// says of a double booking: a place may open up in a session at the time
// of another they have since taken.
func (s *Service) promotedExtras(ctx context.Context, tx store.Tx, ev answerEvent, saved model.RSVP) (string, error) {
	if ev.session == nil {
		return "", nil
	}
	if ev.sessions == nil {
		sessions, err := tx.SessionList(ctx, ev.gathering.ID)
		if err != nil {
			return "", err
		}
		ev.sessions = sessions
	}
	clashes, err := s.clashesOf(ctx, tx, ev, saved)
	if err != nil {
		return "", err
	}
	return s.clashNote(ev, clashes), nil
}
