package store

import (
	"context"

	"github.com/gather-coop/gather/internal/model"
)

// ModerationQueries are what the organisers' followers and blocks pages
// read and write, beside the follow and block methods of Queries.
type ModerationQueries interface {
	// FollowerPage returns p.ActorID's follows in p.State with the remote
	// actors who made them, newest first: one page of the organisers'
	// list, in one query.
	FollowerPage(ctx context.Context, p *FollowerListParams) ([]model.Follower, error)
	// FollowListByRemoteActor returns the follows, in any state, that
	// remoteActorID made of our actors, oldest first.
	FollowListByRemoteActor(ctx context.Context, remoteActorID int64) ([]model.Follow, error)
	// FollowDeleteByDomain forgets every follow, in any state and of any of
	// our actors, made by remote actors on domain or on a subdomain of it,
	// and returns how many it forgot.
	FollowDeleteByDomain(ctx context.Context, domain string) (int, error)

	// ActorBlockList returns the blocked accounts, latest block first,
	// each with our copy of the actor when we have one.
	ActorBlockList(ctx context.Context) ([]model.ActorBlock, error)
	// DomainBlockListDated returns the blocked domains with when each was
	// blocked, by name.
	DomainBlockListDated(ctx context.Context) ([]model.DomainBlock, error)
}
