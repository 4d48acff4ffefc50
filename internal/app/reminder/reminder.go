// Package reminder reminds those going to a gathering that it is coming:
// a direct note to each, a set time before it starts (its reminder
// offsets: the gathering's own, its series', or model.DefaultReminders),
// saying what, when in the gathering's zone, and where or the link.
//
// Each offset of each start is one durable River job, scheduled for its
// instant (Schedule, called in the transaction that publishes or changes
// the gathering) and unique by its arguments, so however many processes
// schedule it, it is one job. A gathering moved gets new jobs for its new
// start; the old ones, when they run, find it no longer starts then and
// send nothing, as do those of a gathering cancelled or deleted. Who was
// reminded is recorded with the notes' deliveries in one transaction
// (store.ReminderSentMark), so a job run again reminds nobody twice.
//
// The same way, when an organiser rotates a series' call link, a
// CallLinkArgs job per coming occurrence sends the new link to those
// going (SendCallLink). Which link a person going is sent is
// event.CallLink's rule: the call itself, never the series' page an
// occurrence shows in public.
package reminder

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/gather-coop/gather/federation/asevent"
	"github.com/gather-coop/gather/internal/app/event"
	"github.com/gather-coop/gather/internal/app/localurl"
	"github.com/gather-coop/gather/internal/app/notice"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// Args is one reminder job: remind those going to a gathering, Offset
// before the start StartsAt it had when the job was scheduled.
type Args struct {
	GatheringID int64     `json:"gathering_id"`
	StartsAt    time.Time `json:"starts_at"`
	// Offset is in whole seconds.
	Offset int64 `json:"offset_seconds"`
}

// Kind implements river.JobArgs.
func (Args) Kind() string { return "reminder" }

// uniqueStates are the job states in which a second job with the same
// arguments is not made: all but cancelled and discarded, completed
// included, so that publishing or editing again does not remind again.
var uniqueStates = []rivertype.JobState{rivertype.JobStateAvailable, rivertype.JobStateCompleted,
	rivertype.JobStatePending, rivertype.JobStateRetryable, rivertype.JobStateRunning, rivertype.JobStateScheduled}

// Service schedules and sends reminders. Its zero value is not usable;
// see New.
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

// Offsets are the reminders of g, largest first: its series' for an
// occurrence, else its own, else the default for an online gathering
// (no venue) or one in person.
func Offsets(ctx context.Context, q store.Queries, g model.Gathering) ([]time.Duration, error) {
	occ, err := q.SeriesOccurrenceOf(ctx, g.ID)
	switch {
	case err == nil:
		s, err := q.SeriesGet(ctx, occ.SeriesID)
		if err != nil {
			return nil, err
		}
		if len(s.Reminders) > 0 {
			return s.Reminders, nil
		}
		return model.DefaultReminders(s.Online), nil
	case !errors.Is(err, store.ErrNotFound):
		return nil, err
	}
	own, err := q.GatheringReminders(ctx, g.ID)
	if err != nil {
		return nil, err
	}
	if len(own) > 0 {
		return own, nil
	}
	return model.DefaultReminders(g.Venue.IsZero()), nil
}

// Schedule enqueues, in tx, a job for each reminder of g's start still
// to come: nothing for a gathering not published. A job already made for
// the same start and offset is not doubled (see uniqueStates). Call it
// whenever a gathering changes; what did not move costs one insert
// refused per offset.
func (s *Service) Schedule(ctx context.Context, tx store.Tx, g model.Gathering) error {
	if g.Status != model.StatusPublished {
		return nil
	}
	offsets, err := Offsets(ctx, tx, g)
	if err != nil {
		return err
	}
	now := s.now()
	for _, off := range offsets {
		at := g.StartsAt.Add(-off)
		if !at.After(now) {
			continue // too late for this one: published or moved within it
		}
		args := Args{GatheringID: g.ID, StartsAt: g.StartsAt.UTC(), Offset: int64(off / time.Second)}
		err := tx.Enqueue(ctx, args, &river.InsertOpts{
			ScheduledAt: at,
			UniqueOpts:  river.UniqueOpts{ByArgs: true, ByState: uniqueStates},
		})
		if err != nil {
			return fmt.Errorf("schedule the %s reminder of gathering %d: %w", off, g.ID, err)
		}
	}
	return nil
}

// Batch is how many people one transaction of Send reminds: a job for
// thousands commits as it goes, so that one cut off by its timeout keeps
// what it sent and its retry carries on.
const Batch = 1000

// Send is the job: it reminds each person going to the gathering who was
// not reminded of this start by this reminder yet, if the gathering is
// still published, still starts at a.StartsAt and still has this
// reminder. Nobody blocked is reminded.
func (s *Service) Send(ctx context.Context, a Args) error {
	for {
		more, err := s.sendBatch(ctx, a)
		if err != nil || !more {
			return err
		}
	}
}

// sendBatch reminds up to Batch people, and says whether there may be
// more.
func (s *Service) sendBatch(ctx context.Context, a Args) (more bool, err error) {
	offset := time.Duration(a.Offset) * time.Second
	err = s.store.InTx(ctx, func(tx store.Tx) error {
		// Two runs at once (a job rescued while it still ran) must not
		// both find the same people unreminded.
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
		if g.Status != model.StatusPublished || !g.StartsAt.Equal(a.StartsAt) {
			return nil // cancelled, or moved: the new start has its own jobs
		}
		offsets, err := Offsets(ctx, tx, g)
		if err != nil || !slices.Contains(offsets, offset) {
			return err
		}
		var going []model.RemoteActor
		going, more, err = s.going(ctx, tx, g, a.StartsAt, offset, Batch)
		if err != nil || len(going) == 0 {
			return err
		}
		actor, err := tx.ActorGetByID(ctx, g.ActorID)
		if err != nil {
			return err
		}
		e, err := event.Gathering(s.urls, actor, g, nil)
		if err != nil {
			return err
		}
		link, err := s.link(ctx, tx, g)
		if err != nil {
			return err
		}
		text := Text(e, offset, link)
		key := "reminder " + a.StartsAt.UTC().Format(time.RFC3339) + " " + strconv.FormatInt(a.Offset, 10)
		notes := make([]notice.Direct, len(going))
		ids := make([]int64, len(going))
		for i, p := range going {
			notes[i] = notice.Direct{Person: p, Text: text, Key: key}
			ids[i] = p.ID
		}
		if err := tx.ReminderSentMark(ctx, g.ID, a.StartsAt, offset, ids, s.now()); err != nil {
			return err
		}
		return s.notices.SendDirect(ctx, tx, actor, e, notes)
	})
	return more && err == nil, err
}

// going are up to limit people going to g (to it or one of its
// sessions), each once, but those blocked and those reminded already of
// this start by this reminder; more says whether others are left.
func (s *Service) going(ctx context.Context, tx store.Tx, g model.Gathering, startsAt time.Time, offset time.Duration, limit int) (out []model.RemoteActor, more bool, err error) {
	answers, err := tx.RSVPList(ctx, g.ID)
	if err != nil {
		return nil, false, err
	}
	sent, err := tx.RemindersSent(ctx, g.ID, startsAt, offset)
	if err != nil {
		return nil, false, err
	}
	seen := map[int64]bool{}
	for _, r := range answers {
		if r.Person == nil || r.Status != model.RSVPGoing || seen[r.Person.ID] || sent[r.Person.ID] {
			continue
		}
		if len(out) == limit {
			return out, true, nil
		}
		seen[r.Person.ID] = true
		if s.blocked != nil {
			blocked, err := s.blocked(ctx, r.Person.URI)
			if err != nil {
				return nil, false, err
			}
			if blocked {
				continue
			}
		}
		out = append(out, *r.Person)
	}
	return out, false, nil
}

// link is the link to join g online (event.CallLink): for an occurrence
// of a series whose link is for attendees, the call itself, not the
// series' page its public Event shows.
func (s *Service) link(ctx context.Context, q store.Queries, g model.Gathering) (string, error) {
	series, err := seriesOf(ctx, q, g.ID)
	if err != nil {
		return "", err
	}
	link, _ := event.CallLink(s.urls, g, series)
	return link, nil
}

// seriesOf is the series gathering id is an occurrence of, or nil.
func seriesOf(ctx context.Context, q store.Queries, id int64) (*model.Series, error) {
	occ, err := q.SeriesOccurrenceOf(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	series, err := q.SeriesGet(ctx, occ.SeriesID)
	if err != nil {
		return nil, err
	}
	return &series, nil
}

// Text is the reminder, offset before the event e: its title, when in
// its zone, and where (the place, and the link when there is one).
func Text(e asevent.Event, offset time.Duration, link string) string {
	var b strings.Builder
	b.WriteString("Reminder: " + e.Name + " starts in " + Lead(offset) + ": " + asevent.EventWhen(e) + ".")
	if e.Place != nil {
		b.WriteString(" Where: " + asevent.EventWhere(e) + ".")
	}
	if link != "" {
		b.WriteString(" Join online: " + link)
	}
	return b.String()
}

// Lead says an offset as people say it: "24 hours", "15 minutes",
// "2 days", "1 hour 30 minutes".
func Lead(d time.Duration) string {
	unit := func(n int64, one string) string {
		if n == 1 {
			return "1 " + one
		}
		return strconv.FormatInt(n, 10) + " " + one + "s"
	}
	switch {
	case d >= 48*time.Hour && d%(24*time.Hour) == 0:
		return unit(int64(d/(24*time.Hour)), "day")
	case d >= time.Hour && d%time.Hour == 0:
		return unit(int64(d/time.Hour), "hour")
	case d >= time.Hour:
		return unit(int64(d/time.Hour), "hour") + " " + unit(int64(d%time.Hour/time.Minute), "minute")
	}
	return unit(int64(d/time.Minute), "minute")
}

// CallLinkArgs is the job that tells those going to one coming
// occurrence of a series that its call link changed (the organiser
// rotated it at RotatedAt), with the new link CallURL.
type CallLinkArgs struct {
	GatheringID int64  `json:"gathering_id"`
	CallURL     string `json:"call_url"`
	// Previous is the link it replaced: an occurrence of a series whose
	// link is public still shows it until it is edited to the new one,
	// just after the job is made.
	Previous  string    `json:"previous,omitempty"`
	RotatedAt time.Time `json:"rotated_at"`
}

// Kind implements river.JobArgs.
func (CallLinkArgs) Kind() string { return "call_link" }

// rotationOffset is the offset under which a rotation's notes are
// recorded as sent (store.ReminderSentMark, with the rotation's instant
// as the start): a reminder is at least a minute before, so none is ever
// at or below 0; a rotation's is minus a hash of its new link, so that two
// rotations in one second (a PUT, then a split) are two records. The
// record keeps a rotation's job, run again, from telling anyone twice.
func rotationOffset(callURL string) time.Duration {
	h := fnv.New32a()
	h.Write([]byte(callURL))
	// 31 bits: offset_seconds is a 32-bit integer on PostgreSQL.
	return -time.Duration(int64(h.Sum32()>>1)+1) * time.Second
}

// SendCallLink is the rotation job: each person going to the occurrence
// (not blocked, not told yet) gets the new link by a direct note, if the
// occurrence is still published and to come, and the link is still the
// one the job was made for (rotated again, the newer job tells).
func (s *Service) SendCallLink(ctx context.Context, a CallLinkArgs) error {
	for {
		more, err := s.sendCallLinkBatch(ctx, a)
		if err != nil || !more {
			return err
		}
	}
}

func (s *Service) sendCallLinkBatch(ctx context.Context, a CallLinkArgs) (more bool, err error) {
	err = s.store.InTx(ctx, func(tx store.Tx) error {
		if err := tx.EventLock(ctx, a.GatheringID, nil); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return nil
			}
			return err
		}
		g, err := tx.GatheringGet(ctx, a.GatheringID)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		if g.Status != model.StatusPublished || !g.EndsAt.After(s.now()) {
			return nil
		}
		series, err := seriesOf(ctx, tx, g.ID)
		if err != nil {
			return err
		}
		link, _ := event.CallLink(s.urls, g, series)
		moving := series != nil && !series.LinkForAttendees && series.CallURL == a.CallURL && a.Previous != "" && link == a.Previous
		if a.CallURL == "" || link != a.CallURL && !moving {
			return nil // rotated again (the newer job tells), or a link of its own
		}
		link = a.CallURL
		var going []model.RemoteActor
		going, more, err = s.going(ctx, tx, g, a.RotatedAt, rotationOffset(a.CallURL), Batch)
		if err != nil || len(going) == 0 {
			return err
		}
		actor, err := tx.ActorGetByID(ctx, g.ActorID)
		if err != nil {
			return err
		}
		e, err := event.Gathering(s.urls, actor, g, nil)
		if err != nil {
			return err
		}
		text := CallLinkText(e, link, series != nil && series.LinkForAttendees)
		key := "call link " + a.RotatedAt.UTC().Format(time.RFC3339Nano)
		notes := make([]notice.Direct, len(going))
		ids := make([]int64, len(going))
		for i, p := range going {
			notes[i] = notice.Direct{Person: p, Text: text, Key: key}
			ids[i] = p.ID
		}
		if err := tx.ReminderSentMark(ctx, g.ID, a.RotatedAt, rotationOffset(a.CallURL), ids, s.now()); err != nil {
			return err
		}
		return s.notices.SendDirect(ctx, tx, actor, e, notes)
	})
	return more && err == nil, err
}

// CallLinkText is the note telling someone going to e its new call link
// (private: for those going only).
func CallLinkText(e asevent.Event, link string, private bool) string {
	text := "The link to join " + e.Name + " (" + asevent.EventWhen(e) + ") has changed; the old one no longer works. Join online: " + link
	if private {
		return text + " (the link is for those going; please don't share it)."
	}
	return text
}
