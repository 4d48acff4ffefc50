package pages_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/web/browsertest"
)

// TestBrowserProposeAtVenueAndBoard (issue 19): on the day, with sign-up
// at the venue on, someone proposes an open-space topic on the
// gathering's page with the keyboard alone; once an organiser places it
// in the Small room at 15:00, the lobby board shows it next there. axe
// checks the gathering's page with its form at 1280 and 390 px.
func TestBrowserProposeAtVenueAndBoard(t *testing.T) {
	t.Parallel()
	ctx := browsertest.Start(t)
	b, clock := setupClock(t, "sqlite")
	clock.Set(time.Date(2027, 3, 27, 14, 40, 0, 0, london))
	yes := true
	ref := b.create(t, true, func(in *app.GatheringInput) { in.DayOfSignup = &yes })
	page := fmt.Sprintf("%s/gatherings/%d", b.base, ref.ID)
	axe, _ := browsertest.AxeScript()
	for _, width := range []int64{1280, 390} {
		browsertest.CheckAccessibility(t, ctx, axe, page, width)
	}

	require.NoError(t, chromedp.Do(browsertest.Within(t, ctx), chromedp.EmulateViewport(390, 844), chromedp.Navigate(page),
		chromedp.WaitVisible("#propose-title")))
	press := func(keys string) {
		require.NoError(t, chromedp.Do(browsertest.Within(t, ctx), chromedp.KeyEvent(keys)))
	}
	tabUntil(t, ctx, "#propose-lightning")
	press(kb.ArrowDown) // the radio group: the open-space topic
	require.True(t, browsertest.Evaluate[bool](t, ctx, `document.querySelector("#propose-openspace").checked`))
	tabUntil(t, ctx, "#propose-title")
	press("Co-op finance")
	tabUntil(t, ctx, "#propose-name")
	press("Sam\r")
	require.NoError(t, chromedp.Do(browsertest.Within(t, ctx), chromedp.WaitVisible("#proposed")))
	require.Contains(t, browsertest.Evaluate[string](t, ctx, `document.querySelector("#proposed").innerText`), "open-space topic “Co-op finance”")
	browsertest.CheckAccessibility(t, ctx, axe, "", 390)

	ps, err := b.inst.App.Proposals(t.Context(), ref.ID)
	require.NoError(t, err)
	require.Len(t, ps.OpenSpace, 1)
	_, err = b.inst.App.PlaceOpenSpace(t.Context(), ref.ID, ps.OpenSpace[0].ID, "Small room", "2027-03-27T15:00", 30*time.Minute)
	require.NoError(t, err)
	require.NoError(t, chromedp.Do(browsertest.Within(t, ctx), chromedp.EmulateViewport(1280, 720),
		chromedp.Navigate(fmt.Sprintf("%s/gatherings/%d/now", b.base, ref.ID)), chromedp.WaitVisible(".rooms")))
	next := browsertest.Evaluate[[]string](t, ctx, `[...document.querySelectorAll(".slot-next")].map(n => n.innerText.replace(/\s+/g, " ").trim())`)
	require.Contains(t, fmt.Sprint(next), "Co-op finance", "the board shows the topic next in its room")
}

// tabUntil presses Tab until the element matching selector has the focus.
func tabUntil(t *testing.T, ctx context.Context, selector string) {
	t.Helper()
	for range 80 {
		require.NoError(t, chromedp.Do(browsertest.Within(t, ctx), chromedp.KeyEvent(kb.Tab)))
		if browsertest.Evaluate[bool](t, ctx, fmt.Sprintf(`document.activeElement.matches(%q)`, selector)) {
			return
		}
	}
	t.Fatalf("Tab never reached %s", selector)
}
