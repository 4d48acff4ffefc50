package admin_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
)

// The browser test drives a headless Chromium (GATHER_BROWSER, else
// /usr/bin/chromium) and runs axe-core (GATHER_AXE_JS) in it, as the
// public pages' browser test does. .ci/run installs both; without them
// the test skips and says why.

func browserBinary(t *testing.T) string {
	t.Helper()
	candidates := []string{"/usr/bin/chromium", "/usr/bin/chromium-browser"}
	if env := os.Getenv("GATHER_BROWSER"); env != "" {
		candidates = []string{env}
	}
	for _, c := range candidates {
		if info, err := os.Stat(c); err == nil && !info.IsDir() {
			return c
		}
	}
	t.Skipf("no Chromium at %v: install it (apt-get install chromium) or set GATHER_BROWSER; .ci/run does both", candidates)
	return ""
}

// axeScript returns axe-core's axe.min.js, or "" and why not.
func axeScript() (script, missing string) {
	path := os.Getenv("GATHER_AXE_JS")
	if path == "" {
		return "", "GATHER_AXE_JS is not set: point it at axe-core's axe.min.js (.ci/run installs it with npm)"
	}
	axe, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Sprintf("axe-core not readable at GATHER_AXE_JS=%s: %v", path, err)
	}
	return string(axe), ""
}

// chromium starts a headless Chromium with a fresh profile and returns a
// context for one tab. It stops when t ends.
func chromium(t *testing.T) context.Context {
	t.Helper()
	bin := browserBinary(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		chromedp.WindowSize(1280, 900),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(allocCtx, chromedp.WithErrorf(t.Logf))
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
	})
	// The first call starts the browser and binds it to ctx, which must
	// have no deadline; each step below gets its own.
	require.NoError(t, chromedp.Do(ctx), "start %s", bin)
	return ctx
}

// within bounds one step in the browser.
func within(t *testing.T, ctx context.Context) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func evaluate[T any](t *testing.T, ctx context.Context, script string, opts ...chromedp.EvaluateOption) T {
	t.Helper()
	v, err := chromedp.Run(within(t, ctx), chromedp.Evaluate[T](script, opts...))
	require.NoError(t, err)
	return v
}

// screenshot saves the whole page as name in the artifacts folder,
// $GATHER_ARTIFACTS or /tmp/gather-artifacts.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(within(t, ctx), chromedp.FullScreenshot(100))
	require.NoError(t, err)
	dir := os.Getenv("GATHER_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "gather-artifacts")
	}
	require.NoError(t, os.MkdirAll(dir, 0o755))
	path := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(path, png, 0o644))
	t.Logf("screenshot: %s", path)
}

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
		require.NoError(t, chromedp.Do(within(t, ctx), chromedp.KeyEvent(kb.Tab)))
		f := evaluate[focused](t, ctx, whoHasFocus)
		path = append(path, f.Tag+"#"+f.ID)
		if evaluate[bool](t, ctx, fmt.Sprintf(`document.activeElement.matches(%q)`, selector)) {
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
	ctx := chromium(t)
	// Without axe-core the keyboard part runs anyway, and the test then
	// reports itself skipped.
	axe, axeMissing := axeScript()
	b := setup(t, "sqlite")
	b.user(t, "ada", model.RoleAdmin)
	seedGatherings(t, b)
	seedSignups(t, b) // gathering 3: sign-ups, a waitlist, day-of codes

	// Keyboard only: Tab to each field, type, Enter.
	require.NoError(t, chromedp.Do(within(t, ctx),
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(b.base+"/admin/users"),
		chromedp.WaitVisible("#username"),
	))
	require.Equal(t, "/admin/sign-in?next=%2Fadmin%2Fusers", evaluate[string](t, ctx, `location.pathname + location.search`))
	screenshot(t, ctx, "admin-sign-in.png")
	tabTo(t, ctx, "#username")
	require.NoError(t, chromedp.Do(within(t, ctx), chromedp.KeyEvent("ada")))
	tabTo(t, ctx, "#password")
	require.NoError(t, chromedp.Do(within(t, ctx), chromedp.KeyEvent("a wrong password"), chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(".error-summary")))
	f := evaluate[focused](t, ctx, whoHasFocus)
	require.Equal(t, "password", f.ID, "after a mistake the cursor is in the field to correct")
	require.Equal(t, "ada", evaluate[string](t, ctx, `document.getElementById("username").value`))
	screenshot(t, ctx, "admin-sign-in-error.png")
	checkAccessibility(t, ctx, axe, "", 1280) // the page with its errors, as it is

	require.NoError(t, chromedp.Do(within(t, ctx), chromedp.KeyEvent(password("ada")), chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(`nav[aria-label="Admin"]`)))
	require.Equal(t, "/admin/users", evaluate[string](t, ctx, `location.pathname`), "back to the page asked for")

	// Then the dashboard, by keyboard too: the navigation's first link.
	tabTo(t, ctx, `nav a[href="/admin"]`)
	require.NoError(t, chromedp.Do(within(t, ctx), chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible("table.list")))
	require.Equal(t, "/admin", evaluate[string](t, ctx, `location.pathname`))
	require.Contains(t, evaluate[string](t, ctx, `document.querySelector("main").innerText`), "Network day")
	screenshot(t, ctx, "admin-dashboard.png")

	for _, width := range []int64{1280, 390} {
		for _, path := range []string{"/admin", "/admin/password", "/admin/users", "/admin/settings",
			"/admin/gatherings/new", "/admin/gatherings/1", "/admin/gatherings/1/sessions/new",
			"/admin/gatherings/1/schedule", "/admin/gatherings/2/publish", "/admin/gatherings/1/cancel", "/admin/gatherings/1/delete",
			"/admin/gatherings/1/signups", "/admin/gatherings/3/signups"} {
			checkAccessibility(t, ctx, axe, b.base+path, width)
		}
	}
	require.NoError(t, chromedp.Do(within(t, ctx), chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(b.base+"/admin/gatherings/1"), chromedp.WaitVisible("#title")))
	require.Equal(t, "Network day", evaluate[string](t, ctx, `document.getElementById("title").value`), "the editor shows the gathering")
	screenshot(t, ctx, "admin-gathering-editor.png")
	require.NoError(t, chromedp.Do(within(t, ctx), chromedp.Navigate(b.base+"/admin/gatherings/3/signups"), chromedp.WaitVisible("meter")))
	require.True(t, evaluate[bool](t, ctx, `[...document.images].every(i => i.complete && i.naturalWidth > 0)`), "the QR codes load")
	screenshot(t, ctx, "admin-signups.png")
	require.NoError(t, chromedp.Do(within(t, ctx), chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile),
		chromedp.Navigate(b.base+"/admin"), chromedp.WaitVisible("table.list")))
	require.LessOrEqual(t, evaluate[float64](t, ctx, `document.documentElement.scrollWidth`), evaluate[float64](t, ctx, `innerWidth`),
		"on a phone nothing scrolls sideways")
	screenshot(t, ctx, "admin-dashboard-narrow.png")

	// Signed out, the sign-in page itself, at both widths.
	require.NoError(t, chromedp.Do(within(t, ctx), chromedp.EmulateViewport(1280, 900), chromedp.Navigate(b.base+"/admin"),
		chromedp.WaitVisible(`form.sign-out button`), chromedp.Click(`form.sign-out button`), chromedp.WaitVisible("#username")))
	for _, width := range []int64{1280, 390} {
		checkAccessibility(t, ctx, axe, b.base+"/admin/sign-in", width)
	}
	if axeMissing != "" {
		t.Skip(axeMissing)
	}
}

// seedGatherings gives the dashboard something to list: a published
// gathering and a draft.
func seedGatherings(t *testing.T, b *testBundle) {
	t.Helper()
	for i, title := range []string{"Network day", "Spring assembly"} {
		in := app.GatheringInput{
			Title: title, Timezone: "Europe/London",
			StartsAt: fmt.Sprintf("2030-03-%02dT10:00", 20+i), EndsAt: fmt.Sprintf("2030-03-%02dT17:00", 20+i),
			Venue: &app.VenueInput{Name: "Co-op workspace", Locality: "London", Country: "GB"},
		}
		_, err := b.inst.App.CreateGathering(t.Context(), "events", &in, i == 0)
		require.NoError(t, err)
	}
}

type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

type axeResult struct {
	Version    string         `json:"version"`
	Passes     int            `json:"passes"`
	Violations []axeViolation `json:"violations"`
}

const runAxe = `axe.run(document, {resultTypes: ["violations"]}).then(r => ({
  version: r.testEngine.version,
  passes: r.passes.length,
  violations: r.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + ": " + (n.failureSummary || "").split("\n").slice(1, 2).join(""))
  }))
}))`

// checkAccessibility runs axe-core on the page at pageURL ("" for the page
// open now), width pixels wide, and fails on any serious or critical
// violation. Without axe-core (axe == "") it does nothing.
func checkAccessibility(t *testing.T, ctx context.Context, axe, pageURL string, width int64) {
	t.Helper()
	if axe == "" {
		return
	}
	steps := []chromedp.Action[chromedp.Void]{chromedp.EmulateViewport(width, 900)}
	if pageURL != "" {
		steps = append(steps, chromedp.Navigate(pageURL))
	}
	steps = append(steps, chromedp.WaitReady("main"), chromedp.Evaluate[chromedp.Void](axe))
	require.NoError(t, chromedp.Do(within(t, ctx), steps...))
	res := evaluate[axeResult](t, ctx, runAxe, chromedp.EvalAwaitPromise)
	require.NotEmpty(t, res.Version, "axe-core ran")
	require.Positive(t, res.Passes, "axe-core checked something")
	where := pageURL
	if where == "" {
		where = evaluate[string](t, ctx, `location.href`)
	}
	if u, err := url.Parse(where); err == nil {
		where = u.RequestURI()
	}
	t.Logf("axe-core %s on %s at %dpx: %d rules passed, %d violated", res.Version, where, width, res.Passes, len(res.Violations))
	for _, v := range res.Violations {
		msg := fmt.Sprintf("%s at %dpx: %s (%s): %s\n  %s", where, width, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n  "))
		if v.Impact == "serious" || v.Impact == "critical" {
			t.Error(msg)
		} else {
			t.Log(msg)
		}
	}
}
