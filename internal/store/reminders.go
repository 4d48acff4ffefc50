package store

import (
	"context"
	"time"
)

// ReminderQueries keep a gathering's own reminder offsets and who was
// reminded of what (sqlstore/reminders.go).
type ReminderQueries interface {
	// GatheringReminders returns the gathering's own reminder offsets,
	// largest first; none when it keeps the default. ErrNotFound when
	// the gathering does not exist.
	GatheringReminders(ctx context.Context, gatheringID int64) ([]time.Duration, error)
	// GatheringRemindersSet sets them; none goes back to the default.
	GatheringRemindersSet(ctx context.Context, gatheringID int64, offsets []time.Duration) error
	// RemindersSent returns the remote actors already sent the reminder
	// offset before the start startsAt of a gathering.
	RemindersSent(ctx context.Context, gatheringID int64, startsAt time.Time, offset time.Duration) (map[int64]bool, error)
	// ReminderSentMark records that remoteActorIDs were sent it, at
	// sentAt. ErrConflict when one of them was already.
	ReminderSentMark(ctx context.Context, gatheringID int64, startsAt time.Time, offset time.Duration, remoteActorIDs []int64, sentAt time.Time) error
}
