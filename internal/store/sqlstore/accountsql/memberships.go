package accountsql

import (
	"context"
	"fmt"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/sqlstore"
)

const membershipColumns = `user_id, actor_id, created_at`

const membershipAddSQL = `INSERT INTO memberships (user_id, actor_id, created_at) VALUES ($1, $2, $3)
	ON CONFLICT (user_id, actor_id) DO NOTHING`

func (q Accounts) MembershipAdd(ctx context.Context, p *store.MembershipAddParams) error {
	if _, err := q.write.Exec(ctx, membershipAddSQL, p.UserID, p.ActorID, p.CreatedAt.UTC()); err != nil {
		return fmt.Errorf("add user %d to actor %d: %w", p.UserID, p.ActorID, err)
	}
	return nil
}

const membershipGetSQL = `SELECT ` + membershipColumns + ` FROM memberships WHERE user_id = $1 AND actor_id = $2`

func (q Accounts) MembershipGet(ctx context.Context, userID, actorID int64) (model.Membership, error) {
	var m model.Membership
	err := q.read.QueryRow(ctx, membershipGetSQL, userID, actorID).Scan(&m.UserID, &m.ActorID, &m.CreatedAt)
	if err != nil {
		return model.Membership{}, fmt.Errorf("membership of user %d in actor %d: %w", userID, actorID, err)
	}
	return m, nil
}

func (q Accounts) MembershipDelete(ctx context.Context, userID, actorID int64) error {
	n, err := q.write.Exec(ctx, `DELETE FROM memberships WHERE user_id = $1 AND actor_id = $2`, userID, actorID)
	if err := sqlstore.OneRow(n, err); err != nil {
		return fmt.Errorf("remove user %d from actor %d: %w", userID, actorID, err)
	}
	return nil
}

const membershipListSQL = `SELECT ` + membershipColumns + ` FROM memberships
	WHERE CAST($1 AS bigint) = 0 OR user_id = $1 ORDER BY user_id, actor_id`

func (q Accounts) MembershipList(ctx context.Context, userID int64) ([]model.Membership, error) {
	rows, err := q.read.Query(ctx, membershipListSQL, userID)
	if err != nil {
		return nil, fmt.Errorf("list memberships: %w", err)
	}
	defer rows.Close()
	var out []model.Membership
	for rows.Next() {
		var m model.Membership
		if err := rows.Scan(&m.UserID, &m.ActorID, &m.CreatedAt); err != nil {
			return nil, fmt.Errorf("list memberships: %w", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list memberships: %w", err)
	}
	return out, nil
}
