package sqlstore

import (
	"context"
	"fmt"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/rowscan"
)

const sessionColumns = rowscan.SessionColumns

// A session is created unannounced-later (announced_at NULL): one added
// to a published gathering is announced as it is created, at CreatedAt.
const sessionCreateSQL = `INSERT INTO sessions (gathering_id, title, description, kind, starts_at, ends_at,
	room_id, track_id, capacity, announce, created_at, updated_at)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`

func (q Queries) SessionCreate(ctx context.Context, s *model.Session) (int64, error) {
	var id int64
	err := q.write.QueryRow(ctx, sessionCreateSQL, s.GatheringID, s.Title, s.Description, s.Kind,
		s.StartsAt.UTC(), s.EndsAt.UTC(), s.RoomID, s.TrackID, s.Capacity, s.Announce, s.CreatedAt.UTC(), s.UpdatedAt.UTC()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("create session %q: %w", s.Title, err)
	}
	if err := q.facilitatorsSet(ctx, id, s.Facilitators); err != nil {
		return 0, err
	}
	return id, nil
}

const sessionUpdateSQL = `UPDATE sessions SET title = $1, description = $2, kind = $3, starts_at = $4, ends_at = $5,
	room_id = $6, track_id = $7, capacity = $8, announce = $9, announced_at = $10, updated_at = $11, version = version + 1
	WHERE id = $12 AND ($13 = 0 OR version = $14)
	RETURNING ` + sessionColumns

func (q Queries) SessionUpdate(ctx context.Context, s *model.Session, expectedVersion int) (model.Session, error) {
	updated, err := rowscan.ScanSession(q.write.QueryRow(ctx, sessionUpdateSQL, s.Title, s.Description, s.Kind,
		s.StartsAt.UTC(), s.EndsAt.UTC(), s.RoomID, s.TrackID, s.Capacity, s.Announce, utcOrNil(s.AnnouncedAt), s.UpdatedAt.UTC(),
		s.ID, expectedVersion, expectedVersion))
	if err == store.ErrNotFound {
		if _, gerr := q.SessionGet(ctx, s.ID); gerr == nil {
			err = store.ErrStale
		}
	}
	if err != nil {
		return model.Session{}, fmt.Errorf("update session %d: %w", s.ID, err)
	}
	if err := q.facilitatorsSet(ctx, s.ID, s.Facilitators); err != nil {
		return model.Session{}, err
	}
	updated.Facilitators = s.Facilitators
	return updated, nil
}

func (q Queries) SessionGet(ctx context.Context, id int64) (model.Session, error) {
	s, err := rowscan.ScanSession(q.read.QueryRow(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE id = $1`, id))
	if err != nil {
		return model.Session{}, fmt.Errorf("get session %d: %w", id, err)
	}
	facilitators, err := q.facilitatorList(ctx, `WHERE f.session_id = $1`, id)
	if err != nil {
		return model.Session{}, err
	}
	s.Facilitators = facilitators[id]
	return s, nil
}

const sessionListSQL = `SELECT ` + sessionColumns + ` FROM sessions
	LEFT JOIN rooms ON rooms.id = sessions.room_id
	WHERE sessions.gathering_id = $1
	ORDER BY sessions.starts_at, COALESCE(rooms.position, 1000000), sessions.title, sessions.id`

func (q Queries) SessionList(ctx context.Context, gatheringID int64) ([]model.Session, error) {
	rows, err := q.read.Query(ctx, sessionListSQL, gatheringID)
	if err != nil {
		return nil, fmt.Errorf("list sessions of gathering %d: %w", gatheringID, err)
	}
	defer rows.Close()
	var out []model.Session
	for rows.Next() {
		s, err := rowscan.ScanSession(rows)
		if err != nil {
			return nil, fmt.Errorf("list sessions of gathering %d: %w", gatheringID, err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// One query for every session's facilitators, not one per session.
	facilitators, err := q.facilitatorList(ctx, `JOIN sessions s ON s.id = f.session_id WHERE s.gathering_id = $1`, gatheringID)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Facilitators = facilitators[out[i].ID]
	}
	return out, nil
}

func (q Queries) SessionDelete(ctx context.Context, id int64) error {
	if _, err := q.write.Exec(ctx, `DELETE FROM sessions WHERE id = $1`, id); err != nil {
		return fmt.Errorf("delete session %d: %w", id, err)
	}
	return nil
}

func (q Queries) facilitatorList(ctx context.Context, where string, arg any) (map[int64][]model.Facilitator, error) {
	rows, err := q.read.Query(ctx, `SELECT f.session_id, f.name, f.handle, f.actor_uri, f.profile_url, f.avatar_url, f.inbox, f.lookup
		FROM facilitators f `+where+` ORDER BY f.session_id, f.position`, arg)
	if err != nil {
		return nil, fmt.Errorf("list facilitators: %w", err)
	}
	defer rows.Close()
	out := map[int64][]model.Facilitator{}
	for rows.Next() {
		var id int64
		var f model.Facilitator
		if err := rows.Scan(&id, &f.Name, &f.Handle, &f.ActorURI, &f.ProfileURL, &f.AvatarURL, &f.Inbox, &f.Lookup); err != nil {
			return nil, fmt.Errorf("list facilitators: %w", err)
		}
		out[id] = append(out[id], f)
	}
	return out, rows.Err()
}

func (q Queries) facilitatorsSet(ctx context.Context, sessionID int64, fs []model.Facilitator) error {
	if _, err := q.write.Exec(ctx, `DELETE FROM facilitators WHERE session_id = $1`, sessionID); err != nil {
		return fmt.Errorf("set facilitators: %w", err)
	}
	for i, f := range fs {
		_, err := q.write.Exec(ctx, `INSERT INTO facilitators (session_id, position, name, handle, actor_uri, profile_url, avatar_url, inbox, lookup)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, sessionID, i, f.Name, f.Handle, f.ActorURI, f.ProfileURL, f.AvatarURL, f.Inbox, string(f.Lookup))
		if err != nil {
			return fmt.Errorf("set facilitators: %w", err)
		}
	}
	return nil
}

const facilitatorResolveSQL = `UPDATE facilitators SET name = $1, actor_uri = $2, profile_url = $3, avatar_url = $4, inbox = $5, lookup = $6
	WHERE session_id = $7 AND lower(handle) = lower($8) AND lookup = 'pending'`

func (q Queries) FacilitatorResolve(ctx context.Context, p *store.FacilitatorResolveParams) error {
	f := p.Found
	n, err := q.write.Exec(ctx, facilitatorResolveSQL, f.Name, f.ActorURI, f.ProfileURL, f.AvatarURL, f.Inbox, string(f.Lookup),
		p.SessionID, p.Handle)
	if err != nil {
		return fmt.Errorf("resolve facilitator %s of session %d: %w", p.Handle, p.SessionID, err)
	}
	if n == 0 {
		return fmt.Errorf("resolve facilitator %s of session %d: no lookup pending: %w", p.Handle, p.SessionID, store.ErrNotFound)
	}
	if p.UpdatedAt.IsZero() {
		return nil
	}
	if _, err := q.write.Exec(ctx, `UPDATE sessions SET updated_at = $1 WHERE id = $2`, p.UpdatedAt.UTC(), p.SessionID); err != nil {
		return fmt.Errorf("resolve facilitator %s of session %d: %w", p.Handle, p.SessionID, err)
	}
	return nil
}
