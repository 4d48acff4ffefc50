package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/rowscan"
)

const webSessionCreateSQL = `INSERT INTO web_sessions (id, user_id, user_agent, created_at, last_seen_at, expires_at)
	VALUES (?, ?, ?, ?, ?, ?)`

func (q queries) WebSessionCreate(ctx context.Context, p *store.WebSessionCreateParams) error {
	created := p.CreatedAt.UTC()
	_, err := q.write.ExecContext(ctx, webSessionCreateSQL, p.Hash, p.UserID, p.UserAgent, created, created, p.ExpiresAt.UTC())
	if err != nil {
		return fmt.Errorf("create web session for user %d: %w", p.UserID, interpretError(err))
	}
	return nil
}

const webSessionGetSQL = `SELECT ` + rowscan.WebSessionColumns + `
	FROM web_sessions JOIN users ON users.id = web_sessions.user_id
	WHERE web_sessions.id = ?`

func (q queries) WebSessionGet(ctx context.Context, hash string) (model.WebSession, error) {
	s, err := rowscan.ScanWebSession(q.read.QueryRowContext(ctx, webSessionGetSQL, hash))
	if err != nil {
		return model.WebSession{}, fmt.Errorf("get web session: %w", interpretError(err))
	}
	return s, nil
}

const webSessionTouchSQL = `UPDATE web_sessions SET last_seen_at = ?, expires_at = ? WHERE id = ?`

func (q queries) WebSessionTouch(ctx context.Context, p *store.WebSessionTouchParams) error {
	res, err := q.write.ExecContext(ctx, webSessionTouchSQL, p.SeenAt.UTC(), p.ExpiresAt.UTC(), p.Hash)
	if err := oneRow(res, err); err != nil {
		return fmt.Errorf("touch web session: %w", err)
	}
	return nil
}

func (q queries) WebSessionDelete(ctx context.Context, hash string) error {
	res, err := q.write.ExecContext(ctx, `DELETE FROM web_sessions WHERE id = ?`, hash)
	if err := oneRow(res, err); err != nil {
		return fmt.Errorf("delete web session: %w", err)
	}
	return nil
}

func (q queries) WebSessionDeleteByUser(ctx context.Context, userID int64, except string) (int, error) {
	res, err := q.write.ExecContext(ctx, `DELETE FROM web_sessions WHERE user_id = ? AND id <> ?`, userID, except)
	n, err := rowCount(res, err)
	if err != nil {
		return 0, fmt.Errorf("delete web sessions of user %d: %w", userID, err)
	}
	return n, nil
}

func (q queries) WebSessionDeleteExpired(ctx context.Context, now time.Time) (int, error) {
	res, err := q.write.ExecContext(ctx, `DELETE FROM web_sessions WHERE expires_at <= ?`, now.UTC())
	n, err := rowCount(res, err)
	if err != nil {
		return 0, fmt.Errorf("delete expired web sessions: %w", err)
	}
	return n, nil
}

// rowCount returns how many rows an Exec changed.
func rowCount(res sql.Result, err error) (int, error) {
	if err != nil {
		return 0, interpretError(err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// oneRow is rowCount for statements on one row by key: ErrNotFound if
// they changed none.
func oneRow(res sql.Result, err error) error {
	n, err := rowCount(res, err)
	if err == nil && n == 0 {
		err = store.ErrNotFound
	}
	return err
}
