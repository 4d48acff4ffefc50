package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/rowscan"
)

const shareColumns = `id, actor_id, object_uri, title, announce_uri, shared_at, coalesce(undo_uri, ''), undone_at`

func scanShare(row rowscan.Row) (model.Share, error) {
	var s model.Share
	var undone *time.Time
	if err := row.Scan(&s.ID, &s.ActorID, &s.ObjectURI, &s.Title, &s.AnnounceURI, &s.SharedAt, &s.UndoURI, &undone); err != nil {
		return model.Share{}, err
	}
	s.SharedAt = s.SharedAt.UTC()
	if undone != nil {
		u := undone.UTC()
		s.UndoneAt = &u
	}
	return s, nil
}

func (q Queries) ShareCreate(ctx context.Context, s *model.Share) (int64, error) {
	var id int64
	err := q.write.QueryRow(ctx, `INSERT INTO shared_events (actor_id, object_uri, title, announce_uri, shared_at)
	VALUES ($1, $2, $3, $4, $5) RETURNING id`, s.ActorID, s.ObjectURI, s.Title, s.AnnounceURI, s.SharedAt.UTC()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store share of %s by actor %d: %w", s.ObjectURI, s.ActorID, err)
	}
	return id, nil
}

func (q Queries) ShareLive(ctx context.Context, actorID int64, objectURI string) (model.Share, error) {
	s, err := scanShare(q.read.QueryRow(ctx, `SELECT `+shareColumns+` FROM shared_events
		WHERE actor_id = $1 AND object_uri = $2 AND undone_at IS NULL`, actorID, objectURI))
	if err != nil {
		return model.Share{}, fmt.Errorf("share of %s by actor %d: %w", objectURI, actorID, err)
	}
	return s, nil
}

func (q Queries) ShareGetByAnnounce(ctx context.Context, announceURI string) (model.Share, error) {
	s, err := scanShare(q.read.QueryRow(ctx, `SELECT `+shareColumns+` FROM shared_events WHERE announce_uri = $1`, announceURI))
	if err != nil {
		return model.Share{}, fmt.Errorf("share announced as %s: %w", announceURI, err)
	}
	return s, nil
}

func (q Queries) ShareList(ctx context.Context, actorID int64) ([]model.Share, error) {
	out, err := list(ctx, q.read, scanShare, `SELECT `+shareColumns+` FROM shared_events
		WHERE actor_id = $1 AND undone_at IS NULL ORDER BY shared_at DESC, id DESC`, actorID)
	if err != nil {
		return nil, fmt.Errorf("list shares of actor %d: %w", actorID, err)
	}
	return out, nil
}

func (q Queries) ShareUndo(ctx context.Context, id int64, undoURI string, at time.Time) error {
	n, err := q.write.Exec(ctx, `UPDATE shared_events SET undo_uri = $1, undone_at = $2 WHERE id = $3 AND undone_at IS NULL`,
		undoURI, at.UTC(), id)
	if err != nil {
		return fmt.Errorf("undo share %d: %w", id, err)
	}
	if n == 0 {
		return fmt.Errorf("undo share %d: %w", id, store.ErrNotFound)
	}
	return nil
}
