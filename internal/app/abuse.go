package app

import (
	"context"

	"github.com/gather-coop/gather/internal/app/abuse"
	"github.com/gather-coop/gather/internal/model"
)

// Reports of abuse are package abuse's; App passes on what the web layer
// calls, under the names it always used.

// Bounds of what an organiser's report may hold, and of the admins' lists.
const (
	MaxReportComment  = abuse.MaxReportComment
	MaxReportStatuses = abuse.MaxReportStatuses
	ReportsPerPage    = abuse.ReportsPerPage
	ReportsShown      = abuse.ReportsShown
)

// ReportInput is an organiser's report of a remote account.
type ReportInput = abuse.ReportInput

// ReportsPage is a page of reports, for admins.
type ReportsPage = abuse.ReportsPage

// ReportAccount records an organiser's report of a remote account for
// the co-op account in.Coop and, with in.Forward, sends it to the
// account's server: both in one transaction, with their audit entries.
func (a *App) ReportAccount(ctx context.Context, in ReportInput) (model.Report, error) {
	return a.abuse.ReportAccount(ctx, in)
}

// ResolveReport marks a report dealt with (admins only) and, with
// forward, sends our own report of a remote account to its server if it
// was not sent yet. Resolving twice is refused (apperr.ErrConflict) so that two
// admins see they both acted.
func (a *App) ResolveReport(ctx context.Context, id int64, forward bool) (model.Report, error) {
	return a.abuse.ResolveReport(ctx, id, forward)
}

// ReportPage returns a page (from 1) of the reports in state (open ones
// first, then newest first), to admins. "" is open.
func (a *App) ReportPage(ctx context.Context, state model.ReportState, page int) (ReportsPage, error) {
	return a.abuse.ReportPage(ctx, state, page)
}

// HideComment hides (or, with hide false, shows again) a comment on a
// gathering, for its organisers. A hidden comment is kept, and listed to
// organisers as hidden; nothing public lists it. Hiding a comment does
// not touch any answer its author gave: an organiser who wants them off
// the list removes the answer as well. Hiding what is hidden changes
// nothing.
func (a *App) HideComment(ctx context.Context, gatheringID, commentID int64, hide bool) error {
	return a.abuse.HideComment(ctx, gatheringID, commentID, hide)
}

// MayReportFor returns nil when ctx may report accounts for the co-op
// account handle, for the page that offers the form.
func (a *App) MayReportFor(ctx context.Context, handle string) error {
	return a.abuse.MayReportFor(ctx, handle)
}

// Reports returns the latest abuse reports, newest first. Admins only.
func (a *App) Reports(ctx context.Context) ([]model.Report, error) {
	return a.abuse.Reports(ctx)
}
