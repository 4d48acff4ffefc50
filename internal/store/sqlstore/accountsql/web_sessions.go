package accountsql

import (
	"context"
	"fmt"
	"time"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/rowscan"
	"github.com/gather-coop/gather/internal/store/sqlstore"
)

const webSessionCreateSQL = `INSERT INTO web_sessions (id, user_id, user_agent, created_at, last_seen_at, expires_at)
	VALUES ($1, $2, $3, $4, $4, $5)`

func (q Accounts) WebSessionCreate(ctx context.Context, p *store.WebSessionCreateParams) error {
	_, err := q.write.Exec(ctx, webSessionCreateSQL, p.Hash, p.UserID, p.UserAgent, p.CreatedAt.UTC(), p.ExpiresAt.UTC())
	if err != nil {
		return fmt.Errorf("create web session for user %d: %w", p.UserID, err)
	}
	return nil
}

const webSessionGetSQL = `SELECT ` + rowscan.WebSessionColumns + `
	FROM web_sessions JOIN users ON users.id = web_sessions.user_id
	WHERE web_sessions.id = $1`

func (q Accounts) WebSessionGet(ctx context.Context, hash string) (model.WebSession, error) {
	s, err := rowscan.ScanWebSession(q.read.QueryRow(ctx, webSessionGetSQL, hash))
	if err != nil {
		return model.WebSession{}, fmt.Errorf("get web session: %w", err)
	}
	return s, nil
}

const webSessionTouchSQL = `UPDATE web_sessions SET last_seen_at = $1, expires_at = $2 WHERE id = $3`

func (q Accounts) WebSessionTouch(ctx context.Context, p *store.WebSessionTouchParams) error {
	n, err := q.write.Exec(ctx, webSessionTouchSQL, p.SeenAt.UTC(), p.ExpiresAt.UTC(), p.Hash)
	if err := sqlstore.OneRow(n, err); err != nil {
		return fmt.Errorf("touch web session: %w", err)
	}
	return nil
}

func (q Accounts) WebSessionDelete(ctx context.Context, hash string) error {
	n, err := q.write.Exec(ctx, `DELETE FROM web_sessions WHERE id = $1`, hash)
	if err := sqlstore.OneRow(n, err); err != nil {
		return fmt.Errorf("delete web session: %w", err)
	}
	return nil
}

func (q Accounts) WebSessionDeleteByUser(ctx context.Context, userID int64, except string) (int, error) {
	n, err := q.write.Exec(ctx, `DELETE FROM web_sessions WHERE user_id = $1 AND id <> $2`, userID, except)
	if err != nil {
		return 0, fmt.Errorf("delete web sessions of user %d: %w", userID, err)
	}
	return int(n), nil
}

func (q Accounts) WebSessionDeleteExpired(ctx context.Context, now time.Time) (int, error) {
	n, err := q.write.Exec(ctx, `DELETE FROM web_sessions WHERE expires_at <= $1`, now.UTC())
	if err != nil {
		return 0, fmt.Errorf("delete expired web sessions: %w", err)
	}
	return int(n), nil
}
