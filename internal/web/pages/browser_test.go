package pages_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/web/browsertest"
)

// The browser test drives a headless Chromium and runs axe-core in it
// (see internal/web/browsertest); without them it skips and says why.

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
	ctx := browsertest.Start(t)
	b := setup(t)
	in := exampleInput(t)
	ref := b.create(t, true, nil)
	gatheringURL := fmt.Sprintf("%s/gatherings/%d", b.base, ref.ID)
	series, err := b.inst.App.CreateSeries(t.Context(), "events", monthlyCall())
	require.NoError(t, err)

	t.Run("schedule grid", func(t *testing.T) {
		require.NoError(t, chromedp.Do(browsertest.Within(t, ctx),
			chromedp.EmulateViewport(1280, 900),
			chromedp.Navigate(gatheringURL),
			chromedp.WaitVisible("table.grid"),
		))
		grids := browsertest.Evaluate[[]gridBoxes](t, ctx, measureGrids)
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

		browsertest.Screenshot(t, ctx, "gathering-page.png")
	})

	t.Run("narrow screen", func(t *testing.T) {
		require.NoError(t, chromedp.Do(browsertest.Within(t, ctx),
			chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile),
			chromedp.Navigate(gatheringURL),
			chromedp.WaitVisible("table.grid"),
		))
		tops := browsertest.Evaluate[[]float64](t, ctx, `[...document.querySelectorAll("td[data-start]")].map(td => td.getBoundingClientRect().top + scrollY)`)
		require.Len(t, tops, len(in.Sessions))
		require.True(t, slices.IsSorted(tops), "on a phone the sessions are a list, one under another, by time: %v", tops)
		scrollWidth := browsertest.Evaluate[float64](t, ctx, `document.documentElement.scrollWidth`)
		innerWidth := browsertest.Evaluate[float64](t, ctx, `innerWidth`)
		require.LessOrEqual(t, scrollWidth, innerWidth, "nothing scrolls sideways")
		browsertest.Screenshot(t, ctx, "gathering-page-narrow.png")
	})

	t.Run("other pages", func(t *testing.T) {
		for name, u := range map[string]string{
			"session-page.png": fmt.Sprintf("%s/sessions/%d", b.base, ref.Sessions[1].ID),
			"profile-page.png": b.base + "/@events",
			"home-page.png":    b.base + "/",
		} {
			require.NoError(t, chromedp.Do(browsertest.Within(t, ctx), chromedp.EmulateViewport(1280, 900), chromedp.Navigate(u), chromedp.WaitVisible("h1")))
			browsertest.Screenshot(t, ctx, name)
		}
	})

	t.Run("axe", func(t *testing.T) {
		axe, missing := browsertest.AxeScript()
		if missing != "" {
			t.Skip(missing)
		}
		pages := []string{
			gatheringURL,
			fmt.Sprintf("%s/sessions/%d", b.base, ref.Sessions[1].ID),
			b.base + "/@events",
			b.base + "/",
			fmt.Sprintf("%s/series/%d", b.base, series.ID),
		}
		for _, width := range []int64{1280, 390} {
			for _, u := range pages {
				browsertest.CheckAccessibility(t, ctx, axe, u, width)
			}
		}
	})
}
