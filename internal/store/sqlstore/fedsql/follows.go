package fedsql

import (
	"context"
	"fmt"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/rowscan"
	"github.com/gather-coop/gather/internal/store/sqlstore"
)

const followColumns = rowscan.FollowColumns

const followUpsertSQL = `INSERT INTO follows (actor_id, remote_actor_id, follow_uri, state, created_at)
	VALUES ($1, $2, $3, $4, $5)
	ON CONFLICT (actor_id, remote_actor_id) DO UPDATE SET follow_uri = excluded.follow_uri, state = excluded.state
	RETURNING ` + followColumns

func (q Plumbing) FollowUpsert(ctx context.Context, p *store.FollowUpsertParams) (model.Follow, error) {
	f, err := rowscan.ScanFollow(q.write.QueryRow(ctx, followUpsertSQL, p.ActorID, p.RemoteActorID, p.FollowURI, p.State, p.CreatedAt.UTC()))
	if err != nil {
		return model.Follow{}, fmt.Errorf("store follow of actor %d: %w", p.ActorID, err)
	}
	return f, nil
}

const followGetSQL = `SELECT ` + followColumns + ` FROM follows WHERE actor_id = $1 AND remote_actor_id = $2`

func (q Plumbing) FollowGet(ctx context.Context, actorID, remoteActorID int64) (model.Follow, error) {
	f, err := rowscan.ScanFollow(q.read.QueryRow(ctx, followGetSQL, actorID, remoteActorID))
	if err != nil {
		return model.Follow{}, fmt.Errorf("get follow of actor %d: %w", actorID, err)
	}
	return f, nil
}

func (q Plumbing) FollowDelete(ctx context.Context, actorID, remoteActorID int64) error {
	_, err := q.write.Exec(ctx, `DELETE FROM follows WHERE actor_id = $1 AND remote_actor_id = $2`, actorID, remoteActorID)
	if err != nil {
		return fmt.Errorf("delete follow of actor %d: %w", actorID, err)
	}
	return nil
}

const followerListSQL = `SELECT ` + remoteActorColumns + `
	FROM follows JOIN remote_actors ON remote_actors.id = follows.remote_actor_id
	WHERE follows.actor_id = $1 AND follows.state = $2
	ORDER BY follows.id DESC LIMIT $3 OFFSET $4`

func (q Plumbing) FollowerList(ctx context.Context, p *store.FollowerListParams) ([]model.RemoteActor, error) {
	out, err := sqlstore.List(ctx, q.read, rowscan.ScanRemoteActor, followerListSQL, p.ActorID, p.State, p.Limit, p.Offset)
	if err != nil {
		return nil, fmt.Errorf("list followers of actor %d: %w", p.ActorID, err)
	}
	return out, nil
}

func (q Plumbing) FollowerCount(ctx context.Context, actorID int64, state model.FollowState) (int, error) {
	var n int
	err := q.read.QueryRow(ctx, `SELECT count(*) FROM follows WHERE actor_id = $1 AND state = $2`, actorID, state).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count followers of actor %d: %w", actorID, err)
	}
	return n, nil
}

const followerInboxesSQL = `SELECT DISTINCT CASE WHEN r.shared_inbox <> '' THEN r.shared_inbox ELSE r.inbox END AS inbox
	FROM follows f
	JOIN remote_actors r ON r.id = f.remote_actor_id
	LEFT JOIN hosts h ON h.host = r.host
	WHERE f.actor_id = $1 AND f.state = 'accepted'
	AND COALESCE(h.unreachable, FALSE) = FALSE
	AND NOT EXISTS (SELECT 1 FROM blocked_domains b WHERE r.domain = b.domain OR r.domain LIKE '%.' || b.domain)
	ORDER BY inbox`

func (q Plumbing) FollowerInboxes(ctx context.Context, actorID int64) ([]string, error) {
	rows, err := q.read.Query(ctx, followerInboxesSQL, actorID)
	if err != nil {
		return nil, fmt.Errorf("list inboxes of actor %d's followers: %w", actorID, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var inbox string
		if err := rows.Scan(&inbox); err != nil {
			return nil, fmt.Errorf("list inboxes: %w", err)
		}
		out = append(out, inbox)
	}
	return out, rows.Err()
}
