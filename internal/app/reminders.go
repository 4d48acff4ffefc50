package app

import (
	"context"
	"slices"
	"time"

	"github.com/gather-coop/gather/internal/app/account"
	"github.com/gather-coop/gather/internal/app/input"
	"github.com/gather-coop/gather/internal/app/reminder"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// ReminderArgs is the job that reminds those going to a gathering
// (package reminder).
type ReminderArgs = reminder.Args

// SendReminder is the reminder job's work: a direct note to each person
// going who was not reminded of this start by this reminder yet; nothing
// for a gathering since moved, cancelled or deleted.
func (a *App) SendReminder(ctx context.Context, args ReminderArgs) error {
	return a.reminders.Send(ctx, args)
}

// CallLinkArgs is the job that tells those going to a coming occurrence
// of a series its new call link (package reminder).
type CallLinkArgs = reminder.CallLinkArgs

// SendCallLink is the rotation job's work: a direct note with the new
// link to each person going, not blocked, not told yet.
func (a *App) SendCallLink(ctx context.Context, args CallLinkArgs) error {
	return a.reminders.SendCallLink(ctx, args)
}

// MaxReminders is how many reminders a gathering may have.
const MaxReminders = input.MaxReminders

// GatheringReminders returns the reminders those going to a gathering
// get, largest first: its own, its series', or the default.
func (a *App) GatheringReminders(ctx context.Context, id int64) ([]time.Duration, error) {
	g, err := a.store.GatheringGet(ctx, id)
	if err != nil {
		return nil, err
	}
	actor, err := a.store.ActorGetByID(ctx, g.ActorID)
	if err != nil {
		return nil, err
	}
	if err := a.acct.Authorize(ctx, actor, account.Read); err != nil {
		return nil, err
	}
	return reminder.Offsets(ctx, a.store, g)
}

// SetGatheringReminders sets a gathering's own reminders (none: back to
// the default), each a whole number of minutes from 1 minute to 30 days
// before it starts, at most MaxReminders, and schedules those still to
// come. An occurrence of a series follows its series' reminders.
func (a *App) SetGatheringReminders(ctx context.Context, id int64, offsets []time.Duration) error {
	if len(offsets) > MaxReminders {
		return invalid("reminders", "at most %d reminders", MaxReminders)
	}
	offsets = slices.Clone(offsets)
	for _, d := range offsets {
		if d < time.Minute || d > 30*24*time.Hour || d%time.Minute != 0 {
			return invalid("reminders", "a reminder is a whole number of minutes, from 1 minute to 30 days before")
		}
	}
	slices.SortFunc(offsets, func(x, y time.Duration) int { return int(y/time.Second - x/time.Second) })
	offsets = slices.Compact(offsets)
	return a.store.InTx(ctx, func(tx store.Tx) error {
		g, err := tx.GatheringGet(ctx, id)
		if err != nil {
			return err
		}
		actor, err := tx.ActorGetByID(ctx, g.ActorID)
		if err != nil {
			return err
		}
		if err := a.acct.Authorize(ctx, actor, account.Write); err != nil {
			return err
		}
		if g.Status == model.StatusCancelled {
			return invalid("status", "this gathering is cancelled: it reminds nobody")
		}
		if err := tx.GatheringRemindersSet(ctx, id, offsets); err != nil {
			return err
		}
		return a.reminders.Schedule(ctx, tx, g)
	})
}
