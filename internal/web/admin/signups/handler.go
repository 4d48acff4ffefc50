// Package signups is the web admin's page of who answered a gathering:
// the answers to it and to each session against their capacity, taking
// one off or promoting one from the waiting list, the comments, the CSV
// export, and the day-of sign-up switch with its printable QR codes.
package signups

import (
	"embed"
	"log/slog"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/web/admin/ui"
)

//go:embed templates/*.html
var templateFS embed.FS

var pages = ui.ParsePages(templateFS, nil, nil, "signups")

// Handler serves the sign-ups pages.
type Handler struct{ ui.Base }

// New is the Handler of a, logging to log (none when nil).
func New(a *app.App, log *slog.Logger) *Handler {
	return &Handler{ui.Base{App: a, Log: log, Pages: pages}}
}
