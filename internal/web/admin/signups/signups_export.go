package signups

import (
	"net/http"
	"strconv"

	"rsc.io/qr"

	"github.com/gather-coop/gather/internal/web/admin/ui"
	"github.com/gather-coop/gather/internal/web/respond"
)

// SignupsCSV writes a gathering's answers as a spreadsheet (GET
// /admin/gatherings/{id}/signups.csv): the same columns as the API's
// GET /api/v1/gatherings/{id}/rsvps?format=csv, which needs a token.
func (h *Handler) SignupsCSV(w http.ResponseWriter, r *http.Request) {
	id, ok := h.PathID(w, r)
	if !ok {
		return
	}
	rsvps, err := h.App.ListRSVPs(r.Context(), id)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	respond.SignupsCSV(w, id, rsvps)
}

// sessionQRPath is the QR code of session id's public page.
func sessionQRPath(id int64) string { return ui.SessionPath(id) + "/qr.png" }

// SessionQR draws the QR code of a session's public page, where day-of
// sign-up happens (GET /admin/sessions/{id}/qr.png).
func (h *Handler) SessionQR(w http.ResponseWriter, r *http.Request) {
	id, ok := h.PathID(w, r)
	if !ok {
		return
	}
	if _, _, err := h.App.SessionDetail(r.Context(), id); err != nil {
		h.Fail(w, r, err)
		return
	}
	code, err := qr.Encode(h.App.URLs().Session(id), qr.M)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	code.Scale = 8
	png := code.PNG()
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Content-Length", strconv.Itoa(len(png)))
	if r.Method != http.MethodHead {
		_, _ = w.Write(png)
	}
}
