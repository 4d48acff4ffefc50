package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/rowscan"
)

const rsvpColumns = rowscan.RsvpColumns

func scanRSVP(row rowscan.Row, extra ...any) (model.RSVP, error) {
	r, err := rowscan.ScanRSVP(row, extra...)
	return r, interpretError(err)
}

// EventLock implements store.Queries with a row lock on the session, or
// the gathering, held until the transaction ends.
func (q queries) EventLock(ctx context.Context, gatheringID int64, sessionID *int64) error {
	var err error
	if sessionID != nil {
		_, err = q.q.Exec(ctx, `SELECT 1 FROM sessions WHERE id = $1 FOR UPDATE`, *sessionID)
	} else {
		_, err = q.q.Exec(ctx, `SELECT 1 FROM gatherings WHERE id = $1 FOR UPDATE`, gatheringID)
	}
	if err != nil {
		return fmt.Errorf("lock event: %w", interpretError(err))
	}
	return nil
}

// sameEvent matches an event: the gathering, and the session or none.
const sameEvent = `rsvps.gathering_id = $1 AND COALESCE(rsvps.session_id, 0) = COALESCE($2::bigint, 0)`

const rsvpGetSQL = `SELECT ` + rsvpColumns + ` FROM rsvps WHERE ` + sameEvent + `
	AND COALESCE(rsvps.remote_actor_id, 0) = COALESCE($3::bigint, 0) AND rsvps.guest_key = $4`

func (q queries) RSVPGet(ctx context.Context, k store.RSVPKey) (model.RSVP, error) {
	r, err := scanRSVP(q.q.QueryRow(ctx, rsvpGetSQL, k.GatheringID, k.SessionID, k.RemoteActorID, k.GuestKey))
	if err != nil {
		return model.RSVP{}, fmt.Errorf("get RSVP: %w", err)
	}
	return r, nil
}

// RSVPSave writes the answer and records the change in one statement: it
// runs while the event's lock is held, so each round trip saved is one
// less every other answer to the event waits for. Without an id, the
// person's answer to the event, if there is one, is updated (the unique
// index rsvps_event_person decides), as looking it up first would.
const rsvpUpsertSQL = `WITH saved AS (
	INSERT INTO rsvps (gathering_id, session_id, remote_actor_id, guest_name, guest_key, status, channel,
		activity_uri, waitlisted_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
	ON CONFLICT (gathering_id, COALESCE(session_id, 0), COALESCE(remote_actor_id, 0), guest_key) DO UPDATE SET
		guest_name = EXCLUDED.guest_name, status = EXCLUDED.status, channel = EXCLUDED.channel,
		activity_uri = EXCLUDED.activity_uri, waitlisted_at = EXCLUDED.waitlisted_at, updated_at = EXCLUDED.updated_at
	RETURNING *
), change AS (
	INSERT INTO rsvp_changes (rsvp_id, status, channel, activity_uri, changed_at)
	SELECT id, status, channel, activity_uri, updated_at FROM saved
)
SELECT ` + rsvpColumns + ` FROM saved AS rsvps`

const rsvpUpdateSQL = `WITH saved AS (
	UPDATE rsvps SET guest_name = $1, status = $2, channel = $3, activity_uri = $4, waitlisted_at = $5, updated_at = $6
	WHERE id = $7 RETURNING *
), change AS (
	INSERT INTO rsvp_changes (rsvp_id, status, channel, activity_uri, changed_at)
	SELECT id, status, channel, activity_uri, updated_at FROM saved
)
SELECT ` + rsvpColumns + ` FROM saved AS rsvps`

func (q queries) RSVPSave(ctx context.Context, r *model.RSVP) (model.RSVP, error) {
	var saved model.RSVP
	var err error
	if r.ID != 0 {
		saved, err = scanRSVP(q.q.QueryRow(ctx, rsvpUpdateSQL, r.GuestName, r.Status, r.Channel, r.ActivityURI,
			utcOrNil(r.WaitlistedAt), r.UpdatedAt.UTC(), r.ID))
	} else {
		saved, err = scanRSVP(q.q.QueryRow(ctx, rsvpUpsertSQL, r.GatheringID, r.SessionID, r.RemoteActorID, r.GuestName,
			r.GuestKey, r.Status, r.Channel, r.ActivityURI, utcOrNil(r.WaitlistedAt), r.UpdatedAt.UTC()))
	}
	if err != nil {
		return model.RSVP{}, fmt.Errorf("save RSVP: %w", err)
	}
	return saved, nil
}

func utcOrNil(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC()
}

func (q queries) RSVPCounts(ctx context.Context, gatheringID int64, sessionID *int64) (map[model.RSVPStatus]int, error) {
	rows, err := q.q.Query(ctx, `SELECT status, count(*) FROM rsvps WHERE `+sameEvent+` GROUP BY status`, gatheringID, sessionID)
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

func (q queries) RSVPWaitlist(ctx context.Context, gatheringID int64, sessionID *int64) ([]model.RSVP, error) {
	return q.rsvpQuery(ctx, `SELECT `+rsvpColumns+` FROM rsvps WHERE `+sameEvent+` AND rsvps.status = 'waitlisted'
		ORDER BY rsvps.waitlisted_at, rsvps.id`, gatheringID, sessionID)
}

func (q queries) RSVPListByActivity(ctx context.Context, activityURI string) ([]model.RSVP, error) {
	return q.rsvpQuery(ctx, `SELECT `+rsvpColumns+` FROM rsvps WHERE rsvps.activity_uri = $1 ORDER BY rsvps.id`, activityURI)
}

func (q queries) RSVPListByPerson(ctx context.Context, remoteActorID int64, now time.Time) ([]model.RSVP, error) {
	return q.rsvpQuery(ctx, `SELECT `+rsvpColumns+` FROM rsvps WHERE rsvps.remote_actor_id = $1
		AND rsvps.gathering_id IN (SELECT id FROM gatherings WHERE ends_at > $2) ORDER BY rsvps.id`, remoteActorID, now.UTC())
}

func (q queries) rsvpQuery(ctx context.Context, query string, args ...any) ([]model.RSVP, error) {
	rows, err := q.q.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list RSVPs: %w", err)
	}
	defer rows.Close()
	var out []model.RSVP
	for rows.Next() {
		r, err := scanRSVP(rows)
		if err != nil {
			return nil, fmt.Errorf("list RSVPs: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

const rsvpListSQL = `SELECT ` + rsvpColumns + `, ` + remoteActorNullableColumns + `
	FROM rsvps LEFT JOIN remote_actors ON remote_actors.id = rsvps.remote_actor_id
	WHERE rsvps.gathering_id = $1
	ORDER BY COALESCE(rsvps.session_id, 0), rsvps.updated_at, rsvps.id`

// remoteActorNullableColumns are a LEFT JOINed remote actor's columns.
const remoteActorNullableColumns = `remote_actors.id, remote_actors.uri, remote_actors.host, remote_actors.username,
	remote_actors.name, remote_actors.url, remote_actors.icon_url, remote_actors.inbox, remote_actors.shared_inbox`

func (q queries) RSVPList(ctx context.Context, gatheringID int64) ([]model.RSVP, error) {
	rows, err := q.q.Query(ctx, rsvpListSQL, gatheringID)
	if err != nil {
		return nil, fmt.Errorf("list RSVPs of gathering %d: %w", gatheringID, err)
	}
	defer rows.Close()
	var out []model.RSVP
	for rows.Next() {
		var id *int64
		var uri, host, username, name, url, icon, inbox, shared *string
		r, err := scanRSVP(rows, &id, &uri, &host, &username, &name, &url, &icon, &inbox, &shared)
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

func (q queries) RSVPDelete(ctx context.Context, id int64) error {
	if _, err := q.q.Exec(ctx, `DELETE FROM rsvps WHERE id = $1`, id); err != nil {
		return fmt.Errorf("delete RSVP %d: %w", id, interpretError(err))
	}
	return nil
}

func (q queries) RSVPLastChange(ctx context.Context, gatheringID int64, sessionID *int64) (time.Time, error) {
	var last *time.Time
	err := q.q.QueryRow(ctx, `SELECT max(rsvps.updated_at) FROM rsvps WHERE `+sameEvent, gatheringID, sessionID).Scan(&last)
	if err != nil || last == nil {
		return time.Time{}, err
	}
	return *last, nil
}
