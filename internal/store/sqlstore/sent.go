package sqlstore

import (
	"context"
	"strconv"
	"strings"
)

// The reminders and the "my day" notes each record who was sent what, one
// row per person, so that a retry or a second node never sends twice.

// sentTo runs query, which selects remote_actor_id, and returns the ids.
func sentTo(ctx context.Context, db DB, query string, args ...any) (map[int64]bool, error) {
	rows, err := db.Query(ctx, query, args...)
	if err != nil {
		return nil, err
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

// sentMarkBatch is how many rows one INSERT of markSent writes: well
// under SQLite's limit of 32,766 parameters.
const sentMarkBatch = 500

// markSent inserts one row per remote actor id: insert is the statement up
// to VALUES, its columns the fixed values' then remote_actor_id's.
func markSent(ctx context.Context, db DB, insert string, fixed []any, remoteActorIDs []int64) error {
	for len(remoteActorIDs) > 0 {
		n := min(len(remoteActorIDs), sentMarkBatch)
		var row strings.Builder
		row.WriteString("(")
		for i := range fixed {
			row.WriteString("$" + strconv.Itoa(i+1) + ", ")
		}
		head := row.String()
		var b strings.Builder
		b.WriteString(insert + " VALUES ")
		args := append([]any(nil), fixed...)
		for i, id := range remoteActorIDs[:n] {
			if i > 0 {
				b.WriteString(", ")
			}
			args = append(args, id)
			b.WriteString(head + "$" + strconv.Itoa(len(args)) + ")")
		}
		if _, err := db.Exec(ctx, b.String(), args...); err != nil {
			return err
		}
		remoteActorIDs = remoteActorIDs[n:]
	}
	return nil
}
