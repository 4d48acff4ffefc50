package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/rowscan"
)

// remoteEventColumns are what lists read: all but raw, which only
// RemoteEventGet reads (remoteEventGetColumns). A Gather Event is some
// 4 kB of JSON, more than the rest of its row.
const remoteEventColumns = `e.id, e.source_id, e.object_uri, e.url, e.parent_uri, e.title, e.summary_html, e.content_html,
	e.starts_at, e.ends_at, e.timezone, e.place_name, e.place_address, e.latitude, e.longitude, e.online_url,
	e.status, e.picture_url, e.published_at, e.updated_at, e.version, '', e.received_at, s.handle, s.actor_uri`

var remoteEventGetColumns = strings.Replace(remoteEventColumns, "''", "e.raw", 1)

func scanRemoteEvent(row rowscan.Row) (model.RemoteEvent, error) {
	var e model.RemoteEvent
	err := row.Scan(&e.ID, &e.SourceID, &e.ObjectURI, &e.URL, &e.ParentURI, &e.Title, &e.SummaryHTML, &e.ContentHTML,
		&e.StartsAt, &e.EndsAt, &e.Timezone, &e.PlaceName, &e.PlaceAddress, &e.Latitude, &e.Longitude, &e.OnlineURL,
		&e.Status, &e.PictureURL, &e.PublishedAt, &e.UpdatedAt, &e.Version, &e.Raw, &e.ReceivedAt,
		&e.SourceHandle, &e.SourceActorURI)
	return e, err
}

// remoteEventUpsertSQL replaces a stored copy only when it is the same
// source's and the new copy is newer: a replayed or reordered Update of
// an older version changes nothing, and neither does another source's
// claim to the id (the statement then writes no row; the caller tells
// the two apart). Without versions on either side, the last one received
// wins.
const remoteEventUpsertSQL = `INSERT INTO remote_events (source_id, object_uri, url, parent_uri, title, summary_html, content_html,
	starts_at, ends_at, timezone, place_name, place_address, latitude, longitude, online_url, status, picture_url,
	published_at, updated_at, version, raw, received_at)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)
	ON CONFLICT (object_uri) DO UPDATE SET url = excluded.url, parent_uri = excluded.parent_uri, title = excluded.title,
		summary_html = excluded.summary_html, content_html = excluded.content_html, starts_at = excluded.starts_at,
		ends_at = excluded.ends_at, timezone = excluded.timezone, place_name = excluded.place_name,
		place_address = excluded.place_address, latitude = excluded.latitude, longitude = excluded.longitude,
		online_url = excluded.online_url, status = excluded.status, picture_url = excluded.picture_url,
		published_at = excluded.published_at, updated_at = excluded.updated_at, version = excluded.version,
		raw = excluded.raw, received_at = excluded.received_at
	WHERE remote_events.source_id = excluded.source_id
		AND (remote_events.version IS NULL OR excluded.version > remote_events.version)`

func (q Queries) RemoteEventUpsert(ctx context.Context, e *model.RemoteEvent) (bool, error) {
	status := e.Status
	if status == "" {
		status = "EventScheduled"
	}
	n, err := q.write.Exec(ctx, remoteEventUpsertSQL, e.SourceID, e.ObjectURI, e.URL, e.ParentURI, e.Title,
		e.SummaryHTML, e.ContentHTML, e.StartsAt.UTC(), utcOrNil(e.EndsAt), e.Timezone, e.PlaceName, e.PlaceAddress,
		e.Latitude, e.Longitude, e.OnlineURL, status, e.PictureURL, utcOrNil(e.PublishedAt), utcOrNil(e.UpdatedAt),
		utcOrNil(e.Version), e.Raw, e.ReceivedAt.UTC())
	if err != nil {
		return false, fmt.Errorf("store remote event %s: %w", e.ObjectURI, err)
	}
	if n > 0 {
		return true, nil
	}
	var owner int64
	if err := q.write.QueryRow(ctx, `SELECT source_id FROM remote_events WHERE object_uri = $1`, e.ObjectURI).Scan(&owner); err != nil {
		return false, fmt.Errorf("store remote event %s: %w", e.ObjectURI, err)
	}
	if owner != e.SourceID {
		return false, fmt.Errorf("store remote event %s of source %d: source %d has it: %w", e.ObjectURI, e.SourceID, owner, store.ErrConflict)
	}
	return false, nil
}

const remoteEventFrom = ` FROM remote_events e JOIN sources s ON s.id = e.source_id`

func (q Queries) RemoteEventGet(ctx context.Context, objectURI string) (model.RemoteEvent, error) {
	e, err := scanRemoteEvent(q.write.QueryRow(ctx, `SELECT `+remoteEventGetColumns+remoteEventFrom+` WHERE e.object_uri = $1`, objectURI))
	if err != nil {
		return model.RemoteEvent{}, fmt.Errorf("get remote event %s: %w", objectURI, err)
	}
	return e, nil
}

// RemoteEventDelete takes a gathering's sessions with it: a Delete names
// the gathering only (Gather sends one per object, but Gancio and
// Mobilizon know no sessions, and a session left behind would show on
// its own).
func (q Queries) RemoteEventDelete(ctx context.Context, sourceID int64, objectURI string) error {
	n, err := q.write.Exec(ctx, `DELETE FROM remote_events WHERE source_id = $1 AND (object_uri = $2 OR parent_uri = $2)`,
		sourceID, objectURI)
	if err := oneRow(n, err); err != nil {
		return fmt.Errorf("delete remote event %s of source %d: %w", objectURI, sourceID, err)
	}
	return nil
}

// remoteEventUpcomingSQL walks remote_events_starts_at (or the source's
// index) in order and stops at the limit. A session is listed on its own
// only when its gathering is not stored; otherwise it shows under it.
const remoteEventUpcomingSQL = `SELECT ` + remoteEventColumns + remoteEventFrom + `
	WHERE s.state = 'accepted' AND COALESCE(e.ends_at, e.starts_at) > $1
		AND (e.parent_uri = '' OR NOT EXISTS (SELECT 1 FROM remote_events p WHERE p.object_uri = e.parent_uri))`

func (q Queries) RemoteEventUpcoming(ctx context.Context, p *store.RemoteEventListParams) ([]model.RemoteEvent, error) {
	query := remoteEventUpcomingSQL
	args := []any{p.After.UTC()}
	if p.SourceID != 0 {
		query += ` AND e.source_id = ` + param(&args, p.SourceID)
	}
	query += ` ORDER BY e.starts_at, e.id LIMIT ` + param(&args, p.Limit)
	out, err := list(ctx, q.read, scanRemoteEvent, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list upcoming remote events: %w", err)
	}
	return out, nil
}

func (q Queries) RemoteEventSessions(ctx context.Context, parentURI string) ([]model.RemoteEvent, error) {
	out, err := list(ctx, q.read, scanRemoteEvent, `SELECT `+remoteEventColumns+remoteEventFrom+`
	WHERE e.parent_uri = $1 ORDER BY e.starts_at, e.id`, parentURI)
	if err != nil {
		return nil, fmt.Errorf("list sessions of remote event %s: %w", parentURI, err)
	}
	return out, nil
}
