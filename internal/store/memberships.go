package store

import (
	"context"
	"time"

	"github.com/gather-coop/gather/internal/model"
)

// MembershipQueries record which co-op accounts each organiser organises
// for (app's access rules read them on every organiser's request).
type MembershipQueries interface {
	// MembershipAdd makes userID an organiser of actorID; adding one that
	// exists changes nothing and is no error.
	MembershipAdd(ctx context.Context, p *MembershipAddParams) error
	// MembershipGet returns one membership; ErrNotFound if userID does not
	// organise for actorID.
	MembershipGet(ctx context.Context, userID, actorID int64) (model.Membership, error)
	// MembershipDelete ends one membership; ErrNotFound if there was none.
	MembershipDelete(ctx context.Context, userID, actorID int64) error
	// MembershipList returns the memberships of userID, or of everyone when
	// userID is 0, by user then actor.
	MembershipList(ctx context.Context, userID int64) ([]model.Membership, error)
}

// MembershipAddParams are the fields of a new membership.
type MembershipAddParams struct {
	UserID    int64
	ActorID   int64
	CreatedAt time.Time
}
