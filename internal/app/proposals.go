package app

import (
	"context"
	"time"

	"github.com/gather-coop/gather/internal/app/gathering"
	"github.com/gather-coop/gather/internal/model"
)

type (
	// Proposals is a gathering's lightning talks and open-space topics,
	// as organisers see them.
	Proposals = gathering.Proposals
	// ProposalView is one of them, with who proposed it and where it is.
	ProposalView = gathering.ProposalView
)

// Audit actions of proposals.
const (
	AuditProposalPlace   = gathering.AuditProposalPlace
	AuditProposalMove    = gathering.AuditProposalMove
	AuditProposalDecline = gathering.AuditProposalDecline
)

// Proposals returns a gathering's proposals, for its organisers.
func (a *App) Proposals(ctx context.Context, gatheringID int64) (Proposals, error) {
	return a.gatherings.Proposals(ctx, gatheringID)
}

// PlaceOpenSpace gives an open-space topic a session of its own in room
// at startsAt (wall-clock, 2027-03-27T15:00) for length: followers get
// the gathering's Update, the proposer a direct note.
func (a *App) PlaceOpenSpace(ctx context.Context, gatheringID, proposalID int64, room, startsAt string, length time.Duration) (EventRef, error) {
	return a.gatherings.PlaceOpenSpace(ctx, gatheringID, proposalID, room, startsAt, length)
}

// ListLightning puts a lightning talk last on the Lightning talks
// session's list (an Update of that session), and tells the proposer.
func (a *App) ListLightning(ctx context.Context, gatheringID, proposalID int64) error {
	return a.gatherings.ListLightning(ctx, gatheringID, proposalID)
}

// MoveProposal moves a lightning talk one place up or down the running
// order.
func (a *App) MoveProposal(ctx context.Context, gatheringID, proposalID int64, up bool) error {
	return a.gatherings.MoveProposal(ctx, gatheringID, proposalID, up)
}

// DeclineProposal declines a proposal, or takes a talk off the list.
func (a *App) DeclineProposal(ctx context.Context, gatheringID, proposalID int64) error {
	return a.gatherings.DeclineProposal(ctx, gatheringID, proposalID)
}

// ProposeAtVenue records a proposal made with a name on the gathering's
// page at the venue.
func (a *App) ProposeAtVenue(ctx context.Context, gatheringID int64, kind, title, name, guestKey string) (model.Proposal, error) {
	return a.gatherings.ProposeAtVenue(ctx, gatheringID, kind, title, name, guestKey)
}
