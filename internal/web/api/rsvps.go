package api

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"time"

	"github.com/gather-coop/gather/internal/web/respond"
)

// listRSVPs answers GET /api/v1/gatherings/{id}/rsvps, as JSON or, with
// ?format=csv, as a spreadsheet.
func (h *Handler) listRSVPs(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	rsvps, err := h.App.ListRSVPs(r.Context(), id)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	if r.URL.Query().Get("format") != "csv" {
		respond.JSON(w, http.StatusOK, map[string]any{"rsvps": rsvps})
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
		_ = cw.Write([]string{csvSafe(v.Title), fmt.Sprint(v.EventID), v.APID, v.Status, csvSafe(v.Person.Name),
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
