// Package gatherings is the web admin's gathering editor and all that
// hangs off one gathering: its sessions, the schedule builder (dragging
// sessions between rooms and times), publishing, cancelling and deleting
// it, and the previews of its public pages. Who answered it is the
// signups package's; the routes, and who may open them, are the admin
// package's.
package gatherings

import (
	"embed"
	"log/slog"
	"net/http"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/web/admin/ui"
)

//go:embed templates/*.html
var templateFS embed.FS

var pages = ui.ParsePages(templateFS, nil, []string{"session-form.html"}, "gathering", "session", "schedule", "proposals")

// Handler serves the pages of gatherings and their sessions.
type Handler struct {
	ui.Base
	// Preview draws the public pages for the previews; without one,
	// previews are not found.
	Preview Previewer
}

// New is the Handler of a, logging to log (none when nil).
func New(a *app.App, log *slog.Logger, preview Previewer) *Handler {
	return &Handler{Base: ui.Base{App: a, Log: log, Pages: pages}, Preview: preview}
}

// Previewer writes a gathering's or a session's public page, drafts
// included, with a note leading back to the admin page back. The public
// pages implement it; the admin decides who may see it.
type Previewer interface {
	PreviewGathering(w http.ResponseWriter, r *http.Request, id int64, back string)
	PreviewSession(w http.ResponseWriter, r *http.Request, id int64, back string)
}
