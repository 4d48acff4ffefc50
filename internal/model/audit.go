package model

import "time"

// AuditEntry is one change our own people made: who (a user, through the
// web admin, an API token or the command line), for which co-op account
// (none: the instance), what, to what, and when.
type AuditEntry struct {
	ID       int64
	At       time.Time
	UserID   *int64 // nil: the command line
	Username string
	Via      string // AuditVia…
	// Token is the fingerprint of the API token used, when one was.
	Token   string
	ActorID *int64
	Coop    string // the co-op account's handle, as it was
	Action  string
	Target  string
	Detail  string
}

// How a change reached us.
const (
	AuditViaWeb = "web"
	AuditViaAPI = "api"
	AuditViaCLI = "cli"
)

// CommentHide records that an organiser hid a comment.
type CommentHide struct {
	CommentID int64
	HiddenBy  string
	HiddenAt  time.Time
}
