package admin

import "net/http"

// settingsPage is the place of the instance settings (GET
// /admin/settings), admins only. For now it says what will be here.
func (h *Handler) settingsPage(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusOK, "settings", struct{ layout }{h.page(r, "Settings", "settings")})
}
