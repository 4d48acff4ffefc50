package sqlite

import (
	"context"
	"fmt"

	"github.com/gather-coop/gather/internal/model"
)

// The queries on users that the web admin needs (users.go has the rest).

const userGetByIDSQL = `SELECT ` + userColumns + ` FROM users WHERE id = ?`

func (q queries) UserGetByID(ctx context.Context, id int64) (model.User, error) {
	u, err := scanUser(q.read.QueryRowContext(ctx, userGetByIDSQL, id))
	if err != nil {
		return model.User{}, fmt.Errorf("get user %d: %w", id, err)
	}
	return u, nil
}

const userListSQL = `SELECT ` + userColumns + ` FROM users ORDER BY username`

func (q queries) UserList(ctx context.Context) ([]model.User, error) {
	rows, err := q.read.QueryContext(ctx, userListSQL)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", interpretError(err))
	}
	defer rows.Close()
	var out []model.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("list users: %w", err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list users: %w", interpretError(err))
	}
	return out, nil
}

func (q queries) UserDelete(ctx context.Context, userID int64) error {
	res, err := q.write.ExecContext(ctx, `DELETE FROM users WHERE id = ?`, userID)
	if err := oneRow(res, err); err != nil {
		return fmt.Errorf("delete user %d: %w", userID, err)
	}
	return nil
}

func (q queries) UserSetPassword(ctx context.Context, userID int64, passwordHash string) error {
	res, err := q.write.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, passwordHash, userID)
	if err := oneRow(res, err); err != nil {
		return fmt.Errorf("set password of user %d: %w", userID, err)
	}
	return nil
}
