// Package instance is the web admin's pages for running the instance, the
// admins': the people who can sign in and which co-op accounts each
// organises for, the settings of the co-op accounts and the instance, and
// the doctor's checks of what breaks federation.
package instance

import (
	"embed"
	"log/slog"

	"github.com/gather-coop/gather/internal/doctor"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/web/admin/ui"
)

//go:embed templates/*.html
var templateFS embed.FS

var pages = ui.ParsePages(templateFS, nil, nil, "users", "settings", "doctor")

// Handler serves the instance's pages.
type Handler struct {
	ui.Base
	doctor DoctorFunc
}

// DoctorFunc gives what the doctor's checks read and their options, as
// server.Instance.Doctor does: web cannot reach the store itself.
type DoctorFunc func() (doctor.Source, doctor.Options)

// New is the Handler of a, logging to log (none when nil), running the
// doctor's checks with dr (the doctor page is not found when nil).
func New(a *app.App, log *slog.Logger, dr DoctorFunc) *Handler {
	return &Handler{Base: ui.Base{App: a, Log: log, Pages: pages}, doctor: dr}
}
