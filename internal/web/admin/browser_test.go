package admin_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/web"
	"github.com/gather-coop/gather/internal/web/browsertest"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
)

// The browser test drives a headless Chromium (GATHER_BROWSER, else
// /usr/bin/chromium) and runs axe-core (GATHER_AXE_JS) in it, as the
// public pages' browser test does. .ci/run installs both; without them
// the test skips and says why.

// focused describes the element that has the keyboard focus, and whether
// the focus can be seen.
type focused struct {
	ID      string `json:"id"`
	Tag     string `json:"tag"`
	Outline string `json:"outline"`
}

const whoHasFocus = `(() => { const e = document.activeElement, s = getComputedStyle(e);
  return {id: e.id, tag: e.tagName.toLowerCase(), outline: s.outlineStyle + " " + s.outlineWidth}; })()`

// tabTo presses Tab until the element matching selector has the focus,
// and checks that the focus can be seen there.
func tabTo(t *testing.T, ctx context.Context, selector string) {
	t.Helper()
	var path []string
	for range 15 {
		require.NoError(t, chromedp.Do(browsertest.Within(t, ctx), chromedp.KeyEvent(kb.Tab)))
		f := browsertest.Evaluate[focused](t, ctx, whoHasFocus)
		path = append(path, f.Tag+"#"+f.ID)
		if browsertest.Evaluate[bool](t, ctx, fmt.Sprintf(`document.activeElement.matches(%q)`, selector)) {
			require.NotContains(t, f.Outline, "none", "the focus on %s can be seen", selector)
			require.NotEqual(t, "0px", strings.Fields(f.Outline)[1], "the focus on %s can be seen", selector)
			return
		}
	}
	t.Fatalf("Tab never reached %s; it went %v", selector, path)
}

// TestBrowserSignIn signs in with the keyboard alone, lands on the
// dashboard, and has axe-core check the admin's pages.
func TestBrowserSignIn(t *testing.T) {
	t.Parallel()
	ctx := browsertest.Start(t)
	// Without axe-core the keyboard part runs anyway, and the test then
	// reports itself skipped.
	axe, axeMissing := browsertest.AxeScript()
	b := setup(t, "sqlite")
	b.user(t, "ada", model.RoleAdmin)
	b.user(t, "grace", model.RoleOrganiser) // someone to be asked about removing
	seedGatherings(t, b)
	seedSignups(t, b) // gathering 3: sign-ups, a waitlist, day-of codes

	// Keyboard only: Tab to each field, type, Enter.
	require.NoError(t, chromedp.Do(browsertest.Within(t, ctx),
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(b.base+"/admin/users"),
		chromedp.WaitVisible("#username"),
	))
	require.Equal(t, "/admin/sign-in?next=%2Fadmin%2Fusers", browsertest.Evaluate[string](t, ctx, `location.pathname + location.search`))
	browsertest.Screenshot(t, ctx, "admin-sign-in.png")
	tabTo(t, ctx, "#username")
	require.NoError(t, chromedp.Do(browsertest.Within(t, ctx), chromedp.KeyEvent("ada")))
	tabTo(t, ctx, "#password")
	require.NoError(t, chromedp.Do(browsertest.Within(t, ctx), chromedp.KeyEvent("a wrong password"), chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(".error-summary")))
	f := browsertest.Evaluate[focused](t, ctx, whoHasFocus)
	require.Equal(t, "password", f.ID, "after a mistake the cursor is in the field to correct")
	require.Equal(t, "ada", browsertest.Evaluate[string](t, ctx, `document.getElementById("username").value`))
	browsertest.Screenshot(t, ctx, "admin-sign-in-error.png")
	browsertest.CheckAccessibility(t, ctx, axe, "", 1280) // the page with its errors, as it is

	require.NoError(t, chromedp.Do(browsertest.Within(t, ctx), chromedp.KeyEvent(password("ada")), chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(`nav[aria-label="Admin"]`)))
	require.Equal(t, "/admin/users", browsertest.Evaluate[string](t, ctx, `location.pathname`), "back to the page asked for")

	// Then the dashboard, by keyboard too: the navigation's first link.
	tabTo(t, ctx, `nav a[href="/admin"]`)
	require.NoError(t, chromedp.Do(browsertest.Within(t, ctx), chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible("table.list")))
	require.Equal(t, "/admin", browsertest.Evaluate[string](t, ctx, `location.pathname`))
	require.Contains(t, browsertest.Evaluate[string](t, ctx, `document.querySelector("main").innerText`), "Network day")
	browsertest.Screenshot(t, ctx, "admin-dashboard.png")

	checked := []string{"/admin", "/admin/password", "/admin/users", "/admin/users/2/remove", "/admin/settings", "/admin/doctor",
		"/admin/gatherings/new", "/admin/gatherings/1", "/admin/gatherings/1/sessions/new",
		"/admin/gatherings/1/schedule", "/admin/gatherings/2/publish", "/admin/gatherings/1/cancel", "/admin/gatherings/1/delete",
		"/admin/gatherings/1/signups", "/admin/gatherings/3/signups", "/admin/gatherings/2/preview",
		"/admin/sessions/1", "/admin/sessions/1/delete", "/admin/sessions/1/preview",
		"/admin/followers", "/admin/moderation", "/admin/moderation/block-domain?domain=spam.example", "/admin/moderation/block-domain?domain=not+a+domain", "/admin/reports",
		"/admin/audit", "/admin/report-account?coop=events&account=https%3A%2F%2Fsocial.example%2Fusers%2Fspam", "/admin/reports?state=all"}
	requireEveryPageChecked(t, b, checked)
	events, err := b.inst.Store.ActorGetByHandle(t.Context(), "events")
	require.NoError(t, err)
	_, err = b.inst.Store.ReportInsert(t.Context(), &model.Report{URI: "https://social.example/flag/1", ReporterURI: "https://social.example/actor",
		ActorID: events.ID, ObjectURIs: []string{b.inst.App.URLs().Actor("events"), b.inst.App.URLs().Gathering(1)},
		Content: "Spam in the replies, a long comment to see how it wraps on a narrow screen", ReceivedAt: time.Now()})
	require.NoError(t, err)
	// An organiser's report, not sent yet (its form offers to), and an
	// entry of the audit log.
	_, err = b.inst.Store.ReportInsert(t.Context(), &model.Report{URI: b.inst.App.URLs().NewActivity(), ReporterURI: b.inst.App.URLs().Actor("events"),
		ActorID: events.ID, ObjectURIs: []string{"https://social.example/users/spam", "https://social.example/users/spam/statuses/1"},
		Content: "Spam", ReceivedAt: time.Now(), TargetURI: "https://social.example/users/spam", ReporterUser: "grace"})
	require.NoError(t, err)
	require.NoError(t, b.inst.Store.AuditInsert(t.Context(), &model.AuditEntry{At: time.Now(), Username: "grace", Via: model.AuditViaWeb,
		ActorID: &events.ID, Coop: "events", Action: "gathering.edit", Target: `gathering 1 "Network day"`, Detail: "title, place"}))
	for _, width := range []int64{1280, 390} {
		for _, path := range checked {
			browsertest.CheckAccessibility(t, ctx, axe, b.base+path, width)
		}
	}
	require.NoError(t, chromedp.Do(browsertest.Within(t, ctx), chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(b.base+"/admin/gatherings/1"), chromedp.WaitVisible("#title")))
	require.Equal(t, "Network day", browsertest.Evaluate[string](t, ctx, `document.getElementById("title").value`), "the editor shows the gathering")
	browsertest.Screenshot(t, ctx, "admin-gathering-editor.png")
	require.NoError(t, chromedp.Do(browsertest.Within(t, ctx), chromedp.Navigate(b.base+"/admin/doctor"), chromedp.WaitVisible("table.doctor")))
	browsertest.Screenshot(t, ctx, "admin-doctor.png")
	require.NoError(t, chromedp.Do(browsertest.Within(t, ctx), chromedp.Navigate(b.base+"/admin/gatherings/3/signups"), chromedp.WaitVisible("meter")))
	require.True(t, browsertest.Evaluate[bool](t, ctx, `[...document.images].every(i => i.complete && i.naturalWidth > 0)`), "the QR codes load")
	browsertest.Screenshot(t, ctx, "admin-signups.png")
	require.NoError(t, chromedp.Do(browsertest.Within(t, ctx), chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile),
		chromedp.Navigate(b.base+"/admin"), chromedp.WaitVisible("table.list")))
	require.LessOrEqual(t, browsertest.Evaluate[float64](t, ctx, `document.documentElement.scrollWidth`), browsertest.Evaluate[float64](t, ctx, `innerWidth`),
		"on a phone nothing scrolls sideways")
	browsertest.Screenshot(t, ctx, "admin-dashboard-narrow.png")

	// Signed out, the sign-in page itself, at both widths.
	require.NoError(t, chromedp.Do(browsertest.Within(t, ctx), chromedp.EmulateViewport(1280, 900), chromedp.Navigate(b.base+"/admin"),
		chromedp.WaitVisible(`form.sign-out button`), chromedp.Click(`form.sign-out button`), chromedp.WaitVisible("#username")))
	for _, width := range []int64{1280, 390} {
		browsertest.CheckAccessibility(t, ctx, axe, b.base+"/admin/sign-in", width)
	}
	if axeMissing != "" {
		t.Skip(axeMissing)
	}
}

// checkedElsewhere are the admin's pages that other browser tests give
// to axe (they need followers to exist), and the ones that are not pages.
var checkedElsewhere = map[string]bool{
	"/admin/network":                   true, // TestBrowserNetwork
	"/admin/gatherings/{id}/proposals": true, // TestBrowserPlaceOpenSpaceByKeyboard
	"/admin/sign-in":                   true, "/admin/followers/reject": true, "/admin/followers/remove": true,
	"/admin/moderation/block-account": true, "/admin/series/new": true, "/admin/series": true, "/admin/series/{id}": true, // TestBrowserCreateSeries
	"/admin/assets/{name}": true, "/admin/gatherings/{id}/signups.csv": true, "/admin/sessions/{id}/qr.png": true,
}

// requireEveryPageChecked fails when a page of the admin's router is in
// neither checked nor checkedElsewhere, so that a new page cannot miss
// the accessibility check.
func requireEveryPageChecked(t *testing.T, b *testBundle, checked []string) {
	t.Helper()
	site := web.NewHandler(web.Config{App: b.inst.App, Log: slog.New(slog.DiscardHandler), Metrics: prometheus.NewRegistry()})
	for _, rt := range routes(t, site) {
		if rt.method != http.MethodGet || !strings.HasPrefix(rt.pattern, "/admin") || checkedElsewhere[rt.pattern] {
			continue
		}
		quoted := regexp.QuoteMeta(urlParam.ReplaceAllString(strings.TrimSuffix(rt.pattern, "/"), "PARAM"))
		pattern := regexp.MustCompile("^" + strings.ReplaceAll(quoted, "PARAM", `[^/]+`) + "$")
		found := false
		for _, path := range checked {
			p, _, _ := strings.Cut(path, "?")
			found = found || pattern.MatchString(p)
		}
		require.True(t, found, "axe checks the page %s", rt.pattern)
	}
}

// seedGatherings gives the dashboard something to list: a published
// gathering and a draft, whose session (session 1) has a facilitator whose
// server is down, so that its page carries the note next to the field.
func seedGatherings(t *testing.T, b *testBundle) {
	t.Helper()
	for i, title := range []string{"Network day", "Spring assembly"} {
		in := app.GatheringInput{
			Title: title, Timezone: "Europe/London",
			StartsAt: fmt.Sprintf("2030-03-%02dT10:00", 20+i), EndsAt: fmt.Sprintf("2030-03-%02dT17:00", 20+i),
			Venue: &app.VenueInput{Name: "Co-op workspace", Locality: "London", Country: "GB"},
		}
		if i == 1 {
			in.Sessions = []app.SessionInput{{Title: "Opening", StartsAt: "2030-03-21T10:00", EndsAt: "2030-03-21T11:00",
				Facilitators: []string{"Ada", "@sam@127.0.0.1:1"}}}
		}
		_, err := b.inst.App.CreateGathering(t.Context(), "events", &in, i == 0)
		require.NoError(t, err)
	}
}
