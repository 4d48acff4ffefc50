package sqlstore

import (
	"context"
	"fmt"
	"strconv"
	"strings"
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
	rows, err := q.read.Query(ctx, `SELECT remote_actor_id FROM reminders_sent
		WHERE gathering_id = $1 AND starts_at = $2 AND offset_seconds = $3`, gatheringID, startsAt.UTC(), int64(offset/time.Second))
	if err != nil {
		return nil, fmt.Errorf("reminders sent for gathering %d: %w", gatheringID, err)
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}

// reminderMarkBatch is how many rows one INSERT writes: well under
// SQLite's limit of 32,766 parameters.
const reminderMarkBatch = 500

func (q Queries) ReminderSentMark(ctx context.Context, gatheringID int64, startsAt time.Time, offset time.Duration, remoteActorIDs []int64, sentAt time.Time) error {
	for len(remoteActorIDs) > 0 {
		n := min(len(remoteActorIDs), reminderMarkBatch)
		var b strings.Builder
		b.WriteString(`INSERT INTO reminders_sent (gathering_id, starts_at, offset_seconds, sent_at, remote_actor_id) VALUES `)
		args := []any{gatheringID, startsAt.UTC(), int64(offset / time.Second), sentAt.UTC()}
		for i, id := range remoteActorIDs[:n] {
			if i > 0 {
				b.WriteString(", ")
			}
			args = append(args, id)
			b.WriteString("($1, $2, $3, $4, $" + strconv.Itoa(len(args)) + ")")
		}
		if _, err := q.write.Exec(ctx, b.String(), args...); err != nil {
			return fmt.Errorf("mark reminders sent for gathering %d: %w", gatheringID, err)
		}
		remoteActorIDs = remoteActorIDs[n:]
	}
	return nil
}
