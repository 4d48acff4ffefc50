package pages_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// The browser tests drive a headless Chromium: GATHER_BROWSER, else
// /usr/bin/chromium. The accessibility check also needs axe-core's
// axe.min.js at GATHER_AXE_JS. .ci/run installs both; without them the
// tests skip and say why.

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

// browser starts a headless Chromium with a fresh profile and returns a
// context for one tab. It stops when t ends.
func browser(t *testing.T) context.Context {
	t.Helper()
	bin := browserBinary(t)
	profile := t.TempDir()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(profile),
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

// evaluate runs a script in the page and decodes its result.
func evaluate[T any](t *testing.T, ctx context.Context, script string, opts ...chromedp.EvaluateOption) T {
	t.Helper()
	v, err := chromedp.Run(within(t, ctx), chromedp.Evaluate[T](script, opts...))
	require.NoError(t, err)
	return v
}

// screenshot saves the whole page as name in the artifacts folder.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(within(t, ctx), chromedp.FullScreenshot(100))
	require.NoError(t, err)
	path := filepath.Join(artifactsDir(t), name)
	require.NoError(t, os.WriteFile(path, png, 0o644))
	t.Logf("screenshot: %s", path)
}

func artifactsDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("GATHER_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "gather-artifacts")
	}
	require.NoError(t, os.MkdirAll(dir, 0o755))
	return dir
}

// box is an element's place on the page, in CSS pixels from the top left
// of the document.
type box struct {
	Left, Right, Top, Bottom float64
}

// gridBoxes is one day's table, measured.
type gridBoxes struct {
	Columns map[string]box // by data-room
	Times   map[string]box // by data-time
	Cells   []cellBox
}

type cellBox struct {
	Title, Room, Start string
	box
}

const measureGrids = `(() => {
  const b = el => { const r = el.getBoundingClientRect();
    return {Left: r.left + scrollX, Right: r.right + scrollX, Top: r.top + scrollY, Bottom: r.bottom + scrollY}; };
  return [...document.querySelectorAll("table.grid")].map(table => {
    const g = {Columns: {}, Times: {}, Cells: []};
    table.querySelectorAll("thead th[data-room]").forEach(th => { g.Columns[th.dataset.room] = b(th); });
    table.querySelectorAll("tbody th[data-time]").forEach(th => { g.Times[th.dataset.time] = b(th); });
    table.querySelectorAll("td[data-start]").forEach(td => {
      g.Cells.push(Object.assign({Title: td.querySelector(".slot-title").textContent.trim(),
        Room: td.dataset.room, Start: td.dataset.start}, b(td)));
    });
    return g;
  });
})()`

// TestBrowser opens the example gathering in Chromium: every session sits
// in its room's column and its start time's row, the page is saved as a
// screenshot, and axe-core finds nothing serious on the pages people see.
func TestBrowser(t *testing.T) {
	t.Parallel()
	ctx := browser(t)
	b := setup(t)
	in := exampleInput(t)
	ref := b.create(t, true, nil)
	gatheringURL := fmt.Sprintf("%s/gatherings/%d", b.base, ref.ID)

	t.Run("schedule grid", func(t *testing.T) {
		require.NoError(t, chromedp.Do(within(t, ctx),
			chromedp.EmulateViewport(1280, 900),
			chromedp.Navigate(gatheringURL),
			chromedp.WaitVisible("table.grid"),
		))
		grids := evaluate[[]gridBoxes](t, ctx, measureGrids)
		require.Len(t, grids, 2, "one table per day")
		seen := map[string]bool{}
		for _, s := range in.Sessions {
			wantRoom := ""
			if s.Room != nil {
				wantRoom = *s.Room
			}
			wantStart := s.StartsAt[len("2006-01-02T") : len("2006-01-02T")+5]
			day := 0
			if strings.HasPrefix(s.StartsAt, "2027-03-28") {
				day = 1
			}
			g := grids[day]
			i := slices.IndexFunc(g.Cells, func(c cellBox) bool { return c.Title == s.Title })
			require.GreaterOrEqual(t, i, 0, "%q is in the grid of day %d", s.Title, day+1)
			c := g.Cells[i]
			seen[s.Title] = true
			require.Equal(t, wantRoom, c.Room, s.Title)
			require.Equal(t, wantStart, c.Start, s.Title)

			col, ok := g.Columns[wantRoom]
			require.True(t, ok, "a column for room %q", wantRoom)
			require.True(t, c.Left >= col.Left-1 && c.Right <= col.Right+1,
				"%q (x %.0f–%.0f) lies in the column of %q (x %.0f–%.0f)", s.Title, c.Left, c.Right, wantRoom, col.Left, col.Right)
			row, ok := g.Times[wantStart]
			require.True(t, ok, "a row for %s", wantStart)
			require.InDelta(t, row.Top, c.Top, 1.5, "%q starts in the row of %s", s.Title, wantStart)
			for other, r := range g.Times {
				if other > wantStart && r.Top < c.Bottom-1 {
					// The session reaches into later rows only up to its end.
					wantEnd := s.EndsAt[len("2006-01-02T") : len("2006-01-02T")+5]
					require.Less(t, other, wantEnd, "%q spans the row of %s", s.Title, other)
				}
			}
		}
		require.Len(t, seen, len(in.Sessions))

		screenshot(t, ctx, "gathering-page.png")
	})

	t.Run("narrow screen", func(t *testing.T) {
		require.NoError(t, chromedp.Do(within(t, ctx),
			chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile),
			chromedp.Navigate(gatheringURL),
			chromedp.WaitVisible("table.grid"),
		))
		tops := evaluate[[]float64](t, ctx, `[...document.querySelectorAll("td[data-start]")].map(td => td.getBoundingClientRect().top + scrollY)`)
		require.Len(t, tops, len(in.Sessions))
		require.True(t, slices.IsSorted(tops), "on a phone the sessions are a list, one under another, by time: %v", tops)
		scrollWidth := evaluate[float64](t, ctx, `document.documentElement.scrollWidth`)
		innerWidth := evaluate[float64](t, ctx, `innerWidth`)
		require.LessOrEqual(t, scrollWidth, innerWidth, "nothing scrolls sideways")
		screenshot(t, ctx, "gathering-page-narrow.png")
	})

	t.Run("other pages", func(t *testing.T) {
		for name, u := range map[string]string{
			"session-page.png": fmt.Sprintf("%s/sessions/%d", b.base, ref.Sessions[1].ID),
			"profile-page.png": b.base + "/@events",
			"home-page.png":    b.base + "/",
		} {
			require.NoError(t, chromedp.Do(within(t, ctx), chromedp.EmulateViewport(1280, 900), chromedp.Navigate(u), chromedp.WaitVisible("h1")))
			screenshot(t, ctx, name)
		}
	})

	t.Run("axe", func(t *testing.T) {
		axePath := os.Getenv("GATHER_AXE_JS")
		if axePath == "" {
			t.Skip("GATHER_AXE_JS is not set: point it at axe-core's axe.min.js (.ci/run installs it with npm)")
		}
		axe, err := os.ReadFile(axePath)
		if err != nil {
			t.Skipf("axe-core not readable at GATHER_AXE_JS=%s: %v", axePath, err)
		}
		pages := []string{
			gatheringURL,
			fmt.Sprintf("%s/sessions/%d", b.base, ref.Sessions[1].ID),
			b.base + "/@events",
			b.base + "/",
		}
		for _, width := range []int64{1280, 390} {
			for _, u := range pages {
				checkAccessibility(t, ctx, string(axe), u, width)
			}
		}
	})
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

// checkAccessibility runs axe-core on the page at url, width pixels wide,
// and fails on any serious or critical violation.
func checkAccessibility(t *testing.T, ctx context.Context, axe, url string, width int64) {
	t.Helper()
	require.NoError(t, chromedp.Do(within(t, ctx),
		chromedp.EmulateViewport(width, 900),
		chromedp.Navigate(url),
		chromedp.WaitReady("main"),
		chromedp.Evaluate[chromedp.Void](axe),
	))
	res := evaluate[axeResult](t, ctx, runAxe, chromedp.EvalAwaitPromise)
	require.NotEmpty(t, res.Version, "axe-core ran")
	require.Positive(t, res.Passes, "axe-core checked something")
	t.Logf("axe-core %s on %s at %dpx: %d rules passed, %d violated", res.Version, url, width, res.Passes, len(res.Violations))
	for _, v := range res.Violations {
		msg := fmt.Sprintf("%s at %dpx: %s (%s): %s\n  %s", url, width, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n  "))
		if v.Impact == "serious" || v.Impact == "critical" {
			t.Error(msg)
		} else {
			t.Log(msg)
		}
	}
}
