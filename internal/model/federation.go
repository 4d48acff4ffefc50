package model

import "time"

// RemoteActor is our cached copy of an actor on another server.
type RemoteActor struct {
	ID           int64
	URI          string // its ActivityPub id
	Host         string // lower-case host[:port] of URI; delivery health is kept per host
	Domain       string // lower-case host name of URI, without port; blocks apply to domains
	Username     string // preferredUsername
	Name         string
	URL          string // its profile page
	IconURL      string
	Inbox        string
	SharedInbox  string
	KeyID        string
	PublicKeyPEM string
	FetchedAt    time.Time
}

// Handle is @username@host, or the URI when the actor gave no username.
func (r RemoteActor) Handle() string {
	if r.Username == "" {
		return r.URI
	}
	return "@" + r.Username + "@" + r.Host
}

// DeliveryInbox is where to deliver to r: its shared inbox when it has one.
func (r RemoteActor) DeliveryInbox() string {
	if r.SharedInbox != "" {
		return r.SharedInbox
	}
	return r.Inbox
}

// FollowState is where a follow request stands.
type FollowState string

// The states of a follow.
const (
	FollowPending  FollowState = "pending"
	FollowAccepted FollowState = "accepted"
)

// Follow is a remote actor following a local one.
type Follow struct {
	ID            int64
	ActorID       int64
	RemoteActorID int64
	FollowURI     string // the id of their Follow activity
	State         FollowState
	CreatedAt     time.Time
}

// InboxActivity is an activity as it reached one of our inboxes.
type InboxActivity struct {
	ID          int64
	URI         string
	Type        string
	ActorURI    string
	Raw         []byte
	ReceivedAt  time.Time
	ProcessedAt *time.Time
}

// OutboxActivity is an activity one of our actors sent.
type OutboxActivity struct {
	ID        int64
	URI       string
	ActorID   int64
	Type      string
	ObjectURI string
	Raw       []byte
	Public    bool // listed in the actor's outbox collection
	CreatedAt time.Time
}

// Host is how delivery to one remote server is going.
type Host struct {
	Host          string
	FailingSince  *time.Time
	Unreachable   bool
	LastSuccessAt *time.Time
}
