package store

import (
	"context"

	"github.com/gather-coop/gather/internal/model"
)

// ProposalQueries keep the lightning talks and open-space topics people
// propose for a gathering (sqlstore/proposals.go).
type ProposalQueries interface {
	// ProposalSave records p, a new proposal, last of its kind in its
	// gathering, and returns it as stored. When the same person (remote
	// actor, or guest key) proposed one of that kind for that gathering
	// already, that one is returned instead, with p's title and activity
	// URI if it is still proposed (a placed or declined one is left as
	// it was); the bool says whether a row was added.
	ProposalSave(ctx context.Context, p *model.Proposal) (model.Proposal, bool, error)
	// ProposalGet returns one proposal, or ErrNotFound.
	ProposalGet(ctx context.Context, id int64) (model.Proposal, error)
	// ProposalList returns a gathering's proposals of every kind and
	// state, by kind, then position.
	ProposalList(ctx context.Context, gatheringID int64) ([]model.Proposal, error)
	// ProposalUpdate writes p's state, position, session and update time;
	// ErrNotFound when there is no such proposal.
	ProposalUpdate(ctx context.Context, p *model.Proposal) error
	// ProposalWithdraw deletes the proposals remoteActorID made by the
	// reply activityURI that are still proposed (one placed or declined
	// is the organisers' now), and returns how many.
	ProposalWithdraw(ctx context.Context, activityURI string, remoteActorID int64) (int, error)
}
