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

	// TargetURI is set on our own reports: the remote account one of our
	// organisers reported, for the co-op account ActorID. ReporterUser
	// is that organiser's username; URI is then the id of the Flag we
	// send (or would send) for it.
	TargetURI, ReporterUser string
	// ResolvedAt and ResolvedBy (a username) say an admin dealt with it.
	ResolvedAt *time.Time
	ResolvedBy string
	// ForwardedAt is when our own report went out to the target's server
	// as a Flag.
	ForwardedAt *time.Time
}

// Local reports whether the report is our own, of a remote account.
func (r Report) Local() bool { return r.TargetURI != "" }

// ReportState selects reports by resolution.
type ReportState string

// Report states a list can ask for.
const (
	ReportsOpen     ReportState = "open"
	ReportsResolved ReportState = "resolved"
	ReportsAll      ReportState = "all"
)
