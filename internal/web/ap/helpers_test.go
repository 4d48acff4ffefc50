package ap_test

import (
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/server/servertest"
)

// The end-to-end tests (internal/e2e) have these too; the inbox's own
// tests need only these few.

const wait = 30 * time.Second

// followers returns the public total of the co-op's followers collection.
func followers(t *testing.T, gather *servertest.Instance) int {
	t.Helper()
	var doc struct {
		TotalItems int `json:"totalItems"`
	}
	req, err := http.NewRequest(http.MethodGet, gather.Base+"/actors/events/followers", nil)
	require.NoError(t, err)
	req.Header.Set("Accept", "application/activity+json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	require.NoError(t, json.Unmarshal(body, &doc), string(body))
	return doc.TotalItems
}
