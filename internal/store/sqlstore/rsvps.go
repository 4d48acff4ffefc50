package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/rowscan"
)

const rsvpColumns = rowscan.RsvpColumns

// sameEvent matches an event: the gathering, and the session or none.
const sameEvent = `rsvps.gathering_id = $1 AND COALESCE(rsvps.session_id, 0) = COALESCE(CAST($2 AS bigint), 0)`

const rsvpGetSQL = `SELECT ` + rsvpColumns + ` FROM rsvps WHERE ` + sameEvent + `
	AND COALESCE(rsvps.remote_actor_id, 0) = COALESCE(CAST($3 AS bigint), 0) AND rsvps.guest_key = $4`

func (q Queries) RSVPGet(ctx context.Context, k store.RSVPKey) (model.RSVP, error) {
	r, err := rowscan.ScanRSVP(q.read.QueryRow(ctx, rsvpGetSQL, k.GatheringID, k.SessionID, k.RemoteActorID, k.GuestKey))
	if err != nil {
		return model.RSVP{}, fmt.Errorf("get RSVP: %w", err)
	}
	return r, nil
}

const rsvpInsertSQL = `INSERT INTO rsvps (gathering_id, session_id, remote_actor_id, guest_name, guest_key, status, channel,
	activity_uri, waitlisted_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ` + rsvpColumns

const rsvpUpdateSQL = `UPDATE rsvps SET guest_name = $1, status = $2, channel = $3, activity_uri = $4, waitlisted_at = $5, updated_at = $6
	WHERE id = $7 RETURNING ` + rsvpColumns

func (q Queries) RSVPSave(ctx context.Context, r *model.RSVP) (model.RSVP, error) {
	id := r.ID
	if id == 0 {
		existing, err := q.RSVPGet(ctx, store.RSVPKey{GatheringID: r.GatheringID, SessionID: r.SessionID, RemoteActorID: r.RemoteActorID, GuestKey: r.GuestKey})
		if err != nil && !errorIsNotFound(err) {
			return model.RSVP{}, fmt.Errorf("save RSVP: %w", err)
		}
		id = existing.ID
	}
	var saved model.RSVP
	var err error
	if id != 0 {
		saved, err = rowscan.ScanRSVP(q.write.QueryRow(ctx, rsvpUpdateSQL, r.GuestName, r.Status, r.Channel, r.ActivityURI,
			utcOrNil(r.WaitlistedAt), r.UpdatedAt.UTC(), id))
	} else {
		saved, err = rowscan.ScanRSVP(q.write.QueryRow(ctx, rsvpInsertSQL, r.GatheringID, r.SessionID, r.RemoteActorID, r.GuestName,
			r.GuestKey, r.Status, r.Channel, r.ActivityURI, utcOrNil(r.WaitlistedAt), r.UpdatedAt.UTC(), r.UpdatedAt.UTC()))
	}
	if err != nil {
		return model.RSVP{}, fmt.Errorf("save RSVP: %w", err)
	}
	if _, err := q.write.Exec(ctx, `INSERT INTO rsvp_changes (rsvp_id, status, channel, activity_uri, changed_at) VALUES ($1, $2, $3, $4, $5)`,
		saved.ID, saved.Status, saved.Channel, saved.ActivityURI, saved.UpdatedAt.UTC()); err != nil {
		return model.RSVP{}, fmt.Errorf("record RSVP change: %w", err)
	}
	return saved, nil
}

func (q Queries) RSVPCounts(ctx context.Context, gatheringID int64, sessionID *int64) (map[model.RSVPStatus]int, error) {
	rows, err := q.read.Query(ctx, `SELECT status, count(*) FROM rsvps WHERE `+sameEvent+` GROUP BY status`, gatheringID, sessionID)
	if err != nil {
		return nil, fmt.Errorf("count RSVPs: %w", err)
	}
	defer rows.Close()
	counts := map[model.RSVPStatus]int{}
	for rows.Next() {
		var s model.RSVPStatus
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, fmt.Errorf("count RSVPs: %w", err)
		}
		counts[s] = n
	}
	return counts, rows.Err()
}

func (q Queries) RSVPWaitlist(ctx context.Context, gatheringID int64, sessionID *int64) ([]model.RSVP, error) {
	return q.rsvpQuery(ctx, `SELECT `+rsvpColumns+` FROM rsvps WHERE `+sameEvent+` AND rsvps.status = 'waitlisted'
		ORDER BY rsvps.waitlisted_at, rsvps.id`, gatheringID, sessionID)
}

func (q Queries) RSVPListByActivity(ctx context.Context, activityURI string) ([]model.RSVP, error) {
	return q.rsvpQuery(ctx, `SELECT `+rsvpColumns+` FROM rsvps WHERE rsvps.activity_uri = $1 ORDER BY rsvps.id`, activityURI)
}

func (q Queries) RSVPListByPerson(ctx context.Context, remoteActorID int64, now time.Time) ([]model.RSVP, error) {
	return q.rsvpQuery(ctx, `SELECT `+rsvpColumns+` FROM rsvps WHERE rsvps.remote_actor_id = $1
		AND rsvps.gathering_id IN (SELECT id FROM gatherings WHERE ends_at > $2) ORDER BY rsvps.id`, remoteActorID, now.UTC())
}

// scanRSVP is rowscan.ScanRSVP without extra columns.
func scanRSVP(row rowscan.Row) (model.RSVP, error) { return rowscan.ScanRSVP(row) }

func (q Queries) rsvpQuery(ctx context.Context, query string, args ...any) ([]model.RSVP, error) {
	out, err := list(ctx, q.read, scanRSVP, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list RSVPs: %w", err)
	}
	return out, nil
}

const rsvpListSQL = `SELECT ` + rsvpColumns + `, ` + remoteActorNullableColumns + `
	FROM rsvps LEFT JOIN remote_actors ON remote_actors.id = rsvps.remote_actor_id
	WHERE rsvps.gathering_id = $1
	ORDER BY COALESCE(rsvps.session_id, 0), rsvps.updated_at, rsvps.id`

// remoteActorNullableColumns are a LEFT JOINed remote actor's columns.
const remoteActorNullableColumns = `remote_actors.id, remote_actors.uri, remote_actors.host, remote_actors.username,
	remote_actors.name, remote_actors.url, remote_actors.icon_url, remote_actors.inbox, remote_actors.shared_inbox`

func (q Queries) RSVPList(ctx context.Context, gatheringID int64) ([]model.RSVP, error) {
	rows, err := q.read.Query(ctx, rsvpListSQL, gatheringID)
	if err != nil {
		return nil, fmt.Errorf("list RSVPs of gathering %d: %w", gatheringID, err)
	}
	defer rows.Close()
	var out []model.RSVP
	for rows.Next() {
		var id *int64
		var uri, host, username, name, url, icon, inbox, shared *string
		r, err := rowscan.ScanRSVP(rows, &id, &uri, &host, &username, &name, &url, &icon, &inbox, &shared)
		if err != nil {
			return nil, fmt.Errorf("list RSVPs of gathering %d: %w", gatheringID, err)
		}
		if id != nil {
			r.Person = &model.RemoteActor{ID: *id, URI: *uri, Host: *host, Username: *username, Name: *name, URL: *url,
				IconURL: *icon, Inbox: *inbox, SharedInbox: *shared}
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func (q Queries) RSVPDelete(ctx context.Context, id int64) error {
	if _, err := q.write.Exec(ctx, `DELETE FROM rsvps WHERE id = $1`, id); err != nil {
		return fmt.Errorf("delete RSVP %d: %w", id, err)
	}
	return nil
}

func (q Queries) RSVPLastChange(ctx context.Context, gatheringID int64, sessionID *int64) (time.Time, error) {
	// ORDER BY rather than max(): SQLite types the column, not the aggregate.
	var last time.Time
	err := q.read.QueryRow(ctx, `SELECT rsvps.updated_at FROM rsvps WHERE `+sameEvent+`
		ORDER BY rsvps.updated_at DESC LIMIT 1`, gatheringID, sessionID).Scan(&last)
	if errorIsNotFound(err) {
		return time.Time{}, nil
	}
	return last, err
}
