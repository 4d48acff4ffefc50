// Package moderation is the web admin's pages about who may reach the
// co-op accounts and what to do about abuse: approving, rejecting and
// removing followers, blocking servers and accounts, the abuse reports
// received and sent, reporting an account to its server, hiding comments,
// and the audit log of who changed what.
package moderation

import (
	"embed"
	"log/slog"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/web/admin/ui"
)

//go:embed templates/*.html
var templateFS embed.FS

var pages = ui.ParsePages(templateFS, nil, []string{"pager.html"},
	"followers", "moderation", "moderation-confirm", "reports", "audit", "report-account")

// Handler serves the moderation pages.
type Handler struct{ ui.Base }

// New is the Handler of a, logging to log (none when nil).
func New(a *app.App, log *slog.Logger) *Handler {
	return &Handler{ui.Base{App: a, Log: log, Pages: pages}}
}
