package gathering

import (
	"context"
	"errors"
	"slices"

	"github.com/gather-coop/gather/internal/app/apperr"
	"github.com/gather-coop/gather/internal/app/input"
	"github.com/gather-coop/gather/internal/app/reminder"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// setReminders saves in.Reminders, when given, as the gathering's own
// (empty: back to the default), in the change's transaction, before its
// reminders are scheduled. An occurrence of a series is reminded as its
// series is: it takes none of its own, but the list the API shows for it
// (its series') comes back unchanged without an error.
func setReminders(ctx context.Context, tx store.Tx, g model.Gathering, in *input.GatheringInput) error {
	if in.Reminders == nil {
		return nil
	}
	offsets, err := input.Reminders(*in.Reminders)
	if err != nil {
		return err
	}
	_, err = tx.SeriesOccurrenceOf(ctx, g.ID)
	if errors.Is(err, store.ErrNotFound) {
		return tx.GatheringRemindersSet(ctx, g.ID, offsets)
	}
	if err != nil {
		return err
	}
	series, err := reminder.Offsets(ctx, tx, g)
	if err != nil {
		return err
	}
	if len(offsets) == 0 || slices.Equal(offsets, series) {
		return nil
	}
	return apperr.Invalid("reminders", "an occurrence is reminded as its series is: change the series' reminder_minutes")
}

// setSlotPolls saves in.SlotPolls, when given, in the change's
// transaction, before the slot polls are sent or closed by it.
func setSlotPolls(ctx context.Context, tx store.Tx, g model.Gathering, in *input.GatheringInput) error {
	if in.SlotPolls == nil {
		return nil
	}
	return tx.GatheringSlotPollsSet(ctx, g.ID, *in.SlotPolls)
}

// setMyDay saves in.MyDay, when given, in the change's transaction,
// before the days' notes are scheduled by it.
func setMyDay(ctx context.Context, tx store.Tx, g model.Gathering, in *input.GatheringInput) error {
	if in.MyDay == nil {
		return nil
	}
	at, err := input.MyDay(*in.MyDay)
	if err != nil {
		return err
	}
	return tx.GatheringMyDaySet(ctx, g.ID, at)
}

// withReminders fills out's reminders: those the gathering's people get
// (its own, its series', or the default), its slot polls switch and its
// "my day" time.
func (gs *Service) withReminders(ctx context.Context, out *GatheringOutput, g model.Gathering) error {
	offsets, err := reminder.Offsets(ctx, gs.store, g)
	if err != nil {
		return err
	}
	list := input.FormatReminders(offsets)
	out.Reminders = &list
	on, err := gs.store.GatheringSlotPolls(ctx, g.ID)
	if err != nil {
		return err
	}
	out.SlotPolls = &on
	at, err := gs.store.GatheringMyDay(ctx, g.ID)
	if err != nil {
		return err
	}
	myDay := input.FormatMyDay(at)
	out.MyDay = &myDay
	return nil
}
