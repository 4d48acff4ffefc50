package e2e_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/server/servertest"
)

// TestGatheringRemindersThroughTheAPI (issue 18): a gathering's own
// reminders are written as "2h", "10m" in the JSON API, read back the
// same way and used; a wrong one is a 400 naming it; an occurrence of a
// series shows its series' reminders and refuses others.
func TestGatheringRemindersThroughTheAPI(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			gather := servertest.Start(t, db)
			tok := token(t, gather)
			api := gather.Base + "/api/v1/gatherings"

			var created ref
			body := `{"title": "Budget call", "timezone": "Europe/London", "starts_at": "2030-04-01T10:00", "ends_at": "2030-04-01T11:00",
				"online_url": "https://meet.example/budget", "reminders": ["10m", "2h"]}`
			require.Equal(t, http.StatusCreated, apiCall(t, http.MethodPost, api, tok, []byte(body), &created))
			var got struct {
				Reminders []string `json:"reminders"`
			}
			require.Equal(t, http.StatusOK, apiCall(t, http.MethodGet, api+"/"+itoa(created.ID), tok, nil, &got))
			require.Equal(t, []string{"2h", "10m"}, got.Reminders, "largest first")
			offsets, err := gather.App.GatheringReminders(ctx, created.ID)
			require.NoError(t, err)
			require.Equal(t, []time.Duration{2 * time.Hour, 10 * time.Minute}, offsets)

			require.Equal(t, http.StatusOK, apiCall(t, http.MethodPatch, api+"/"+itoa(created.ID), tok, []byte(`{"reminders": ["1d"]}`), nil))
			require.Equal(t, http.StatusOK, apiCall(t, http.MethodGet, api+"/"+itoa(created.ID), tok, nil, &got))
			require.Equal(t, []string{"24h"}, got.Reminders)
			require.Equal(t, http.StatusOK, apiCall(t, http.MethodPatch, api+"/"+itoa(created.ID), tok, []byte(`{"title": "Budget call (moved)"}`), nil))
			require.Equal(t, http.StatusOK, apiCall(t, http.MethodGet, api+"/"+itoa(created.ID), tok, nil, &got))
			require.Equal(t, []string{"24h"}, got.Reminders, "left as they were")
			require.Equal(t, http.StatusOK, apiCall(t, http.MethodPatch, api+"/"+itoa(created.ID), tok, []byte(`{"reminders": []}`), nil))
			require.Equal(t, http.StatusOK, apiCall(t, http.MethodGet, api+"/"+itoa(created.ID), tok, nil, &got))
			require.Equal(t, []string{"24h", "15m"}, got.Reminders, "back to the default of an online gathering")

			var e struct{ Error, Field string }
			require.Equal(t, http.StatusBadRequest, apiCall(t, http.MethodPatch, api+"/"+itoa(created.ID), tok, []byte(`{"reminders": ["24h", "soon"]}`), &e))
			require.Equal(t, "reminders[1]", e.Field, e.Error)

			var s struct {
				ID int64 `json:"id"`
			}
			require.Equal(t, http.StatusCreated, apiCall(t, http.MethodPost, gather.Base+"/api/v1/series", tok, []byte(monthlyCallJSON), &s))
			occ, err := gather.App.SeriesOccurrences(ctx, s.ID)
			require.NoError(t, err)
			one := api + "/" + itoa(occ[0].Gathering.ID)
			require.Equal(t, http.StatusOK, apiCall(t, http.MethodGet, one, tok, nil, &got))
			require.Equal(t, []string{"24h", "15m"}, got.Reminders, "the series'")
			require.Equal(t, http.StatusBadRequest, apiCall(t, http.MethodPatch, one, tok, []byte(`{"reminders": ["1h"]}`), &e))
			require.Equal(t, "reminders", e.Field, e.Error)
			require.Equal(t, http.StatusOK, apiCall(t, http.MethodPatch, one, tok, []byte(`{"reminders": ["24h", "15m"], "title": "January call"}`), nil),
				"what GET shows is taken back unchanged")
		})
	}
}
