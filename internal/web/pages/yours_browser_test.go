package pages_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/web/browsertest"
)

// TestBrowserYourSessions signs up at the door from a phone (390 px) for
// two sessions, as a person would: the confirmation lists both under
// "Your sessions", the gathering's "yours" page lists them again later,
// nothing scrolls sideways, and axe-core finds nothing serious on either.
func TestBrowserYourSessions(t *testing.T) {
	t.Parallel()
	ctx := browsertest.Start(t)
	b := setup(t)
	ref := venueDay(t, b)
	signUp := func(sessionURL string) {
		t.Helper()
		require.NoError(t, chromedp.Do(browsertest.Within(t, ctx),
			chromedp.EmulateViewport(390, 844),
			chromedp.Navigate(sessionURL),
			chromedp.WaitVisible("#signup-name"),
			chromedp.SendKeys("#signup-name", "Sam"),
			chromedp.Click(`#signup button[type="submit"]`),
			chromedp.WaitVisible("#yours-heading"),
		))
	}
	signUp(ref.Sessions[1].URL)
	signUp(ref.Sessions[0].URL)
	lines := browsertest.Evaluate[[]string](t, ctx, `[...document.querySelectorAll(".yours-list li")].map(n => n.innerText.replace(/\s+/g, " ").trim())`)
	require.Equal(t, []string{"Tiny workshop Sat 10 Apr, 11:00–12:00 · Nook", "Big talk Sat 10 Apr, 14:30–15:15 · Main room"}, lines)
	fits := func(what string) {
		t.Helper()
		scrollWidth := browsertest.Evaluate[float64](t, ctx, `document.documentElement.scrollWidth`)
		innerWidth := browsertest.Evaluate[float64](t, ctx, `innerWidth`)
		require.LessOrEqual(t, scrollWidth, innerWidth, "%s: nothing scrolls sideways at 390 px", what)
	}
	fits("the confirmation")
	browsertest.Screenshot(t, ctx, "your-sessions-signup-390.png")

	axe, missing := browsertest.AxeScript()
	if missing == "" {
		browsertest.CheckAccessibility(t, ctx, axe, "", 390)
	}

	yours := ref.URL + "/yours"
	require.NoError(t, chromedp.Do(browsertest.Within(t, ctx), chromedp.Navigate(yours), chromedp.WaitVisible(".yours-list")))
	again := browsertest.Evaluate[string](t, ctx, `document.querySelector(".yours-list").innerText`)
	require.True(t, strings.Contains(again, "Tiny workshop") && strings.Contains(again, "Big talk"), again)
	fits("the yours page")
	browsertest.Screenshot(t, ctx, "your-sessions-390.png")
	if missing != "" {
		t.Skip(missing)
	}
	browsertest.CheckAccessibility(t, ctx, axe, yours, 390)
}
