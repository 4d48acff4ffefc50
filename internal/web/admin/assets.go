package admin

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/gather-coop/gather/internal/web/admin/ui"
)

// asset serves the admin's embedded stylesheet and script. It needs no
// sign-in: the sign-in form uses them.
func (h *site) asset(w http.ResponseWriter, r *http.Request) {
	if !ui.ServeAsset(w, r, chi.URLParam(r, "name")) {
		h.Fail(w, r, ui.ErrNotFound)
	}
}
