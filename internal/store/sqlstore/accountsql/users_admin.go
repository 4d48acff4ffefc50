package accountsql

import (
	"context"
	"fmt"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store/rowscan"
	"github.com/gather-coop/gather/internal/store/sqlstore"
)

// The queries on users that the web admin needs (users.go has the rest).

const userGetByIDSQL = `SELECT ` + userColumns + ` FROM users WHERE id = $1`

func (q Accounts) UserGetByID(ctx context.Context, id int64) (model.User, error) {
	u, err := rowscan.ScanUser(q.read.QueryRow(ctx, userGetByIDSQL, id))
	if err != nil {
		return model.User{}, fmt.Errorf("get user %d: %w", id, err)
	}
	return u, nil
}

const userListSQL = `SELECT ` + userColumns + ` FROM users ORDER BY username`

func (q Accounts) UserList(ctx context.Context) ([]model.User, error) {
	rows, err := q.read.Query(ctx, userListSQL)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	var out []model.User
	for rows.Next() {
		u, err := rowscan.ScanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("list users: %w", err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return out, nil
}

func (q Accounts) UserDelete(ctx context.Context, userID int64) error {
	n, err := q.write.Exec(ctx, `DELETE FROM users WHERE id = $1`, userID)
	if err := sqlstore.OneRow(n, err); err != nil {
		return fmt.Errorf("delete user %d: %w", userID, err)
	}
	return nil
}

func (q Accounts) UserSetPassword(ctx context.Context, userID int64, passwordHash string) error {
	n, err := q.write.Exec(ctx, `UPDATE users SET password_hash = $1 WHERE id = $2`, passwordHash, userID)
	if err := sqlstore.OneRow(n, err); err != nil {
		return fmt.Errorf("set password of user %d: %w", userID, err)
	}
	return nil
}
