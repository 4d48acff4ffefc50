package respond

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/gather-coop/gather/internal/app"
)

// SignupsCSV writes a gathering's answers as a spreadsheet download: the
// admin's sign-ups page and the API (?format=csv) offer the same file.
func SignupsCSV(w http.ResponseWriter, gatheringID int64, rsvps []app.RSVPView) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="gathering-%d-rsvps.csv"`, gatheringID))
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
