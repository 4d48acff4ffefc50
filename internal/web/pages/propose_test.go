package pages_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/app"
)

// TestProposeAtVenue: with sign-up at the venue on, the gathering's page
// offers a form to propose a talk or a topic with a name; the organisers
// then find it, the same phone proposing again changes its own, and a
// proposal without a title, or from another site, is refused.
func TestProposeAtVenue(t *testing.T) {
	t.Parallel()
	b := setup(t)
	yes := true
	in := app.GatheringInput{Title: "Door day", Timezone: "Europe/London", StartsAt: "2027-04-10T10:00", EndsAt: "2027-04-10T17:00",
		Venue: &app.VenueInput{Name: "Hall"}, DayOfSignup: &yes}
	ref, err := b.inst.App.CreateGathering(t.Context(), "events", &in, true)
	require.NoError(t, err)
	page := b.get(t, strings.TrimPrefix(ref.URL, b.base))
	require.Contains(t, page.Body, `action="`+ref.URL+`/propose"`, "the form shows while sign-up at the venue is on")

	propose := func(jar http.CookieJar, form url.Values, headers ...string) (int, string) {
		c := &http.Client{Jar: jar}
		req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, ref.URL+"/propose", strings.NewReader(form.Encode()))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		res, err := c.Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		body, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		return res.StatusCode, string(body)
	}
	phone, err := cookiejar.New(nil)
	require.NoError(t, err)
	status, body := propose(phone, url.Values{"kind": {"openspace"}, "title": {"Tool   libraries"}, "name": {"Sam"}})
	require.Equal(t, http.StatusOK, status, body)
	require.Contains(t, body, "open-space topic “Tool libraries”")
	status, _ = propose(phone, url.Values{"kind": {"openspace"}, "title": {"Tool libraries for co-ops"}, "name": {"Sam"}})
	require.Equal(t, http.StatusOK, status)
	status, body = propose(phone, url.Values{"kind": {"lightning"}, "title": {""}, "name": {"Sam"}})
	require.Equal(t, http.StatusBadRequest, status)
	require.Contains(t, body, "Give a title")
	status, _ = propose(phone, url.Values{"kind": {"lightning"}, "title": {"Elsewhere"}, "name": {"Eve"}}, "Sec-Fetch-Site", "cross-site")
	require.Equal(t, http.StatusForbidden, status, "another site cannot propose for people")

	ps, err := b.inst.App.Proposals(t.Context(), ref.ID)
	require.NoError(t, err)
	require.Len(t, ps.OpenSpace, 1, "the same phone's second topic changed its first")
	require.Equal(t, "Tool libraries for co-ops", ps.OpenSpace[0].Title)
	require.Equal(t, "Sam (at the venue)", ps.OpenSpace[0].Proposer)
	require.Empty(t, ps.Lightning)
}
