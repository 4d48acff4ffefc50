package sqlstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/rowscan"
)

const proposalColumns = `id, gathering_id, kind, title, remote_actor_id, guest_name, guest_key, activity_uri,
	state, position, session_id, created_at, updated_at`

func scanProposal(row rowscan.Row) (model.Proposal, error) {
	var p model.Proposal
	if err := row.Scan(&p.ID, &p.GatheringID, &p.Kind, &p.Title, &p.RemoteActorID, &p.GuestName, &p.GuestKey, &p.ActivityURI,
		&p.State, &p.Position, &p.SessionID, &p.CreatedAt, &p.UpdatedAt); err != nil {
		return model.Proposal{}, err
	}
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return p, nil
}

// The person's earlier proposal of the kind: by account, or by guest key.
const proposalOfPersonSQL = `SELECT ` + proposalColumns + ` FROM proposals
	WHERE gathering_id = $1 AND kind = $2
	  AND ((remote_actor_id IS NOT NULL AND remote_actor_id = $3) OR (guest_key <> '' AND guest_key = $4))`

// A new proposal goes after every other of its kind, declined ones too,
// so that positions never repeat.
const proposalInsertSQL = `INSERT INTO proposals (gathering_id, kind, title, remote_actor_id, guest_name, guest_key,
		activity_uri, state, position, created_at, updated_at)
	VALUES ($1, $2, $3, $4, $5, $6, $7, 'proposed',
		(SELECT coalesce(max(position), 0) + 1 FROM proposals WHERE gathering_id = $1 AND kind = $2), $8, $8)
	RETURNING ` + proposalColumns

func (q Queries) ProposalSave(ctx context.Context, p *model.Proposal) (model.Proposal, bool, error) {
	var actor int64
	if p.RemoteActorID != nil {
		actor = *p.RemoteActorID
	}
	cur, err := scanProposal(q.write.QueryRow(ctx, proposalOfPersonSQL, p.GatheringID, p.Kind, actor, p.GuestKey))
	switch {
	case err == nil && cur.State != model.ProposalProposed:
		return cur, false, nil
	case err == nil:
		updated, err := scanProposal(q.write.QueryRow(ctx, `UPDATE proposals SET title = $1, activity_uri = $2, guest_name = $3, updated_at = $4
			WHERE id = $5 RETURNING `+proposalColumns, p.Title, p.ActivityURI, p.GuestName, p.UpdatedAt.UTC(), cur.ID))
		if err != nil {
			return model.Proposal{}, false, fmt.Errorf("update proposal %d: %w", cur.ID, err)
		}
		return updated, false, nil
	case !errors.Is(err, store.ErrNotFound):
		return model.Proposal{}, false, fmt.Errorf("earlier proposal in gathering %d: %w", p.GatheringID, err)
	}
	saved, err := scanProposal(q.write.QueryRow(ctx, proposalInsertSQL, p.GatheringID, p.Kind, p.Title, p.RemoteActorID,
		p.GuestName, p.GuestKey, p.ActivityURI, p.CreatedAt.UTC()))
	if err != nil {
		return model.Proposal{}, false, fmt.Errorf("save proposal in gathering %d: %w", p.GatheringID, err)
	}
	return saved, true, nil
}

func (q Queries) ProposalGet(ctx context.Context, id int64) (model.Proposal, error) {
	p, err := scanProposal(q.read.QueryRow(ctx, `SELECT `+proposalColumns+` FROM proposals WHERE id = $1`, id))
	if err != nil {
		return model.Proposal{}, fmt.Errorf("proposal %d: %w", id, err)
	}
	return p, nil
}

func (q Queries) ProposalList(ctx context.Context, gatheringID int64) ([]model.Proposal, error) {
	out, err := list(ctx, q.read, scanProposal, `SELECT `+proposalColumns+` FROM proposals
		WHERE gathering_id = $1 ORDER BY kind, position, id`, gatheringID)
	if err != nil {
		return nil, fmt.Errorf("list proposals of gathering %d: %w", gatheringID, err)
	}
	return out, nil
}

func (q Queries) ProposalUpdate(ctx context.Context, p *model.Proposal) error {
	err := oneRow(q.write.Exec(ctx, `UPDATE proposals SET state = $1, position = $2, session_id = $3, updated_at = $4 WHERE id = $5`,
		p.State, p.Position, p.SessionID, p.UpdatedAt.UTC(), p.ID))
	if err != nil {
		return fmt.Errorf("update proposal %d: %w", p.ID, err)
	}
	return nil
}

func (q Queries) ProposalWithdraw(ctx context.Context, activityURI string, remoteActorID int64) (int, error) {
	n, err := q.write.Exec(ctx, `DELETE FROM proposals WHERE activity_uri = $1 AND remote_actor_id = $2 AND state = 'proposed'`,
		activityURI, remoteActorID)
	if err != nil {
		return 0, fmt.Errorf("withdraw proposals of %s: %w", activityURI, err)
	}
	return int(n), nil
}
