package model

import "time"

// ProposalKind is what someone proposes for a gathering's programme.
type ProposalKind string

// The kinds of proposal, as replies name them with a hashtag.
const (
	ProposalLightning ProposalKind = "lightning" // a lightning talk, one of a running order
	ProposalOpenSpace ProposalKind = "openspace" // an open-space topic, placed in a room and a time
)

// ProposalState is where a proposal stands.
type ProposalState string

// A proposal is proposed until an organiser places it (an open-space
// topic in a session of its own, a lightning talk in the Lightning talks
// session's list) or declines it.
const (
	ProposalProposed ProposalState = "proposed"
	ProposalPlaced   ProposalState = "placed"
	ProposalDeclined ProposalState = "declined"
)

// Proposal is a lightning talk or an open-space topic someone proposed,
// from their fediverse account (RemoteActorID, by the reply
// ActivityURI) or at the venue with just a name (GuestName, GuestKey).
type Proposal struct {
	ID            int64
	GatheringID   int64
	Kind          ProposalKind
	Title         string // plain text, already cut to length
	RemoteActorID *int64
	GuestName     string
	GuestKey      string
	ActivityURI   string
	State         ProposalState
	// Position orders the proposals of one kind in a gathering: the
	// lightning talks' running order. A new proposal goes last.
	Position int
	// SessionID is the session a placed proposal is in; nil when not
	// placed, or when that session was deleted since.
	SessionID *int64
	CreatedAt time.Time
	UpdatedAt time.Time
}
