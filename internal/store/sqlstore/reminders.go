package sqlstore

import (
	"context"
	"fmt"
	"time"
)

func (q Queries) GatheringReminders(ctx context.Context, gatheringID int64) ([]time.Duration, error) {
	var s string
	if err := q.read.QueryRow(ctx, `SELECT reminders FROM gatherings WHERE id = $1`, gatheringID).Scan(&s); err != nil {
		return nil, fmt.Errorf("reminders of gathering %d: %w", gatheringID, err)
	}
	out, err := parseReminders(s)
	if err != nil {
		return nil, fmt.Errorf("gathering %d: %w", gatheringID, err)
	}
	return out, nil
}

func (q Queries) GatheringRemindersSet(ctx context.Context, gatheringID int64, offsets []time.Duration) error {
	err := oneRow(q.write.Exec(ctx, `UPDATE gatherings SET reminders = $1 WHERE id = $2`, formatReminders(offsets), gatheringID))
	if err != nil {
		return fmt.Errorf("set reminders of gathering %d: %w", gatheringID, err)
	}
	return nil
}

func (q Queries) RemindersSent(ctx context.Context, gatheringID int64, startsAt time.Time, offset time.Duration) (map[int64]bool, error) {
	sent, err := sentTo(ctx, q.read, `SELECT remote_actor_id FROM reminders_sent
		WHERE gathering_id = $1 AND starts_at = $2 AND offset_seconds = $3`, gatheringID, startsAt.UTC(), int64(offset/time.Second))
	if err != nil {
		return nil, fmt.Errorf("reminders sent for gathering %d: %w", gatheringID, err)
	}
	return sent, nil
}

func (q Queries) ReminderSentMark(ctx context.Context, gatheringID int64, startsAt time.Time, offset time.Duration, remoteActorIDs []int64, sentAt time.Time) error {
	err := markSent(ctx, q.write, `INSERT INTO reminders_sent (gathering_id, starts_at, offset_seconds, sent_at, remote_actor_id)`,
		[]any{gatheringID, startsAt.UTC(), int64(offset / time.Second), sentAt.UTC()}, remoteActorIDs)
	if err != nil {
		return fmt.Errorf("mark reminders sent for gathering %d: %w", gatheringID, err)
	}
	return nil
}
