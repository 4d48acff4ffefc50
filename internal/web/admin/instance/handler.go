// Package instance is the web admin's pages for running the instance, the
// admins': the people who can sign in and which co-op accounts each
// organises for, and the settings of the co-op accounts and the instance.
package instance

import (
	"embed"
	"log/slog"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/web/admin/ui"
)

//go:embed templates/*.html
var templateFS embed.FS

var pages = ui.ParsePages(templateFS, nil, nil, "users", "settings")

// Handler serves the instance's pages.
type Handler struct{ ui.Base }

// New is the Handler of a, logging to log (none when nil).
func New(a *app.App, log *slog.Logger) *Handler {
	return &Handler{ui.Base{App: a, Log: log, Pages: pages}}
}
