package sqlite

import (
	"context"
	"fmt"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

const membershipColumns = `user_id, actor_id, created_at`

const membershipAddSQL = `INSERT INTO memberships (user_id, actor_id, created_at) VALUES (?, ?, ?)
	ON CONFLICT (user_id, actor_id) DO NOTHING`

func (q queries) MembershipAdd(ctx context.Context, p *store.MembershipAddParams) error {
	if _, err := q.write.ExecContext(ctx, membershipAddSQL, p.UserID, p.ActorID, p.CreatedAt.UTC()); err != nil {
		return fmt.Errorf("add user %d to actor %d: %w", p.UserID, p.ActorID, interpretError(err))
	}
	return nil
}

const membershipGetSQL = `SELECT ` + membershipColumns + ` FROM memberships WHERE user_id = ? AND actor_id = ?`

func (q queries) MembershipGet(ctx context.Context, userID, actorID int64) (model.Membership, error) {
	var m model.Membership
	err := q.read.QueryRowContext(ctx, membershipGetSQL, userID, actorID).Scan(&m.UserID, &m.ActorID, &m.CreatedAt)
	if err != nil {
		return model.Membership{}, fmt.Errorf("membership of user %d in actor %d: %w", userID, actorID, interpretError(err))
	}
	return m, nil
}

func (q queries) MembershipDelete(ctx context.Context, userID, actorID int64) error {
	res, err := q.write.ExecContext(ctx, `DELETE FROM memberships WHERE user_id = ? AND actor_id = ?`, userID, actorID)
	if err := oneRow(res, err); err != nil {
		return fmt.Errorf("remove user %d from actor %d: %w", userID, actorID, err)
	}
	return nil
}

const membershipListSQL = `SELECT ` + membershipColumns + ` FROM memberships
	WHERE ? = 0 OR user_id = ? ORDER BY user_id, actor_id`

func (q queries) MembershipList(ctx context.Context, userID int64) ([]model.Membership, error) {
	rows, err := q.read.QueryContext(ctx, membershipListSQL, userID, userID)
	if err != nil {
		return nil, fmt.Errorf("list memberships: %w", interpretError(err))
	}
	defer rows.Close()
	var out []model.Membership
	for rows.Next() {
		var m model.Membership
		if err := rows.Scan(&m.UserID, &m.ActorID, &m.CreatedAt); err != nil {
			return nil, fmt.Errorf("list memberships: %w", interpretError(err))
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list memberships: %w", interpretError(err))
	}
	return out, nil
}
