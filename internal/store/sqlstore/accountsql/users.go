package accountsql

import (
	"context"
	"fmt"
	"time"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/rowscan"
)

const userColumns = rowscan.UserColumns

const userCreateSQL = `INSERT INTO users (username, password_hash, role, created_at)
	VALUES ($1, $2, $3, $4)
	RETURNING ` + userColumns

func (q Accounts) UserCreate(ctx context.Context, p *store.UserCreateParams) (model.User, error) {
	u, err := rowscan.ScanUser(q.write.QueryRow(ctx, userCreateSQL, p.Username, p.PasswordHash, p.Role, p.CreatedAt.UTC()))
	if err != nil {
		return model.User{}, fmt.Errorf("create user %q: %w", p.Username, err)
	}
	return u, nil
}

const userGetByUsernameSQL = `SELECT ` + userColumns + ` FROM users WHERE username = $1`

func (q Accounts) UserGetByUsername(ctx context.Context, username string) (model.User, error) {
	u, err := rowscan.ScanUser(q.read.QueryRow(ctx, userGetByUsernameSQL, username))
	if err != nil {
		return model.User{}, fmt.Errorf("get user %q: %w", username, err)
	}
	return u, nil
}

func (q Accounts) UserCount(ctx context.Context) (int, error) {
	var n int
	if err := q.read.QueryRow(ctx, `SELECT count(*) FROM users`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count users: %w", err)
	}
	return n, nil
}

const tokenCreateSQL = `INSERT INTO api_tokens (user_id, token_hash, scope, created_at) VALUES ($1, $2, $3, $4)`

func (q Accounts) TokenCreate(ctx context.Context, p *store.TokenCreateParams) error {
	if _, err := q.write.Exec(ctx, tokenCreateSQL, p.UserID, p.Hash, p.Scope, p.CreatedAt.UTC()); err != nil {
		return fmt.Errorf("create token for user %d: %w", p.UserID, err)
	}
	return nil
}

const tokenUserSQL = `SELECT ` + userColumns + `, api_tokens.scope, api_tokens.last_used_at
	FROM api_tokens JOIN users ON users.id = api_tokens.user_id
	WHERE api_tokens.token_hash = $1`

// tokenTouchAfter is how stale last_used_at may get before a use rewrites
// it: recording every request would turn each API read into a write.
const tokenTouchAfter = time.Minute

func (q Accounts) TokenUser(ctx context.Context, hash string, now time.Time) (model.User, model.TokenScope, error) {
	var u model.User
	var scope model.TokenScope
	var lastUsed *time.Time
	err := q.read.QueryRow(ctx, tokenUserSQL, hash).
		Scan(&u.ID, &u.Username, &u.PasswordHash, &u.Role, &u.CreatedAt, &scope, &lastUsed)
	if err != nil {
		return model.User{}, "", fmt.Errorf("find token: %w", err)
	}
	if lastUsed == nil || now.Sub(*lastUsed) > tokenTouchAfter {
		if _, err := q.write.Exec(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE token_hash = $2`, now.UTC(), hash); err != nil {
			return model.User{}, "", fmt.Errorf("note token use: %w", err)
		}
	}
	return u, scope, nil
}
