package sqlstore

import (
	"context"
	"fmt"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/rowscan"
)

const followerPageSQL = `SELECT ` + rowscan.FollowerColumns + `
	FROM follows JOIN remote_actors ON remote_actors.id = follows.remote_actor_id
	WHERE follows.actor_id = $1 AND follows.state = $2
	ORDER BY follows.id DESC LIMIT $3 OFFSET $4`

func (q Queries) FollowerPage(ctx context.Context, p *store.FollowerListParams) ([]model.Follower, error) {
	out, err := list(ctx, q.read, rowscan.ScanFollower, followerPageSQL, p.ActorID, p.State, p.Limit, p.Offset)
	if err != nil {
		return nil, fmt.Errorf("list followers of actor %d: %w", p.ActorID, err)
	}
	return out, nil
}

const followListByRemoteActorSQL = `SELECT ` + rowscan.FollowColumns + ` FROM follows WHERE remote_actor_id = $1 ORDER BY id`

func (q Queries) FollowListByRemoteActor(ctx context.Context, remoteActorID int64) ([]model.Follow, error) {
	out, err := list(ctx, q.read, rowscan.ScanFollow, followListByRemoteActorSQL, remoteActorID)
	if err != nil {
		return nil, fmt.Errorf("list follows by remote actor %d: %w", remoteActorID, err)
	}
	return out, nil
}

const followDeleteByDomainSQL = `DELETE FROM follows WHERE remote_actor_id IN
	(SELECT id FROM remote_actors WHERE domain = $1 OR domain LIKE '%.' || $1)`

func (q Queries) FollowDeleteByDomain(ctx context.Context, domain string) (int, error) {
	n, err := q.write.Exec(ctx, followDeleteByDomainSQL, domain)
	if err != nil {
		return 0, fmt.Errorf("delete follows from %s: %w", domain, err)
	}
	return int(n), nil
}

const actorBlockListSQL = `SELECT ` + rowscan.ActorBlockColumns + `
	FROM blocked_actors LEFT JOIN remote_actors ON remote_actors.uri = blocked_actors.uri
	ORDER BY blocked_actors.created_at DESC, blocked_actors.uri`

func (q Queries) ActorBlockList(ctx context.Context) ([]model.ActorBlock, error) {
	out, err := list(ctx, q.read, rowscan.ScanActorBlock, actorBlockListSQL)
	if err != nil {
		return nil, fmt.Errorf("list blocked accounts: %w", err)
	}
	return out, nil
}

func (q Queries) DomainBlockListDated(ctx context.Context) ([]model.DomainBlock, error) {
	rows, err := q.read.Query(ctx, `SELECT domain, created_at FROM blocked_domains ORDER BY domain`)
	if err != nil {
		return nil, fmt.Errorf("list blocked domains: %w", err)
	}
	defer rows.Close()
	var out []model.DomainBlock
	for rows.Next() {
		var d model.DomainBlock
		if err := rows.Scan(&d.Domain, &d.CreatedAt); err != nil {
			return nil, fmt.Errorf("list blocked domains: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}
