package rowscan

import (
	"strings"

	"github.com/gather-coop/gather/internal/model"
)

// Columns of the audit log, reports (with their account's handle, from
// actors joined as a) and comment hides.
const (
	AuditColumns  = `id, at, user_id, username, via, token, actor_id, coop, action, target, detail`
	ReportColumns = `r.id, r.uri, r.reporter_uri, r.actor_id, a.handle, r.object_uris, r.content, r.received_at,
	r.target_uri, r.reporter_user, r.resolved_at, r.resolved_by, r.forwarded_at`
	CommentHideColumns = `comment_id, hidden_by, hidden_at`
)

// ScanAudit reads one row of AuditColumns.
func ScanAudit(row Row) (model.AuditEntry, error) {
	var e model.AuditEntry
	err := row.Scan(&e.ID, &e.At, &e.UserID, &e.Username, &e.Via, &e.Token, &e.ActorID, &e.Coop, &e.Action, &e.Target, &e.Detail)
	return e, err
}

// ScanReport reads one row of ReportColumns.
func ScanReport(row Row) (model.Report, error) {
	var r model.Report
	var objects string
	err := row.Scan(&r.ID, &r.URI, &r.ReporterURI, &r.ActorID, &r.ActorHandle, &objects, &r.Content, &r.ReceivedAt,
		&r.TargetURI, &r.ReporterUser, &r.ResolvedAt, &r.ResolvedBy, &r.ForwardedAt)
	if objects != "" {
		r.ObjectURIs = strings.Split(objects, "\n")
	}
	return r, err
}

// ScanCommentHide reads one row of CommentHideColumns.
func ScanCommentHide(row Row) (model.CommentHide, error) {
	var h model.CommentHide
	err := row.Scan(&h.CommentID, &h.HiddenBy, &h.HiddenAt)
	return h, err
}

// ReportStateWhere is the condition that selects reports in state.
func ReportStateWhere(state model.ReportState) string {
	switch state {
	case model.ReportsOpen:
		return `r.resolved_at IS NULL`
	case model.ReportsResolved:
		return `r.resolved_at IS NOT NULL`
	}
	return `TRUE`
}
