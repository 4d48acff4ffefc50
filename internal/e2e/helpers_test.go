package e2e_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/server/servertest"
)

func appProfile(approval bool) app.ProfileParams {
	return app.ProfileParams{Name: "Co-op events", SummaryHTML: "<p>Gatherings of tech co-ops.</p>",
		ManuallyApprovesFollowers: approval, Discoverable: true}
}

// post sends body to url as alice would, after sign (which may tamper).
func post(t *testing.T, alice *fedtest.Actor, url, contentType string, body []byte, tamper func(r *http.Request, body *[]byte)) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, nil)
	require.NoError(t, err)
	req.Header.Set("Content-Type", contentType)
	require.NoError(t, alice.Sign(req, body))
	if tamper != nil {
		tamper(req, &body)
	}
	req.Body = io.NopCloser(bytes.NewReader(body))
	req.ContentLength = int64(len(body))
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	msg, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, strings.TrimSpace(string(msg))
}

// followedBy is the start of a test about followers: name, on a new
// remote server of flavor, follows the co-op account @events of gather
// through inbox (a path: "/inbox" is the shared inbox), and the Accept has
// arrived, so that what gather publishes next reaches them.
func followedBy(t *testing.T, gather *servertest.Instance, flavor fedtest.Flavor, name, inbox string) (*fedtest.Server, *fedtest.Actor) {
	t.Helper()
	remote := fedtest.NewServer(t, flavor)
	follower := remote.AddActor(name)
	_, err := follower.Follow(context.Background(), gather.Base+"/actors/events", gather.Base+inbox)
	require.NoError(t, err)
	remote.WaitForDelivery(t, fedtest.OfType("Accept"), wait)
	return remote, follower
}
