package model

import "time"

// SourceState is where our follow of a source stands.
type SourceState string

// The states of a source.
const (
	// SourcePending: our Follow went out and no answer came yet.
	SourcePending SourceState = "pending"
	// SourceAccepted: it accepted; its events are shown.
	SourceAccepted SourceState = "accepted"
	// SourceRejected: it refused; kept so the admin sees why nothing comes.
	SourceRejected SourceState = "rejected"
)

// Source is a remote actor (a co-op on another Gather, a Gancio, a
// Mobilizon group) that one of our co-op accounts follows for its events.
type Source struct {
	ID int64
	// ActorID is our co-op account that follows.
	ActorID int64
	// ActorURI is the remote actor's IRI; Handle its @user@host, as shown.
	ActorURI, Handle string
	State            SourceState
	// FollowURI is our Follow's id: the Accept or Reject names it.
	FollowURI   string
	RequestedAt time.Time
	AcceptedAt  *time.Time
	// LastHeardAt is when it last answered or sent anything; nil for never.
	LastHeardAt *time.Time
	// UnreachableSince is the first failure to reach it since it last
	// answered; nil while it answers.
	UnreachableSince *time.Time
	// Upcoming is how many of its events are upcoming; set by SourceList.
	Upcoming int
}

// RemoteEvent is an event another server publishes, as we keep it: a
// gathering, or one of its sessions (ParentURI).
type RemoteEvent struct {
	ID       int64
	SourceID int64
	// ObjectURI is the Event's IRI; URL its page there ("" for none).
	ObjectURI, URL string
	// ParentURI is the gathering's ObjectURI for a session; "" for none.
	ParentURI string
	// Title is plain text; SummaryHTML and ContentHTML are sanitised.
	Title, SummaryHTML, ContentHTML string
	StartsAt                        time.Time
	// EndsAt is nil when the server gave no end.
	EndsAt *time.Time
	// Timezone is an IANA name, "" when the server gave none.
	Timezone string
	// PlaceName and PlaceAddress are "" for none; Latitude and Longitude
	// nil when not given.
	PlaceName, PlaceAddress string
	Latitude, Longitude     *float64
	OnlineURL               string
	// Status is FEP-8a8e's eventStatus ("EventScheduled", "EventCancelled"…).
	Status string
	// PictureURL is the picture on its server, not ours to show as is.
	PictureURL string
	// PublishedAt and UpdatedAt are the server's, nil when not given.
	// Version is when this copy was last changed (updated, else
	// published): an update replaces the row only when its Version is
	// later.
	PublishedAt, UpdatedAt, Version *time.Time
	// Raw is the Event as received.
	Raw        string
	ReceivedAt time.Time

	// SourceHandle and SourceActorURI are set by lists.
	SourceHandle, SourceActorURI string
}

// Cancelled reports whether the event will not take place.
func (e RemoteEvent) Cancelled() bool { return e.Status == "EventCancelled" }

// Share is a followed source's event that one of our co-op accounts
// Announced (boosted) to its followers. AnnounceURI is our id for the
// Announce, kept after an undo (it then answers 410); UndoneAt is when it
// was undone by the Undo named UndoURI, nil while the share is live.
type Share struct {
	ID          int64
	ActorID     int64
	ObjectURI   string
	Title       string // the event's, when shared: what the admin lists
	AnnounceURI string
	SharedAt    time.Time
	UndoURI     string
	UndoneAt    *time.Time
}

// CoHostedState is how a co-hosted event stands with us.
type CoHostedState string

// The states of a co-hosted event.
const (
	// CoHostedPending waits for an organiser to accept or decline.
	CoHostedPending CoHostedState = "pending"
	// CoHostedAccepted is listed publicly as co-hosted with us.
	CoHostedAccepted CoHostedState = "accepted"
	// CoHostedDeclined is kept, unlisted, so later Updates do not ask again.
	CoHostedDeclined CoHostedState = "declined"
)

// CoHosted is another server's gathering that names one of our co-op
// accounts (ActorID) among its organizers, sent by its own server. Its
// host (HostURI, the Event's attributedTo) need not be a source we follow.
type CoHosted struct {
	ID         int64
	ActorID    int64
	ObjectURI  string
	HostURI    string
	HostHandle string // @user@host, as shown; "" when not known
	State      CoHostedState
	URL        string
	Title      string
	StartsAt   time.Time
	EndsAt     *time.Time
	Timezone   string
	Status     string
	PlaceName  string
	PlaceAddr  string
	OnlineURL  string
	// Version is the event's updated (else published) time: an update
	// is taken only when newer.
	Version    *time.Time
	ReceivedAt time.Time
	DecidedAt  *time.Time
}

// Cancelled reports whether the event will not take place.
func (c CoHosted) Cancelled() bool { return c.Status == "EventCancelled" }
