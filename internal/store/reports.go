package store

import (
	"context"
	"time"

	"github.com/gather-coop/gather/internal/model"
)

// ReportQueries keep the abuse reports other servers send, and our
// organisers' reports of remote accounts.
type ReportQueries interface {
	// ReportInsert stores a report and returns its id; ErrConflict when
	// one with its URI is stored already.
	ReportInsert(ctx context.Context, r *model.Report) (int64, error)
	// ReportList returns the latest limit reports, newest first, each with
	// its account's handle.
	ReportList(ctx context.Context, limit int) ([]model.Report, error)
	// ReportPage returns reports in p.State, open ones first, then newest
	// first, from p.Offset on.
	ReportPage(ctx context.Context, p *ReportPageParams) ([]model.Report, error)
	// ReportGet returns one report with its account's handle.
	ReportGet(ctx context.Context, id int64) (model.Report, error)
	// ReportResolve marks a report resolved by username at at;
	// ErrNotFound when there is none, ErrConflict when it is resolved
	// already.
	ReportResolve(ctx context.Context, id int64, username string, at time.Time) error
	// ReportForwarded notes that our own report went out as a Flag.
	ReportForwarded(ctx context.Context, id int64, at time.Time) error
}

// ReportPageParams select a page of reports.
type ReportPageParams struct {
	State         model.ReportState
	Limit, Offset int
}

// AuditQueries keep the audit log.
type AuditQueries interface {
	AuditInsert(ctx context.Context, e *model.AuditEntry) error
	// AuditList returns entries newest first, from p.Offset on.
	AuditList(ctx context.Context, p *AuditListParams) ([]model.AuditEntry, error)
}

// AuditListParams select a page of the audit log.
type AuditListParams struct {
	// MemberOf, when set, keeps only entries about the co-op accounts
	// that user organises for (organisers see their own co-op's).
	MemberOf int64
	// ActorID, when set, keeps only entries about that co-op account.
	ActorID       int64
	Limit, Offset int
}

// CommentHideQueries keep which comments organisers hid.
type CommentHideQueries interface {
	// CommentGet returns one comment, with its person.
	CommentGet(ctx context.Context, id int64) (model.Comment, error)
	// CommentHide hides a comment; hiding it again changes nothing.
	CommentHide(ctx context.Context, h *model.CommentHide) error
	// CommentUnhide shows it again.
	CommentUnhide(ctx context.Context, commentID int64) error
	// CommentHides returns the hidden comments of a gathering, by id.
	CommentHides(ctx context.Context, gatheringID int64) (map[int64]model.CommentHide, error)
}
