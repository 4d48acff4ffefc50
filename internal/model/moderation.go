package model

import "time"

// Follower is a follow of one of our actors together with the remote
// actor who made it, as the organisers' list of followers shows it.
type Follower struct {
	Follow
	Actor RemoteActor
}

// ActorBlock is a remote account an organiser blocked.
type ActorBlock struct {
	URI       string // the blocked actor's id
	CreatedAt time.Time
	// Actor is our copy of the account; its ID is 0 when we have none
	// (blocked by address, never fetched, or forgotten since).
	Actor RemoteActor
}

// DomainBlock is a blocked domain: its servers, and those of its
// subdomains, are neither delivered to nor heard.
type DomainBlock struct {
	Domain    string
	CreatedAt time.Time
}
