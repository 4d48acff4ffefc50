package admin

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"rsc.io/qr"
)

// signupsCSV writes a gathering's answers as a spreadsheet (GET
// /admin/gatherings/{id}/signups.csv): the same columns as the API's
// GET /api/v1/gatherings/{id}/rsvps?format=csv, which needs a token.
func (h *Handler) signupsCSV(w http.ResponseWriter, r *http.Request) {
	id, ok := h.pathID(w, r)
	if !ok {
		return
	}
	rsvps, err := h.App.ListRSVPs(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="gathering-%d-rsvps.csv"`, id))
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"event", "event_id", "ap_id", "status", "name", "handle", "verified", "channel", "updated_at"})
	for _, v := range rsvps {
		verified := "no"
		if v.Person.Verified {
			verified = "yes"
		}
		_ = cw.Write([]string{csvSafe(v.Title), strconv.FormatInt(v.EventID, 10), v.APID, v.Status, csvSafe(v.Person.Name),
			csvSafe(v.Person.Handle), verified, v.Channel, v.UpdatedAt.Format(time.RFC3339)})
	}
	cw.Flush()
}

// csvSafe stops a spreadsheet from running a name that starts like a
// formula (=, +, -, @): display names come from strangers.
func csvSafe(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r') {
		return "'" + s
	}
	return s
}

// sessionQRPath is the QR code of session id's public page.
func sessionQRPath(id int64) string { return sessionPath(id) + "/qr.png" }

// sessionQR draws the QR code of a session's public page, where day-of
// sign-up happens (GET /admin/sessions/{id}/qr.png).
func (h *Handler) sessionQR(w http.ResponseWriter, r *http.Request) {
	id, ok := h.pathID(w, r)
	if !ok {
		return
	}
	if _, _, err := h.App.SessionDetail(r.Context(), id); err != nil {
		h.fail(w, r, err)
		return
	}
	code, err := qr.Encode(h.App.URLs().Session(id), qr.M)
	if err != nil {
		h.fail(w, r, err)
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
