package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/rowscan"
)

const webSessionCreateSQL = `INSERT INTO web_sessions (id, user_id, user_agent, created_at, last_seen_at, expires_at)
	VALUES ($1, $2, $3, $4, $4, $5)`

func (q queries) WebSessionCreate(ctx context.Context, p *store.WebSessionCreateParams) error {
	_, err := q.q.Exec(ctx, webSessionCreateSQL, p.Hash, p.UserID, p.UserAgent, p.CreatedAt.UTC(), p.ExpiresAt.UTC())
	if err != nil {
		return fmt.Errorf("create web session for user %d: %w", p.UserID, interpretError(err))
	}
	return nil
}

const webSessionGetSQL = `SELECT ` + rowscan.WebSessionColumns + `
	FROM web_sessions JOIN users ON users.id = web_sessions.user_id
	WHERE web_sessions.id = $1`

func (q queries) WebSessionGet(ctx context.Context, hash string) (model.WebSession, error) {
	s, err := rowscan.ScanWebSession(q.q.QueryRow(ctx, webSessionGetSQL, hash))
	if err != nil {
		return model.WebSession{}, fmt.Errorf("get web session: %w", interpretError(err))
	}
	return s, nil
}

const webSessionTouchSQL = `UPDATE web_sessions SET last_seen_at = $1, expires_at = $2 WHERE id = $3`

func (q queries) WebSessionTouch(ctx context.Context, p *store.WebSessionTouchParams) error {
	tag, err := q.q.Exec(ctx, webSessionTouchSQL, p.SeenAt.UTC(), p.ExpiresAt.UTC(), p.Hash)
	if err := oneRow(tag, err); err != nil {
		return fmt.Errorf("touch web session: %w", err)
	}
	return nil
}

func (q queries) WebSessionDelete(ctx context.Context, hash string) error {
	tag, err := q.q.Exec(ctx, `DELETE FROM web_sessions WHERE id = $1`, hash)
	if err := oneRow(tag, err); err != nil {
		return fmt.Errorf("delete web session: %w", err)
	}
	return nil
}

func (q queries) WebSessionDeleteByUser(ctx context.Context, userID int64, except string) (int, error) {
	tag, err := q.q.Exec(ctx, `DELETE FROM web_sessions WHERE user_id = $1 AND id <> $2`, userID, except)
	if err != nil {
		return 0, fmt.Errorf("delete web sessions of user %d: %w", userID, interpretError(err))
	}
	return int(tag.RowsAffected()), nil
}

func (q queries) WebSessionDeleteExpired(ctx context.Context, now time.Time) (int, error) {
	tag, err := q.q.Exec(ctx, `DELETE FROM web_sessions WHERE expires_at <= $1`, now.UTC())
	if err != nil {
		return 0, fmt.Errorf("delete expired web sessions: %w", interpretError(err))
	}
	return int(tag.RowsAffected()), nil
}

// oneRow turns the outcome of a statement on one row by key into an
// error: ErrNotFound if it changed none.
func oneRow(tag pgconn.CommandTag, err error) error {
	if err != nil {
		return interpretError(err)
	}
	if tag.RowsAffected() == 0 {
		return store.ErrNotFound
	}
	return nil
}
