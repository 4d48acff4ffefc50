package e2e_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/server/servertest"
)

const monthlyCallJSON = `{
  "title": "General circle call",
  "rule": {"start": "2027-01-12T18:00", "freq": "monthly", "weekdays": ["TU"], "week": 2},
  "timezone": "Europe/London",
  "duration_minutes": 60,
  "call_url": "https://call.example/secret-room"
}`

// TestSeriesThroughTheAPI: a monthly call is created through the JSON API,
// answers with its rule in words, and has its next three occurrences as
// published gatherings at 18:00 London time whose public Event keeps the
// call link back; input errors name the field.
func TestSeriesThroughTheAPI(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			gather := servertest.Start(t, db)
			tok := token(t, gather)

			var s struct {
				ID               int64  `json:"id"`
				When             string `json:"when"`
				Online           bool   `json:"online"`
				LinkForAttendees bool   `json:"link_for_attendees"`
				ReminderMinutes  []int  `json:"reminder_minutes"`
				Version          int    `json:"version"`
			}
			require.Equal(t, http.StatusCreated, apiCall(t, http.MethodPost, gather.Base+"/api/v1/series", tok, []byte(monthlyCallJSON), &s))
			require.Equal(t, "Monthly on the second Tuesday, 18:00 London time", strings.Split(s.When, ", until")[0])
			require.True(t, s.Online)
			require.True(t, s.LinkForAttendees)
			require.Equal(t, []int{1440, 15}, s.ReminderMinutes)

			var occ struct {
				Occurrences []struct {
					GatheringID int64  `json:"gathering_id"`
					StartsAt    string `json:"starts_at"`
					Status      string `json:"status"`
				} `json:"occurrences"`
			}
			require.Equal(t, http.StatusOK, apiCall(t, http.MethodGet, gather.Base+"/api/v1/series/"+itoa(s.ID)+"/occurrences", tok, nil, &occ))
			require.Len(t, occ.Occurrences, 3)
			for _, o := range occ.Occurrences {
				start, err := time.Parse(time.RFC3339, o.StartsAt)
				require.NoError(t, err)
				require.Equal(t, "18:00", start.Format("15:04"), "18:00 London, summer or winter: %s", o.StartsAt)
				require.Equal(t, time.Tuesday, start.Weekday())
				require.Equal(t, "published", o.Status)
				doc, err := gather.App.EventDocument(context.Background(), "gathering", o.GatheringID)
				require.NoError(t, err)
				require.NotContains(t, string(doc), "secret-room")
			}

			var list struct {
				Series []struct {
					ID int64 `json:"id"`
				} `json:"series"`
			}
			require.Equal(t, http.StatusOK, apiCall(t, http.MethodGet, gather.Base+"/api/v1/series", tok, nil, &list))
			require.Len(t, list.Series, 1)

			bad := strings.Replace(monthlyCallJSON, `"Europe/London"`, `"Mars/Olympus"`, 1)
			var e struct{ Error, Field string }
			require.Equal(t, http.StatusBadRequest, apiCall(t, http.MethodPost, gather.Base+"/api/v1/series", tok, []byte(bad), &e))
			require.Equal(t, "timezone", e.Field, e.Error)
			bad = strings.Replace(monthlyCallJSON, `"week": 2`, `"week": 9`, 1)
			require.Equal(t, http.StatusBadRequest, apiCall(t, http.MethodPost, gather.Base+"/api/v1/series", tok, []byte(bad), &e))
			require.Equal(t, "rule", e.Field, e.Error)

			require.Equal(t, http.StatusNotFound, apiCall(t, http.MethodGet, gather.Base+"/api/v1/series/999", tok, nil, &e))
			require.Equal(t, http.StatusNoContent, apiCall(t, http.MethodDelete, gather.Base+"/api/v1/series/"+itoa(s.ID), tok, nil, nil))
		})
	}
}
