package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/rowscan"
)

const gatheringColumns = rowscan.GatheringColumns

const gatheringCreateSQL = `INSERT INTO gatherings (actor_id, title, summary, description, timezone, starts_at, ends_at,
	venue_name, street_address, locality, postal_code, region, country, latitude, longitude,
	online_url, category, tags, status, rsvp_poll, day_of_signup, published_at, updated_at, created_at)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24) RETURNING id`

func (q Queries) GatheringCreate(ctx context.Context, g *model.Gathering) (int64, error) {
	var id int64
	args := append(rowscan.GatheringArgs(g), g.CreatedAt.UTC())
	if err := q.write.QueryRow(ctx, gatheringCreateSQL, args...).Scan(&id); err != nil {
		return 0, fmt.Errorf("create gathering %q: %w", g.Title, err)
	}
	return id, nil
}

const gatheringUpdateSQL = `UPDATE gatherings SET actor_id = $1, title = $2, summary = $3, description = $4, timezone = $5,
	starts_at = $6, ends_at = $7, venue_name = $8, street_address = $9, locality = $10, postal_code = $11, region = $12,
	country = $13, latitude = $14, longitude = $15, online_url = $16, category = $17, tags = $18, status = $19, rsvp_poll = $20,
	day_of_signup = $21, published_at = $22, updated_at = $23, version = version + 1
	WHERE id = $24 AND ($25 = 0 OR version = $26)
	RETURNING ` + gatheringColumns

func (q Queries) GatheringUpdate(ctx context.Context, g *model.Gathering, expectedVersion int) (model.Gathering, error) {
	args := append(rowscan.GatheringArgs(g), g.ID, expectedVersion, expectedVersion)
	updated, err := rowscan.ScanGathering(q.write.QueryRow(ctx, gatheringUpdateSQL, args...))
	if err == store.ErrNotFound {
		if _, gerr := q.GatheringGet(ctx, g.ID); gerr == nil {
			err = store.ErrStale
		}
	}
	if err != nil {
		return model.Gathering{}, fmt.Errorf("update gathering %d: %w", g.ID, err)
	}
	updated.Rooms, updated.Tracks, updated.CoHosts = g.Rooms, g.Tracks, g.CoHosts
	return updated, nil
}

func (q Queries) GatheringGet(ctx context.Context, id int64) (model.Gathering, error) {
	g, err := rowscan.ScanGathering(q.read.QueryRow(ctx, `SELECT `+gatheringColumns+` FROM gatherings WHERE id = $1`, id))
	if err != nil {
		return model.Gathering{}, fmt.Errorf("get gathering %d: %w", id, err)
	}
	if g.Rooms, err = q.roomList(ctx, id); err != nil {
		return model.Gathering{}, err
	}
	if g.Tracks, err = q.trackList(ctx, id); err != nil {
		return model.Gathering{}, err
	}
	if g.CoHosts, err = q.CoHostList(ctx, id); err != nil {
		return model.Gathering{}, err
	}
	return g, nil
}

func (q Queries) GatheringList(ctx context.Context, p *store.GatheringListParams) ([]model.Gathering, error) {
	query := `SELECT ` + gatheringColumns + ` FROM gatherings WHERE actor_id = $1`
	args := []any{p.ActorID}
	if len(p.Statuses) > 0 {
		statuses := make([]string, len(p.Statuses))
		for i, s := range p.Statuses {
			statuses[i] = string(s)
		}
		query += ` AND status IN (` + inList(&args, statuses) + `)`
	}
	if !p.EndsAfter.IsZero() {
		query += ` AND ends_at > ` + param(&args, p.EndsAfter.UTC())
	}
	if p.Descending {
		query += ` ORDER BY starts_at DESC, id DESC`
	} else {
		query += ` ORDER BY starts_at, id`
	}
	if p.Limit > 0 {
		query += ` LIMIT ` + param(&args, p.Limit)
	}
	out, err := list(ctx, q.read, rowscan.ScanGathering, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list gatherings: %w", err)
	}
	return out, nil
}

func (q Queries) GatheringDelete(ctx context.Context, id int64) error {
	if _, err := q.write.Exec(ctx, `DELETE FROM gatherings WHERE id = $1`, id); err != nil {
		return fmt.Errorf("delete gathering %d: %w", id, err)
	}
	return nil
}

func (q Queries) roomList(ctx context.Context, gatheringID int64) ([]model.Room, error) {
	rows, err := q.read.Query(ctx, `SELECT id, name, capacity FROM rooms WHERE gathering_id = $1 ORDER BY position`, gatheringID)
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

func (q Queries) trackList(ctx context.Context, gatheringID int64) ([]model.Track, error) {
	rows, err := q.read.Query(ctx, `SELECT id, name FROM tracks WHERE gathering_id = $1 ORDER BY position`, gatheringID)
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

const roomUpsertSQL = `INSERT INTO rooms (gathering_id, position, name, capacity) VALUES ($1, $2, $3, $4)
	ON CONFLICT (gathering_id, name) DO UPDATE SET position = excluded.position, capacity = excluded.capacity
	RETURNING id`

func (q Queries) RoomsSet(ctx context.Context, gatheringID int64, rooms []model.Room) ([]model.Room, error) {
	keep := make([]int64, 0, len(rooms))
	out := make([]model.Room, len(rooms))
	for i, r := range rooms {
		if err := q.write.QueryRow(ctx, roomUpsertSQL, gatheringID, i, r.Name, r.Capacity).Scan(&r.ID); err != nil {
			return nil, fmt.Errorf("set room %q: %w", r.Name, err)
		}
		out[i] = r
		keep = append(keep, r.ID)
	}
	del := `DELETE FROM rooms WHERE gathering_id = $1`
	args := []any{gatheringID}
	if len(keep) > 0 {
		del += ` AND id NOT IN (` + inList(&args, keep) + `)`
	}
	if _, err := q.write.Exec(ctx, del, args...); err != nil {
		return nil, fmt.Errorf("drop rooms: %w", err)
	}
	return out, nil
}

const trackUpsertSQL = `INSERT INTO tracks (gathering_id, position, name) VALUES ($1, $2, $3)
	ON CONFLICT (gathering_id, name) DO UPDATE SET position = excluded.position
	RETURNING id`

func (q Queries) TracksSet(ctx context.Context, gatheringID int64, tracks []model.Track) ([]model.Track, error) {
	keep := make([]int64, 0, len(tracks))
	out := make([]model.Track, len(tracks))
	for i, t := range tracks {
		if err := q.write.QueryRow(ctx, trackUpsertSQL, gatheringID, i, t.Name).Scan(&t.ID); err != nil {
			return nil, fmt.Errorf("set track %q: %w", t.Name, err)
		}
		out[i] = t
		keep = append(keep, t.ID)
	}
	del := `DELETE FROM tracks WHERE gathering_id = $1`
	args := []any{gatheringID}
	if len(keep) > 0 {
		del += ` AND id NOT IN (` + inList(&args, keep) + `)`
	}
	if _, err := q.write.Exec(ctx, del, args...); err != nil {
		return nil, fmt.Errorf("drop tracks: %w", err)
	}
	return out, nil
}

func (q Queries) TombstoneCreate(ctx context.Context, uri, typ string, at time.Time) error {
	_, err := q.write.Exec(ctx, `INSERT INTO tombstones (uri, type, deleted_at) VALUES ($1, $2, $3) ON CONFLICT (uri) DO NOTHING`, uri, typ, at.UTC())
	if err != nil {
		return fmt.Errorf("record deletion of %s: %w", uri, err)
	}
	return nil
}

func (q Queries) TombstoneGet(ctx context.Context, uri string) (time.Time, error) {
	var at time.Time
	if err := q.read.QueryRow(ctx, `SELECT deleted_at FROM tombstones WHERE uri = $1`, uri).Scan(&at); err != nil {
		return time.Time{}, fmt.Errorf("get tombstone %s: %w", uri, err)
	}
	return at, nil
}
