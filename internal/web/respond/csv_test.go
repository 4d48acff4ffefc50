package respond_test

import (
	"encoding/csv"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/web/respond"
)

// TestSignupsCSV: a stranger's display name that a spreadsheet would run
// as a formula arrives as text.
func TestSignupsCSV(t *testing.T) {
	t.Parallel()
	at := time.Date(2027, 4, 10, 9, 30, 0, 0, time.UTC)
	w := httptest.NewRecorder()
	respond.SignupsCSV(w, 12, []app.RSVPView{
		{EventID: 12, APID: "https://events.example/gatherings/12", Title: "Door day", Status: "going", Channel: "activitypub", UpdatedAt: at,
			Person: app.PersonView{Name: `=HYPERLINK("https://evil.example")`, Handle: "@sam@social.example", Verified: true}},
		{EventID: 13, APID: "https://events.example/sessions/13", Title: "-1+1", Status: "waitlisted", Channel: "web", UpdatedAt: at,
			Person: app.PersonView{Name: "Kit"}},
	})
	require.Equal(t, "text/csv; charset=utf-8", w.Header().Get("Content-Type"))
	require.Equal(t, `attachment; filename="gathering-12-rsvps.csv"`, w.Header().Get("Content-Disposition"))
	rows, err := csv.NewReader(strings.NewReader(w.Body.String())).ReadAll()
	require.NoError(t, err)
	require.Equal(t, [][]string{
		{"event", "event_id", "ap_id", "status", "name", "handle", "verified", "channel", "updated_at"},
		{"Door day", "12", "https://events.example/gatherings/12", "going", `'=HYPERLINK("https://evil.example")`, "'@sam@social.example", "yes", "activitypub", "2027-04-10T09:30:00Z"},
		{"'-1+1", "13", "https://events.example/sessions/13", "waitlisted", "Kit", "", "no", "web", "2027-04-10T09:30:00Z"},
	}, rows)
}
