// Package browsertest drives a headless Chromium for Gather's page tests
// and runs axe-core in it. The browser is GATHER_BROWSER, else
// /usr/bin/chromium; axe-core's axe.min.js is read from GATHER_AXE_JS;
// screenshots go to GATHER_ARTIFACTS, else /tmp/gather-artifacts.
// .ci/run installs both tools; without them tests skip and say why.
package browsertest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// binary returns the Chromium to drive, or skips t.
func binary(t *testing.T) string {
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

// Start starts a headless Chromium with a fresh profile and returns a
// context for one tab; it skips t when there is no Chromium, and stops the
// browser when t ends.
func Start(t *testing.T) context.Context {
	t.Helper()
	bin := binary(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true),
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
	// have no deadline; each step gets its own (Within).
	require.NoError(t, chromedp.Do(ctx), "start %s", bin)
	return ctx
}

// Within bounds one step in the browser to two minutes: long enough that
// only a hung browser reaches it, even on a loaded two-core machine where
// typing a paragraph key by key under -race has taken over 30 seconds.
func Within(t *testing.T, ctx context.Context) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// Evaluate runs a script in the page and decodes its result.
func Evaluate[T any](t *testing.T, ctx context.Context, script string, opts ...chromedp.EvaluateOption) T {
	t.Helper()
	v, err := chromedp.Run(Within(t, ctx), chromedp.Evaluate[T](script, opts...))
	require.NoError(t, err)
	return v
}

// Screenshot saves the whole page as name in the artifacts folder.
func Screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(Within(t, ctx), chromedp.FullScreenshot(100))
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

// AxeScript returns axe-core's axe.min.js, or "" and why not.
func AxeScript() (script, missing string) {
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

// CheckAccessibility runs axe-core (the script AxeScript read) on the page
// at pageURL ("" for the page open now), width pixels wide, and fails t on
// any serious or critical violation, logging the others. A rule named in
// excused is logged, never failed: a page whose purpose the rule cannot
// know of (the lobby board must reload itself) says so at the call. With
// no script it does nothing.
func CheckAccessibility(t *testing.T, ctx context.Context, axe, pageURL string, width int64, excused ...string) {
	t.Helper()
	if axe == "" {
		return
	}
	steps := []chromedp.Action[chromedp.Void]{chromedp.EmulateViewport(width, 900)}
	if pageURL != "" {
		steps = append(steps, chromedp.Navigate(pageURL))
	}
	steps = append(steps, chromedp.WaitReady("main"), chromedp.Evaluate[chromedp.Void](axe))
	require.NoError(t, chromedp.Do(Within(t, ctx), steps...))
	res := Evaluate[axeResult](t, ctx, runAxe, chromedp.EvalAwaitPromise)
	require.NotEmpty(t, res.Version, "axe-core ran")
	require.Positive(t, res.Passes, "axe-core checked something")
	where := pageURL
	if where == "" {
		where = Evaluate[string](t, ctx, `location.href`)
	}
	if u, err := url.Parse(where); err == nil {
		where = u.RequestURI()
	}
	t.Logf("axe-core %s on %s at %dpx: %d rules passed, %d violated", res.Version, where, width, res.Passes, len(res.Violations))
	for _, v := range res.Violations {
		msg := fmt.Sprintf("%s at %dpx: %s (%s): %s\n  %s", where, width, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n  "))
		if (v.Impact == "serious" || v.Impact == "critical") && !slices.Contains(excused, v.ID) {
			t.Error(msg)
		} else {
			t.Log(msg)
		}
	}
}
