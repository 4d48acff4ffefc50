package sqlite

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/rowscan"
)

const gatheringColumns = rowscan.GatheringColumns

func scanGathering(row rowscan.Row) (model.Gathering, error) {
	v, err := rowscan.ScanGathering(row)
	return v, interpretError(err)
}

const gatheringCreateSQL = `INSERT INTO gatherings (actor_id, title, summary, description, timezone, starts_at, ends_at,
	venue_name, street_address, locality, postal_code, region, country, latitude, longitude,
	online_url, category, tags, status, rsvp_poll, day_of_signup, published_at, updated_at, created_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`

func (q queries) GatheringCreate(ctx context.Context, g *model.Gathering) (int64, error) {
	var id int64
	args := append(rowscan.GatheringArgs(g), g.CreatedAt.UTC())
	if err := q.write.QueryRowContext(ctx, gatheringCreateSQL, args...).Scan(&id); err != nil {
		return 0, fmt.Errorf("create gathering %q: %w", g.Title, interpretError(err))
	}
	return id, nil
}

const gatheringUpdateSQL = `UPDATE gatherings SET actor_id = ?, title = ?, summary = ?, description = ?, timezone = ?,
	starts_at = ?, ends_at = ?, venue_name = ?, street_address = ?, locality = ?, postal_code = ?, region = ?,
	country = ?, latitude = ?, longitude = ?, online_url = ?, category = ?, tags = ?, status = ?, rsvp_poll = ?,
	day_of_signup = ?, published_at = ?, updated_at = ?, version = version + 1
	WHERE id = ? AND (? = 0 OR version = ?)
	RETURNING ` + gatheringColumns

func (q queries) GatheringUpdate(ctx context.Context, g *model.Gathering, expectedVersion int) (model.Gathering, error) {
	args := append(rowscan.GatheringArgs(g), g.ID, expectedVersion, expectedVersion)
	updated, err := scanGathering(q.write.QueryRowContext(ctx, gatheringUpdateSQL, args...))
	if err == store.ErrNotFound {
		if _, gerr := q.GatheringGet(ctx, g.ID); gerr == nil {
			err = store.ErrStale
		}
	}
	if err != nil {
		return model.Gathering{}, fmt.Errorf("update gathering %d: %w", g.ID, err)
	}
	updated.Rooms, updated.Tracks = g.Rooms, g.Tracks
	return updated, nil
}

func (q queries) GatheringGet(ctx context.Context, id int64) (model.Gathering, error) {
	g, err := scanGathering(q.read.QueryRowContext(ctx, `SELECT `+gatheringColumns+` FROM gatherings WHERE id = ?`, id))
	if err != nil {
		return model.Gathering{}, fmt.Errorf("get gathering %d: %w", id, err)
	}
	if g.Rooms, err = q.roomList(ctx, id); err != nil {
		return model.Gathering{}, err
	}
	if g.Tracks, err = q.trackList(ctx, id); err != nil {
		return model.Gathering{}, err
	}
	return g, nil
}

func (q queries) GatheringList(ctx context.Context, p *store.GatheringListParams) ([]model.Gathering, error) {
	query := `SELECT ` + gatheringColumns + ` FROM gatherings WHERE actor_id = ?`
	args := []any{p.ActorID}
	if len(p.Statuses) > 0 {
		query += ` AND status IN (?` + strings.Repeat(", ?", len(p.Statuses)-1) + `)`
		for _, s := range p.Statuses {
			args = append(args, s)
		}
	}
	if !p.EndsAfter.IsZero() {
		query += ` AND ends_at > ?`
		args = append(args, p.EndsAfter.UTC())
	}
	if p.Descending {
		query += ` ORDER BY starts_at DESC, id DESC`
	} else {
		query += ` ORDER BY starts_at, id`
	}
	if p.Limit > 0 {
		query += ` LIMIT ?`
		args = append(args, p.Limit)
	}
	rows, err := q.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list gatherings: %w", err)
	}
	defer rows.Close()
	var out []model.Gathering
	for rows.Next() {
		g, err := scanGathering(rows)
		if err != nil {
			return nil, fmt.Errorf("list gatherings: %w", err)
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

func (q queries) GatheringDelete(ctx context.Context, id int64) error {
	if _, err := q.write.ExecContext(ctx, `DELETE FROM gatherings WHERE id = ?`, id); err != nil {
		return fmt.Errorf("delete gathering %d: %w", id, interpretError(err))
	}
	return nil
}

func (q queries) roomList(ctx context.Context, gatheringID int64) ([]model.Room, error) {
	rows, err := q.read.QueryContext(ctx, `SELECT id, name, capacity FROM rooms WHERE gathering_id = ? ORDER BY position`, gatheringID)
	if err != nil {
		return nil, fmt.Errorf("list rooms: %w", err)
	}
	defer rows.Close()
	var out []model.Room
	for rows.Next() {
		var r model.Room
		if err := rows.Scan(&r.ID, &r.Name, &r.Capacity); err != nil {
			return nil, fmt.Errorf("list rooms: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func (q queries) trackList(ctx context.Context, gatheringID int64) ([]model.Track, error) {
	rows, err := q.read.QueryContext(ctx, `SELECT id, name FROM tracks WHERE gathering_id = ? ORDER BY position`, gatheringID)
	if err != nil {
		return nil, fmt.Errorf("list tracks: %w", err)
	}
	defer rows.Close()
	var out []model.Track
	for rows.Next() {
		var t model.Track
		if err := rows.Scan(&t.ID, &t.Name); err != nil {
			return nil, fmt.Errorf("list tracks: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

const roomUpsertSQL = `INSERT INTO rooms (gathering_id, position, name, capacity) VALUES (?, ?, ?, ?)
	ON CONFLICT (gathering_id, name) DO UPDATE SET position = excluded.position, capacity = excluded.capacity
	RETURNING id`

func (q queries) RoomsSet(ctx context.Context, gatheringID int64, rooms []model.Room) ([]model.Room, error) {
	keep := make([]any, 0, len(rooms)+1)
	keep = append(keep, gatheringID)
	out := make([]model.Room, len(rooms))
	for i, r := range rooms {
		if err := q.write.QueryRowContext(ctx, roomUpsertSQL, gatheringID, i, r.Name, r.Capacity).Scan(&r.ID); err != nil {
			return nil, fmt.Errorf("set room %q: %w", r.Name, interpretError(err))
		}
		out[i] = r
		keep = append(keep, r.ID)
	}
	del := `DELETE FROM rooms WHERE gathering_id = ?`
	if len(rooms) > 0 {
		del += ` AND id NOT IN (?` + strings.Repeat(", ?", len(rooms)-1) + `)`
	}
	if _, err := q.write.ExecContext(ctx, del, keep...); err != nil {
		return nil, fmt.Errorf("drop rooms: %w", interpretError(err))
	}
	return out, nil
}

const trackUpsertSQL = `INSERT INTO tracks (gathering_id, position, name) VALUES (?, ?, ?)
	ON CONFLICT (gathering_id, name) DO UPDATE SET position = excluded.position
	RETURNING id`

func (q queries) TracksSet(ctx context.Context, gatheringID int64, tracks []model.Track) ([]model.Track, error) {
	keep := make([]any, 0, len(tracks)+1)
	keep = append(keep, gatheringID)
	out := make([]model.Track, len(tracks))
	for i, t := range tracks {
		if err := q.write.QueryRowContext(ctx, trackUpsertSQL, gatheringID, i, t.Name).Scan(&t.ID); err != nil {
			return nil, fmt.Errorf("set track %q: %w", t.Name, interpretError(err))
		}
		out[i] = t
		keep = append(keep, t.ID)
	}
	del := `DELETE FROM tracks WHERE gathering_id = ?`
	if len(tracks) > 0 {
		del += ` AND id NOT IN (?` + strings.Repeat(", ?", len(tracks)-1) + `)`
	}
	if _, err := q.write.ExecContext(ctx, del, keep...); err != nil {
		return nil, fmt.Errorf("drop tracks: %w", interpretError(err))
	}
	return out, nil
}

func (q queries) TombstoneCreate(ctx context.Context, uri, typ string, at time.Time) error {
	_, err := q.write.ExecContext(ctx, `INSERT INTO tombstones (uri, type, deleted_at) VALUES (?, ?, ?) ON CONFLICT (uri) DO NOTHING`, uri, typ, at.UTC())
	if err != nil {
		return fmt.Errorf("record deletion of %s: %w", uri, interpretError(err))
	}
	return nil
}

func (q queries) TombstoneGet(ctx context.Context, uri string) (time.Time, error) {
	var at time.Time
	if err := q.read.QueryRowContext(ctx, `SELECT deleted_at FROM tombstones WHERE uri = ?`, uri).Scan(&at); err != nil {
		return time.Time{}, fmt.Errorf("get tombstone %s: %w", uri, interpretError(err))
	}
	return at, nil
}
