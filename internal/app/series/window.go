package series

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/gather-coop/gather/internal/app/account"
	"github.com/gather-coop/gather/internal/app/apperr"
	"github.com/gather-coop/gather/internal/app/input"
	"github.com/gather-coop/gather/internal/app/reminder"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/recur"
	"github.com/gather-coop/gather/internal/store"
)

// Occurrence is one made occurrence of a series: the gathering, and the
// start the rule gave it (which names it even after it moves).
type Occurrence struct {
	RecurrenceID time.Time
	Gathering    model.Gathering
}

// Fill makes the series' coming occurrences that the window (the next
// Window the rule gives after now) lacks, each a published gathering,
// and returns how many it made. It is safe to run in many processes at
// once: an occurrence someone else made meanwhile is left to them.
func (ss *Service) Fill(ctx context.Context, id int64) (int, error) {
	s, actor, err := ss.load(ctx, id)
	if err != nil {
		return 0, err
	}
	return ss.fill(ctx, actor, s)
}

// FillAll is Fill for every series of every co-op account: what the
// periodic job runs, so that each series' window moves on with the clock.
func (ss *Service) FillAll(ctx context.Context) (int, error) {
	actors, err := ss.store.ActorList(ctx, model.ActorGroup)
	if err != nil {
		return 0, err
	}
	made := 0
	var errs []error
	for _, actor := range actors {
		list, err := ss.store.SeriesList(ctx, actor.ID)
		if err != nil {
			return made, err
		}
		for _, s := range list {
			n, err := ss.Fill(ctx, s.ID)
			made += n
			if err != nil {
				errs = append(errs, fmt.Errorf("series %d: %w", s.ID, err))
			}
		}
	}
	return made, errors.Join(errs...)
}

func (ss *Service) fill(ctx context.Context, actor model.Actor, s model.Series) (int, error) {
	sched, err := Schedule(s)
	if err != nil {
		return 0, fmt.Errorf("series %d: %w", s.ID, err)
	}
	made, err := ss.store.SeriesOccurrences(ctx, s.ID)
	if err != nil {
		return 0, err
	}
	have := make(map[time.Time]bool, len(made))
	for _, o := range made {
		have[o.RecurrenceID.UTC()] = true
	}
	n := 0
	for _, o := range sched.Next(ss.now(), Window) {
		rid := o.Start.UTC()
		if have[rid] {
			continue
		}
		in := ss.occurrenceInput(s, o)
		_, err := ss.gatherings.CreateGatheringWithin(ctx, actor.Handle, in, true, func(tx store.Tx, g model.Gathering) error {
			link := model.SeriesOccurrence{SeriesID: s.ID, GatheringID: g.ID, RecurrenceID: rid}
			if err := tx.SeriesOccurrenceLink(ctx, &link); err != nil {
				return err
			}
			if ss.made == nil {
				return nil
			}
			return ss.made(ctx, tx, link)
		})
		if errors.Is(err, store.ErrConflict) {
			continue // another process made it first
		}
		if err != nil {
			return n, fmt.Errorf("make occurrence %s of series %d: %w", rid.Format(time.RFC3339), s.ID, err)
		}
		n++
	}
	return n, nil
}

// occurrenceInput is the gathering an occurrence starts as. With the link
// for attendees only, the public online address is the series' page
// (which says the link goes to those who RSVP), never the call itself.
func (ss *Service) occurrenceInput(s model.Series, o recur.Occurrence) *input.GatheringInput {
	online := s.CallURL
	if s.LinkForAttendees {
		online = ss.urls.Series(s.ID)
	}
	in := &input.GatheringInput{Title: s.Title, Summary: s.Summary, Description: s.Description, Timezone: s.Timezone,
		StartsAt: o.Start.Format(time.RFC3339), EndsAt: o.End.Format(time.RFC3339)}
	if s.Online || online != "" {
		in.OnlineURL = &online
	}
	return in
}

// Occurrences returns the made occurrences of a series, by recurrence id,
// for anyone: its page lists the published ones.
func (ss *Service) Occurrences(ctx context.Context, id int64) ([]Occurrence, error) {
	links, err := ss.store.SeriesOccurrences(ctx, id)
	if err != nil {
		return nil, err
	}
	out := make([]Occurrence, 0, len(links))
	for _, l := range links {
		g, err := ss.store.GatheringGet(ctx, l.GatheringID)
		if err != nil {
			return nil, err
		}
		out = append(out, Occurrence{RecurrenceID: l.RecurrenceID, Gathering: g})
	}
	return out, nil
}

// SplitFrom changes "this occurrence and the following": the series the
// gathering is an occurrence of ends before it, and a new series, from in
// (its rule the old one's from that date on when in.Rule is left out),
// takes over that occurrence and the made ones after it. It returns the
// new series.
func (ss *Service) SplitFrom(ctx context.Context, gatheringID int64, in *Input) (model.Series, error) {
	occ, err := ss.store.SeriesOccurrenceOf(ctx, gatheringID)
	if errors.Is(err, store.ErrNotFound) {
		// Whether it is an occurrence is for its organisers to learn.
		if err := ss.authorizeGathering(ctx, gatheringID); err != nil {
			return model.Series{}, err
		}
		return model.Series{}, apperr.Invalid("gathering", "gathering %d is not an occurrence of a series", gatheringID)
	}
	if err != nil {
		return model.Series{}, err
	}
	old, actor, err := ss.load(ctx, occ.SeriesID)
	if err != nil {
		return model.Series{}, err
	}
	if err := ss.acct.Authorize(ctx, actor, account.Write); err != nil {
		return model.Series{}, err
	}
	sched, err := Schedule(old)
	if err != nil {
		return model.Series{}, err
	}
	day := recur.DateOf(occ.RecurrenceID.In(sched.Loc))
	before, after, err := sched.Rule.SplitAt(day)
	if err != nil {
		return model.Series{}, apperr.Invalid("gathering", "cannot split the series here: %s", err.Error())
	}
	changed := *in
	if len(changed.Rule) == 0 || string(changed.Rule) == "null" {
		changed.Rule = json.RawMessage(after.String())
	}
	now := ss.now().UTC().Truncate(time.Second)
	next := model.Series{ActorID: actor.ID, CreatedAt: now, UpdatedAt: now}
	if err := check(&changed, &next); err != nil {
		return model.Series{}, err
	}
	links, err := ss.store.SeriesOccurrences(ctx, old.ID)
	if err != nil {
		return model.Series{}, err
	}
	var taken []model.SeriesOccurrence
	for _, l := range links {
		if !l.RecurrenceID.Before(occ.RecurrenceID) {
			taken = append(taken, l)
		}
	}
	nextSched, err := Schedule(next)
	if err != nil {
		return model.Series{}, err
	}
	moves := relink(taken, nextSched, occ.RecurrenceID)
	err = ss.store.InTx(ctx, func(tx store.Tx) error {
		old.Rule, old.UpdatedAt = before.String(), now
		if _, err := tx.SeriesUpdate(ctx, &old, old.Version); err != nil {
			return err
		}
		if next.ID, err = tx.SeriesCreate(ctx, &next); err != nil {
			return err
		}
		// Those who said "all of them" still mean the calls that follow.
		if _, err := tx.StandingCopy(ctx, old.ID, next.ID); err != nil {
			return err
		}
		for _, m := range moves {
			l := m.link
			l.SeriesID = next.ID
			if m.to != nil {
				l.RecurrenceID = m.to.Start.UTC()
			}
			if err := tx.SeriesOccurrenceLink(ctx, &l); err != nil {
				return err
			}
			// A new call link from here on is a rotation for these.
			if m.to != nil && next.CallURL != "" && next.CallURL != old.CallURL {
				args := reminder.CallLinkArgs{GatheringID: l.GatheringID, CallURL: next.CallURL, Previous: old.CallURL, RotatedAt: now}
				if err := tx.Enqueue(ctx, args, nil); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return model.Series{}, err
	}
	next.Version = 1
	if err := ss.applyMoves(ctx, next, moves); err != nil {
		return next, err
	}
	// The occurrences it took over showed the old series' link (its call,
	// or its page); they show the new one's.
	if err := ss.movePublicLink(ctx, next, ss.publicLink(old)); err != nil {
		return next, err
	}
	if _, err := ss.fill(ctx, actor, next); err != nil {
		return next, fmt.Errorf("series %d saved, its occurrences not yet: %w", next.ID, err)
	}
	return next, nil
}

// move is what SplitFrom does to one occurrence it takes over: the
// occurrence link, and the new series' occurrence it becomes (nil: the
// new rule has no place for it, and it is cancelled).
type move struct {
	link model.SeriesOccurrence
	to   *recur.Occurrence
}

// relink pairs the occurrences taken over by a split, in order, with the
// new schedule's occurrences from the split's on: the k-th made
// occurrence becomes the k-th of the new rule, at its time and under its
// recurrence id, so that the new series' fill finds it made and makes no
// second gathering that week. The links are ordered so that rewriting
// their recurrence ids one by one never has two occurrences of the new
// series share one (latest first when the occurrences move later).
func relink(taken []model.SeriesOccurrence, sched recur.Schedule, from time.Time) []move {
	if len(taken) == 0 {
		return nil
	}
	// The new rule's occurrences from the split's day on, whatever their
	// time of day (a new start may be earlier in the day).
	day := recur.DateOf(from.In(sched.Loc))
	var next []recur.Occurrence
	for _, o := range sched.Next(from.Add(-48*time.Hour), len(taken)+3) {
		if !recur.DateOf(o.Start.In(sched.Loc)).Before(day) && len(next) < len(taken) {
			next = append(next, o)
		}
	}
	moves := make([]move, len(taken))
	later := false
	for i, l := range taken {
		moves[i].link = l
		if i < len(next) {
			o := next[i]
			moves[i].to = &o
			later = later || o.Start.After(l.RecurrenceID)
		}
	}
	if later {
		slices.Reverse(moves)
	}
	return moves
}

// applyMoves puts each gathering taken over by a split at its new
// occurrence's time (its followers get the change, its reminders move),
// and cancels those the new rule has no place for.
func (ss *Service) applyMoves(ctx context.Context, s model.Series, moves []move) error {
	for _, m := range moves {
		g, err := ss.store.GatheringGet(ctx, m.link.GatheringID)
		if err != nil {
			return err
		}
		if g.Status == model.StatusCancelled {
			continue
		}
		if m.to == nil {
			if _, err := ss.gatherings.CancelGathering(ctx, g.ID); err != nil {
				return fmt.Errorf("series %d saved, occurrence %d not cancelled: %w", s.ID, g.ID, err)
			}
			continue
		}
		if g.StartsAt.Equal(m.to.Start) && g.EndsAt.Equal(m.to.End) {
			continue
		}
		local := func(t time.Time) string { return t.In(m.to.Start.Location()).Format("2006-01-02T15:04") }
		patch, err := json.Marshal(map[string]string{"timezone": s.Timezone, "starts_at": local(m.to.Start), "ends_at": local(m.to.End)})
		if err != nil {
			return err
		}
		if _, err := ss.gatherings.UpdateGathering(ctx, g.ID, patch, 0); err != nil {
			return fmt.Errorf("series %d saved, occurrence %d not moved to %s: %w", s.ID, g.ID, m.to.Start.Format(time.RFC3339), err)
		}
	}
	return nil
}

// FillArgs is the periodic job that runs FillAll.
type FillArgs struct{}

// Kind implements river.JobArgs.
func (FillArgs) Kind() string { return "series_fill" }

// authorizeGathering fails unless the principal may change the gathering
// (ErrNotFound when there is none).
func (ss *Service) authorizeGathering(ctx context.Context, gatheringID int64) error {
	g, err := ss.store.GatheringGet(ctx, gatheringID)
	if err != nil {
		return err
	}
	actor, err := ss.store.ActorGetByID(ctx, g.ActorID)
	if err != nil {
		return err
	}
	return ss.acct.Authorize(ctx, actor, account.Write)
}
