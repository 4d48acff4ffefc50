package postgres

import (
	"context"
	"fmt"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store/rowscan"
)

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

// RSVPSave overrides sqlstore's: on PostgreSQL the answer is written and
// its change recorded in one statement. It runs while the event's lock is
// held, so each round trip saved is one less that every other answer to
// the event waits for. Without an id, the person's answer to the event,
// if there is one, is updated (the unique index rsvps_event_person
// decides), as looking it up first would. SQLite has no INSERT in a WITH,
// so it keeps sqlstore's three statements.
func (q queries) RSVPSave(ctx context.Context, r *model.RSVP) (model.RSVP, error) {
	var saved model.RSVP
	var err error
	if r.ID != 0 {
		saved, err = rowscan.ScanRSVP(q.q.QueryRow(ctx, rsvpUpdateSQL, r.GuestName, r.Status, r.Channel, r.ActivityURI,
			waitlistedAt(r), r.UpdatedAt.UTC(), r.ID))
	} else {
		saved, err = rowscan.ScanRSVP(q.q.QueryRow(ctx, rsvpUpsertSQL, r.GatheringID, r.SessionID, r.RemoteActorID, r.GuestName,
			r.GuestKey, r.Status, r.Channel, r.ActivityURI, waitlistedAt(r), r.UpdatedAt.UTC()))
	}
	if err != nil {
		return model.RSVP{}, fmt.Errorf("save RSVP: %w", interpretError(err))
	}
	return saved, nil
}

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
SELECT ` + rowscan.RsvpColumns + ` FROM saved AS rsvps`

const rsvpUpdateSQL = `WITH saved AS (
	UPDATE rsvps SET guest_name = $1, status = $2, channel = $3, activity_uri = $4, waitlisted_at = $5, updated_at = $6
	WHERE id = $7 RETURNING *
), change AS (
	INSERT INTO rsvp_changes (rsvp_id, status, channel, activity_uri, changed_at)
	SELECT id, status, channel, activity_uri, updated_at FROM saved
)
SELECT ` + rowscan.RsvpColumns + ` FROM saved AS rsvps`

// waitlistedAt is r's waitlisted time in UTC, or NULL.
func waitlistedAt(r *model.RSVP) any {
	if r.WaitlistedAt == nil {
		return nil
	}
	return r.WaitlistedAt.UTC()
}
