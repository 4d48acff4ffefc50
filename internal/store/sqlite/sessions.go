package sqlite

import (
	"context"
	"fmt"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/rowscan"
)

const sessionColumns = rowscan.SessionColumns

func scanSession(row rowscan.Row) (model.Session, error) {
	v, err := rowscan.ScanSession(row)
	return v, interpretError(err)
}

// A session is created unannounced-later (announced_at NULL): one added
// to a published gathering is announced as it is created, at CreatedAt.
const sessionCreateSQL = `INSERT INTO sessions (gathering_id, title, description, kind, starts_at, ends_at,
	room_id, track_id, capacity, announce, created_at, updated_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`

func (q queries) SessionCreate(ctx context.Context, s *model.Session) (int64, error) {
	var id int64
	err := q.write.QueryRowContext(ctx, sessionCreateSQL, s.GatheringID, s.Title, s.Description, s.Kind,
		s.StartsAt.UTC(), s.EndsAt.UTC(), s.RoomID, s.TrackID, s.Capacity, s.Announce, s.CreatedAt.UTC(), s.UpdatedAt.UTC()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("create session %q: %w", s.Title, interpretError(err))
	}
	if err := q.facilitatorsSet(ctx, id, s.Facilitators); err != nil {
		return 0, err
	}
	return id, nil
}

const sessionUpdateSQL = `UPDATE sessions SET title = ?, description = ?, kind = ?, starts_at = ?, ends_at = ?,
	room_id = ?, track_id = ?, capacity = ?, announce = ?, announced_at = ?, updated_at = ?, version = version + 1
	WHERE id = ? AND (? = 0 OR version = ?)
	RETURNING ` + sessionColumns

func (q queries) SessionUpdate(ctx context.Context, s *model.Session, expectedVersion int) (model.Session, error) {
	updated, err := scanSession(q.write.QueryRowContext(ctx, sessionUpdateSQL, s.Title, s.Description, s.Kind,
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

func (q queries) SessionGet(ctx context.Context, id int64) (model.Session, error) {
	s, err := scanSession(q.read.QueryRowContext(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE id = ?`, id))
	if err != nil {
		return model.Session{}, fmt.Errorf("get session %d: %w", id, err)
	}
	facilitators, err := q.facilitatorList(ctx, `WHERE f.session_id = ?`, id)
	if err != nil {
		return model.Session{}, err
	}
	s.Facilitators = facilitators[id]
	return s, nil
}

const sessionListSQL = `SELECT ` + sessionColumns + ` FROM sessions
	LEFT JOIN rooms ON rooms.id = sessions.room_id
	WHERE sessions.gathering_id = ?
	ORDER BY sessions.starts_at, COALESCE(rooms.position, 1000000), sessions.title, sessions.id`

func (q queries) SessionList(ctx context.Context, gatheringID int64) ([]model.Session, error) {
	rows, err := q.read.QueryContext(ctx, sessionListSQL, gatheringID)
	if err != nil {
		return nil, fmt.Errorf("list sessions of gathering %d: %w", gatheringID, err)
	}
	defer rows.Close()
	var out []model.Session
	for rows.Next() {
		s, err := scanSession(rows)
		if err != nil {
			return nil, fmt.Errorf("list sessions of gathering %d: %w", gatheringID, err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// One query for every session's facilitators, not one per session.
	facilitators, err := q.facilitatorList(ctx, `JOIN sessions s ON s.id = f.session_id WHERE s.gathering_id = ?`, gatheringID)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Facilitators = facilitators[out[i].ID]
	}
	return out, nil
}

func (q queries) SessionDelete(ctx context.Context, id int64) error {
	if _, err := q.write.ExecContext(ctx, `DELETE FROM sessions WHERE id = ?`, id); err != nil {
		return fmt.Errorf("delete session %d: %w", id, interpretError(err))
	}
	return nil
}

func (q queries) facilitatorList(ctx context.Context, where string, arg any) (map[int64][]model.Facilitator, error) {
	rows, err := q.read.QueryContext(ctx, `SELECT f.session_id, f.name, f.handle, f.actor_uri, f.profile_url, f.avatar_url, f.inbox, f.lookup
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

func (q queries) facilitatorsSet(ctx context.Context, sessionID int64, fs []model.Facilitator) error {
	if _, err := q.write.ExecContext(ctx, `DELETE FROM facilitators WHERE session_id = ?`, sessionID); err != nil {
		return fmt.Errorf("set facilitators: %w", interpretError(err))
	}
	for i, f := range fs {
		_, err := q.write.ExecContext(ctx, `INSERT INTO facilitators (session_id, position, name, handle, actor_uri, profile_url, avatar_url, inbox, lookup)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, sessionID, i, f.Name, f.Handle, f.ActorURI, f.ProfileURL, f.AvatarURL, f.Inbox, f.Lookup)
		if err != nil {
			return fmt.Errorf("set facilitators: %w", interpretError(err))
		}
	}
	return nil
}

const facilitatorResolveSQL = `UPDATE facilitators SET name = ?, actor_uri = ?, profile_url = ?, avatar_url = ?, inbox = ?, lookup = ?
	WHERE session_id = ? AND lower(handle) = lower(?) AND lookup = 'pending'`

func (q queries) FacilitatorResolve(ctx context.Context, p *store.FacilitatorResolveParams) error {
	f := p.Found
	res, err := q.write.ExecContext(ctx, facilitatorResolveSQL, f.Name, f.ActorURI, f.ProfileURL, f.AvatarURL, f.Inbox, f.Lookup,
		p.SessionID, p.Handle)
	if err != nil {
		return fmt.Errorf("resolve facilitator %s of session %d: %w", p.Handle, p.SessionID, interpretError(err))
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return fmt.Errorf("resolve facilitator %s of session %d: no lookup pending: %w", p.Handle, p.SessionID, store.ErrNotFound)
	}
	if p.UpdatedAt.IsZero() {
		return nil
	}
	if _, err := q.write.ExecContext(ctx, `UPDATE sessions SET updated_at = ? WHERE id = ?`, p.UpdatedAt.UTC(), p.SessionID); err != nil {
		return fmt.Errorf("resolve facilitator %s of session %d: %w", p.Handle, p.SessionID, interpretError(err))
	}
	return nil
}
