package model

import "time"

// RSVPStatus is a person's answer.
type RSVPStatus string

// The answers. Waitlisted is "going" when the event was full.
const (
	RSVPGoing      RSVPStatus = "going"
	RSVPMaybe      RSVPStatus = "maybe"
	RSVPNotGoing   RSVPStatus = "not_going"
	RSVPWaitlisted RSVPStatus = "waitlisted"
)

// RSVPChannel is how the answer reached us.
type RSVPChannel string

// The channels.
const (
	ChannelReply  RSVPChannel = "reply"  // a reply to one of our posts
	ChannelPoll   RSVPChannel = "poll"   // a vote in the RSVP poll
	ChannelJoin   RSVPChannel = "join"   // Join / Leave (Mobilizon)
	ChannelAccept RSVPChannel = "accept" // Accept / TentativeAccept / Reject (Friendica, Hubzilla)
	ChannelWeb    RSVPChannel = "web"    // a day-of sign-up at the venue
)

// RSVP is one person's current answer for one event: a gathering
// (SessionID nil) or one of its sessions.
type RSVP struct {
	ID            int64
	GatheringID   int64
	SessionID     *int64
	RemoteActorID *int64 // a fediverse account…
	GuestName     string // …or a name given at the venue, unverified
	GuestKey      string
	Status        RSVPStatus
	Channel       RSVPChannel
	ActivityURI   string // the message that gave this answer
	WaitlistedAt  *time.Time
	CreatedAt     time.Time
	UpdatedAt     time.Time

	Person *RemoteActor // filled by listings
}
