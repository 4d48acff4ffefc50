package sqlstore

import (
	"context"
	"fmt"
	"time"
)

func (q Queries) GatheringMyDay(ctx context.Context, gatheringID int64) (string, error) {
	var at string
	if err := q.read.QueryRow(ctx, `SELECT my_day FROM gatherings WHERE id = $1`, gatheringID).Scan(&at); err != nil {
		return "", fmt.Errorf("my day of gathering %d: %w", gatheringID, err)
	}
	return at, nil
}

func (q Queries) GatheringMyDaySet(ctx context.Context, gatheringID int64, at string) error {
	if err := oneRow(q.write.Exec(ctx, `UPDATE gatherings SET my_day = $1 WHERE id = $2`, at, gatheringID)); err != nil {
		return fmt.Errorf("set my day of gathering %d: %w", gatheringID, err)
	}
	return nil
}

func (q Queries) MyDaySent(ctx context.Context, gatheringID int64, day string) (map[int64]bool, error) {
	sent, err := sentTo(ctx, q.read, `SELECT remote_actor_id FROM my_day_sent WHERE gathering_id = $1 AND day = $2`, gatheringID, day)
	if err != nil {
		return nil, fmt.Errorf("my day notes sent for gathering %d: %w", gatheringID, err)
	}
	return sent, nil
}

func (q Queries) MyDaySentMark(ctx context.Context, gatheringID int64, day string, remoteActorIDs []int64, sentAt time.Time) error {
	err := markSent(ctx, q.write, `INSERT INTO my_day_sent (gathering_id, day, sent_at, remote_actor_id)`,
		[]any{gatheringID, day, sentAt.UTC()}, remoteActorIDs)
	if err != nil {
		return fmt.Errorf("mark my day notes sent for gathering %d: %w", gatheringID, err)
	}
	return nil
}

func (q Queries) MyCalendarToken(ctx context.Context, gatheringID, remoteActorID int64, token string, at time.Time) (string, error) {
	_, err := q.write.Exec(ctx, `INSERT INTO my_calendars (token, gathering_id, remote_actor_id, created_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (gathering_id, remote_actor_id) DO NOTHING`, token, gatheringID, remoteActorID, at.UTC())
	if err != nil {
		return "", fmt.Errorf("make the calendar of %d for gathering %d: %w", remoteActorID, gatheringID, err)
	}
	// Read through the writer: the row may be this transaction's own.
	var kept string
	err = q.write.QueryRow(ctx, `SELECT token FROM my_calendars WHERE gathering_id = $1 AND remote_actor_id = $2`,
		gatheringID, remoteActorID).Scan(&kept)
	if err != nil {
		return "", fmt.Errorf("calendar of %d for gathering %d: %w", remoteActorID, gatheringID, err)
	}
	return kept, nil
}

func (q Queries) MyCalendarGet(ctx context.Context, token string) (gatheringID, remoteActorID int64, err error) {
	var g *int64
	err = q.read.QueryRow(ctx, `SELECT gathering_id, remote_actor_id FROM my_calendars WHERE token = $1`, token).Scan(&g, &remoteActorID)
	if err != nil {
		return 0, 0, fmt.Errorf("personal calendar: %w", err)
	}
	if g != nil {
		gatheringID = *g
	}
	return gatheringID, remoteActorID, nil
}
