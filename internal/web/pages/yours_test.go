package pages_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/app"
)

// venueDay publishes a gathering taking sign-ups at the door, with a
// one-seat workshop and a talk in two rooms.
func venueDay(t *testing.T, b *testBundle) app.GatheringRef {
	t.Helper()
	one, yes, nook, main := 1, true, "Nook", "Main room"
	in := app.GatheringInput{Title: "Door day", Timezone: "Europe/London", StartsAt: "2027-04-10T10:00", EndsAt: "2027-04-10T17:00",
		Venue: &app.VenueInput{Name: "Hall"}, DayOfSignup: &yes,
		Rooms: []app.RoomInput{{Name: "Nook", Capacity: &one}, {Name: "Main room"}},
		Sessions: []app.SessionInput{
			{Title: "Tiny workshop", Room: &nook, StartsAt: "2027-04-10T11:00", EndsAt: "2027-04-10T12:00"},
			{Title: "Big talk", Room: &main, StartsAt: "2027-04-10T14:30", EndsAt: "2027-04-10T15:15"}}}
	ref, err := b.inst.App.CreateGathering(t.Context(), "events", &in, true)
	require.NoError(t, err)
	return ref
}

// TestYourSessionsAtTheVenue: after signing up at the door, the page
// says "Your sessions" with every session signed up for with that phone
// (times in the gathering's zone, rooms, a waitlisted place marked), and
// the gathering's "yours" page lists the same later; another phone sees
// only its own, and a phone that signed up for nothing sees none.
func TestYourSessionsAtTheVenue(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ref := venueDay(t, b)
	do := func(jar http.CookieJar, method, url, name string) (int, string) {
		t.Helper()
		var body io.Reader
		if method == http.MethodPost {
			body = strings.NewReader("name=" + name)
		}
		req, err := http.NewRequestWithContext(t.Context(), method, url, body)
		require.NoError(t, err)
		if body != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		res, err := (&http.Client{Jar: jar}).Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		out, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		return res.StatusCode, string(out)
	}
	phoneA, _ := cookiejar.New(nil)
	phoneB, _ := cookiejar.New(nil)
	phoneC, _ := cookiejar.New(nil)
	workshop, talk := ref.Sessions[0].URL, ref.Sessions[1].URL

	status, body := do(phoneB, http.MethodPost, workshop+"/signup", "Kit")
	require.Equal(t, http.StatusOK, status, body)
	status, body = do(phoneA, http.MethodPost, talk+"/signup", "Sam")
	require.Equal(t, http.StatusOK, status, body)
	require.Contains(t, body, "Your sessions")
	status, body = do(phoneA, http.MethodPost, workshop+"/signup", "Sam")
	require.Equal(t, http.StatusOK, status, body)
	require.Contains(t, body, "#1 in line")
	section := body[strings.Index(body, `id="yours-heading"`):]
	require.Contains(t, section, "Tiny workshop</a> <span class=\"yours-when\">Sat 10 Apr, 11:00–12:00 · Nook</span> <strong>(waitlist)</strong>")
	require.Contains(t, section, "Big talk</a> <span class=\"yours-when\">Sat 10 Apr, 14:30–15:15 · Main room</span></li>")
	require.Less(t, strings.Index(section, "Tiny workshop"), strings.Index(section, "Big talk"), "by start")

	yours := ref.URL + "/yours"
	status, body = do(phoneA, http.MethodGet, yours, "")
	require.Equal(t, http.StatusOK, status)
	require.Contains(t, body, "Tiny workshop")
	require.Contains(t, body, "Big talk")
	status, body = do(phoneB, http.MethodGet, yours, "")
	require.Equal(t, http.StatusOK, status)
	require.Contains(t, body, "Tiny workshop")
	require.NotContains(t, body, "Big talk", "only this phone's")
	status, body = do(phoneC, http.MethodGet, yours, "")
	require.Equal(t, http.StatusOK, status)
	require.Contains(t, body, "Nothing signed up for with this phone yet")
	status, _ = do(phoneC, http.MethodGet, b.base+"/gatherings/999/yours", "")
	require.Equal(t, http.StatusNotFound, status)
}
