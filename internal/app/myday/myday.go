// Package myday sends each person signed up for sessions their day: on
// the morning of each day of a gathering, at its "my day" time in its
// zone (08:00 unless the organisers set another, or none), one direct
// note listing the sessions they have a place in that day, with times
// and rooms, and the address of their own calendar of them. Asked again
// by a reply saying "my sessions", it answers with all their coming
// sessions (Answer).
//
// As package reminder does, each day with sessions is one durable River
// job, scheduled for its instant (Schedule, in the transaction that
// publishes or changes the gathering or one of its sessions) and unique
// by its arguments, so however many processes schedule it, it is one
// job. A job whose gathering moved, changed its time or zone, or was
// cancelled or deleted finds its instant no longer the day's and sends
// nothing (the new instant has its own job). Who was sent which day's
// note is recorded with the deliveries in one transaction
// (store.MyDaySentMark), by day, so a job run again, or the day
// rescheduled to a later hour, sends nobody a second one.
package myday

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/gather-coop/gather/internal/app/event"
	"github.com/gather-coop/gather/internal/app/localurl"
	"github.com/gather-coop/gather/internal/app/notice"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// Args is one day's job: send those signed up for sessions of the
// gathering on the local day Day (YYYY-MM-DD) their note, at At, the
// instant the day's note was due when the job was scheduled.
type Args struct {
	GatheringID int64     `json:"gathering_id"`
	Day         string    `json:"day"`
	At          time.Time `json:"at"`
}

// Kind implements river.JobArgs.
func (Args) Kind() string { return "my_day" }

// uniqueStates are those in which a second job with the same arguments
// is not made: completed included, so that editing the gathering again
// does not send the day again (as reminders do).
var uniqueStates = []rivertype.JobState{rivertype.JobStateAvailable, rivertype.JobStateCompleted,
	rivertype.JobStatePending, rivertype.JobStateRetryable, rivertype.JobStateRunning, rivertype.JobStateScheduled}

// Default is the time of day a gathering's notes go out unless its
// organisers chose another (the migration's default too).
const Default = "08:00"

// maxDays bounds the jobs one gathering makes: a gathering spanning
// months is not a gathering of days.
const maxDays = 31

// Batch is how many people one transaction of Send writes to, as
// reminder.Batch.
const Batch = 1000

// Service schedules and sends the notes. See New.
type Service struct {
	now     func() time.Time
	urls    localurl.URLs
	store   store.Store
	notices *notice.Service
	blocked func(ctx context.Context, uri string) (bool, error)
}

// Config is what New needs.
type Config struct {
	Store   store.Store
	Now     func() time.Time
	URLs    localurl.URLs
	Notices *notice.Service
	// Blocked says whether a person is blocked (rsvp.PersonBlocked).
	Blocked func(ctx context.Context, uri string) (bool, error)
}

// New returns a Service.
func New(c Config) *Service {
	return &Service{now: c.Now, urls: c.URLs, store: c.Store, notices: c.Notices, blocked: c.Blocked}
}

// Day is one local day of a gathering and the instant its note is due.
type Day struct {
	Date string // YYYY-MM-DD in the gathering's zone
	At   time.Time
}

// Days are the local days g spans, from the day it starts to the day it
// ends, each with the instant clock ("08:30") falls on it in g's zone;
// none when clock is "" (turned off).
func Days(g model.Gathering, clock string) ([]Day, error) {
	if clock == "" {
		return nil, nil
	}
	hour, minute, err := ParseClock(clock)
	if err != nil {
		return nil, fmt.Errorf("gathering %d: %w", g.ID, err)
	}
	loc, err := time.LoadLocation(g.Timezone)
	if err != nil {
		return nil, fmt.Errorf("gathering %d: %w", g.ID, err)
	}
	first, last := g.StartsAt.In(loc), g.EndsAt.In(loc)
	if last.Before(first) {
		last = first
	}
	var out []Day
	for d := time.Date(first.Year(), first.Month(), first.Day(), 12, 0, 0, 0, loc); len(out) < maxDays; d = d.AddDate(0, 0, 1) {
		if d.Format(time.DateOnly) > last.Format(time.DateOnly) {
			break
		}
		at := time.Date(d.Year(), d.Month(), d.Day(), hour, minute, 0, 0, loc)
		out = append(out, Day{Date: d.Format(time.DateOnly), At: at.UTC()})
	}
	return out, nil
}

// ParseClock reads a time of day, "08:30", as its hour and minute.
func ParseClock(clock string) (hour, minute int, err error) {
	t, err := time.Parse("15:04", clock)
	if err != nil || len(clock) != 5 {
		return 0, 0, fmt.Errorf("%q is not a time of day like 08:30", clock)
	}
	return t.Hour(), t.Minute(), nil
}

// Schedule enqueues, in tx, a job for each day of g with sessions whose
// note is still to come: none for a gathering not published, or whose
// notes are off. A job made already for the same day and instant is not
// doubled. Call it whenever a gathering or one of its sessions changes:
// a session moved to a day that had none gives that day its job (the
// job of a day left without sessions sends nothing).
func (s *Service) Schedule(ctx context.Context, tx store.Tx, g model.Gathering) error {
	if g.Status != model.StatusPublished {
		return nil
	}
	clock, err := tx.GatheringMyDay(ctx, g.ID)
	if err != nil {
		return err
	}
	days, err := Days(g, clock)
	if err != nil || len(days) == 0 {
		return err
	}
	withSessions, err := sessionDays(ctx, tx, g)
	if err != nil {
		return err
	}
	now := s.now()
	for _, d := range days {
		if !d.At.After(now) || !withSessions[d.Date] {
			continue
		}
		err := tx.Enqueue(ctx, Args{GatheringID: g.ID, Day: d.Date, At: d.At}, &river.InsertOpts{
			ScheduledAt: d.At,
			UniqueOpts:  river.UniqueOpts{ByArgs: true, ByState: uniqueStates},
		})
		if err != nil {
			return fmt.Errorf("schedule the my day note of gathering %d on %s: %w", g.ID, d.Date, err)
		}
	}
	return nil
}

// ScheduleComing schedules the days of every published gathering not yet
// over, as Schedule does when one changes: at start, so that a gathering
// published before this version (the migration gave it the default
// time, but nothing scheduled its days) sends its notes, and one whose
// job was lost is given it again. Days scheduled already are not doubled.
func (s *Service) ScheduleComing(ctx context.Context) error {
	actors, err := s.store.ActorList(ctx, model.ActorGroup)
	if err != nil {
		return fmt.Errorf("schedule coming days: %w", err)
	}
	for _, a := range actors {
		list, err := s.store.GatheringList(ctx, &store.GatheringListParams{ActorID: a.ID,
			Statuses: []model.GatheringStatus{model.StatusPublished}, EndsAfter: s.now()})
		if err != nil {
			return fmt.Errorf("schedule coming days of @%s: %w", a.Handle, err)
		}
		for _, g := range list {
			if err := s.store.InTx(ctx, func(tx store.Tx) error { return s.Schedule(ctx, tx, g) }); err != nil {
				return fmt.Errorf("schedule coming days: %w", err)
			}
		}
	}
	return nil
}

// Send is the job: each person with a place in one of the day's sessions
// who was not sent the day's note yet gets it, if the gathering is still
// published and the day's note is still due at a.At. Nobody blocked is
// sent one.
func (s *Service) Send(ctx context.Context, a Args) error {
	for {
		more, err := s.sendBatch(ctx, a)
		if err != nil || !more {
			return err
		}
	}
}

func (s *Service) sendBatch(ctx context.Context, a Args) (more bool, err error) {
	err = s.store.InTx(ctx, func(tx store.Tx) error {
		// Two runs at once must not both find the same people unsent.
		if err := tx.EventLock(ctx, a.GatheringID, nil); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return nil
			}
			return err
		}
		g, err := tx.GatheringGet(ctx, a.GatheringID)
		if errors.Is(err, store.ErrNotFound) {
			return nil // deleted
		}
		if err != nil {
			return err
		}
		if due, err := s.stillDue(ctx, tx, g, a); err != nil || !due {
			return err
		}
		sessions, err := tx.SessionList(ctx, g.ID)
		if err != nil {
			return err
		}
		loc, err := time.LoadLocation(g.Timezone)
		if err != nil {
			return fmt.Errorf("gathering %d: %w", g.ID, err)
		}
		var today []model.Session
		for _, sess := range sessions {
			if !sess.StartsAt.IsZero() && sess.StartsAt.In(loc).Format(time.DateOnly) == a.Day {
				today = append(today, sess)
			}
		}
		people, err := s.signedUp(ctx, tx, g.ID, today)
		if err != nil {
			return err
		}
		sent, err := tx.MyDaySent(ctx, g.ID, a.Day)
		if err != nil {
			return err
		}
		var notes []notice.Direct
		var ids []int64
		for _, p := range people {
			if sent[p.person.ID] {
				continue
			}
			if len(notes) == Batch {
				more = true
				break
			}
			link, err := s.calendar(ctx, tx, g.ID, p.person.ID)
			if err != nil {
				return err
			}
			text := DayText(g, loc, p.sessions, link)
			notes = append(notes, notice.Direct{Person: p.person, Text: text, Key: "my day " + a.Day})
			ids = append(ids, p.person.ID)
		}
		if len(notes) == 0 {
			return nil
		}
		actor, err := tx.ActorGetByID(ctx, g.ActorID)
		if err != nil {
			return err
		}
		e, err := event.Gathering(s.urls, actor, g, nil)
		if err != nil {
			return err
		}
		if err := tx.MyDaySentMark(ctx, g.ID, a.Day, ids, s.now()); err != nil {
			return err
		}
		return s.notices.SendDirect(ctx, tx, actor, e, notes)
	})
	return more && err == nil, err
}

// sessionDays are the local days (YYYY-MM-DD) on which a session of g
// starts.
func sessionDays(ctx context.Context, q store.Queries, g model.Gathering) (map[string]bool, error) {
	sessions, err := q.SessionList(ctx, g.ID)
	if err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(g.Timezone)
	if err != nil {
		return nil, fmt.Errorf("gathering %d: %w", g.ID, err)
	}
	out := map[string]bool{}
	for _, sess := range sessions {
		if !sess.StartsAt.IsZero() {
			out[sess.StartsAt.In(loc).Format(time.DateOnly)] = true
		}
	}
	return out, nil
}

// stillDue says whether g, as it is now, still sends the day a.Day's
// note at a.At: published, its notes on, at the same time of day in the
// same zone, and the day still one of its days.
func (s *Service) stillDue(ctx context.Context, q store.Queries, g model.Gathering, a Args) (bool, error) {
	if g.Status != model.StatusPublished {
		return false, nil
	}
	clock, err := q.GatheringMyDay(ctx, g.ID)
	if err != nil {
		return false, err
	}
	days, err := Days(g, clock)
	if err != nil {
		return false, err
	}
	for _, d := range days {
		if d.Date == a.Day && d.At.Equal(a.At) {
			return true, nil
		}
	}
	return false, nil
}

// attendee is one person and the sessions they have a place in.
type attendee struct {
	person   model.RemoteActor
	sessions []model.Session
}

// signedUp are the people (fediverse accounts, not guests at the door)
// going to one or more of sessions, each once, with theirs in the order
// of sessions; those blocked are left out.
func (s *Service) signedUp(ctx context.Context, q store.Queries, gatheringID int64, sessions []model.Session) ([]attendee, error) {
	if len(sessions) == 0 {
		return nil, nil
	}
	answers, err := q.RSVPList(ctx, gatheringID)
	if err != nil {
		return nil, err
	}
	going := map[int64]map[int64]bool{} // person → session → going
	var order []model.RemoteActor
	for _, r := range answers {
		if r.Person == nil || r.SessionID == nil || r.Status != model.RSVPGoing {
			continue
		}
		if going[r.Person.ID] == nil {
			going[r.Person.ID] = map[int64]bool{}
			order = append(order, *r.Person)
		}
		going[r.Person.ID][*r.SessionID] = true
	}
	var out []attendee
	for _, p := range order {
		var theirs []model.Session
		for _, sess := range sessions {
			if going[p.ID][sess.ID] {
				theirs = append(theirs, sess)
			}
		}
		if len(theirs) == 0 {
			continue
		}
		if s.blocked != nil {
			blocked, err := s.blocked(ctx, p.URI)
			if err != nil {
				return nil, err
			}
			if blocked {
				continue
			}
		}
		out = append(out, attendee{person: p, sessions: theirs})
	}
	return out, nil
}

// calendar is the address of the person's own calendar of the
// gathering, made the first time it is asked for.
func (s *Service) calendar(ctx context.Context, tx store.Tx, gatheringID, personID int64) (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("make a calendar token: %w", err)
	}
	token, err := tx.MyCalendarToken(ctx, gatheringID, personID, hex.EncodeToString(b), s.now())
	if err != nil {
		return "", err
	}
	return s.urls.MyCalendar(token), nil
}
