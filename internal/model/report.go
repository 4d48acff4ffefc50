package model

import "time"

// Report is an abuse report another server's moderator sent about one of
// our co-op accounts (an ActivityPub Flag).
type Report struct {
	ID int64
	// URI is the Flag's id, on the reporter's server.
	URI string
	// ReporterURI is who sent it: on Mastodon, the instance's actor.
	ReporterURI string
	// ActorID is our reported co-op account; ActorHandle is filled in by
	// lists.
	ActorID     int64
	ActorHandle string
	// ObjectURIs are the ids of ours the report names, the account
	// included.
	ObjectURIs []string
	// Content is the reporter's comment, plain text as sent.
	Content    string
	ReceivedAt time.Time
}
