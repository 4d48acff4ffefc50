package admin_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/web/browsertest"
)

// TestBrowserCreateSeries creates the monthly call with the keyboard
// alone and lands on its public page, which lists the occurrences made;
// axe-core checks the form, empty and with a mistake on it.
func TestBrowserCreateSeries(t *testing.T) {
	t.Parallel()
	ctx := browsertest.Start(t)
	axe, axeMissing := browsertest.AxeScript()
	b := setup(t, "sqlite")
	b.user(t, "ada", model.RoleAdmin)

	require.NoError(t, chromedp.Do(browsertest.Within(t, ctx),
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(b.base+"/admin/sign-in?next=%2Fadmin%2Fseries%2Fnew"),
		chromedp.WaitVisible("#username"),
	))
	tabTo(t, ctx, "#username")
	require.NoError(t, chromedp.Do(browsertest.Within(t, ctx), chromedp.KeyEvent("ada")))
	tabTo(t, ctx, "#password")
	require.NoError(t, chromedp.Do(browsertest.Within(t, ctx), chromedp.KeyEvent(password("ada")+"\r"), chromedp.WaitVisible("#first_start")))
	for _, width := range []int64{1280, 390} {
		browsertest.CheckAccessibility(t, ctx, axe, b.base+"/admin/series/new", width)
	}

	k := &keyboard{t: t, ctx: ctx}
	require.NoError(t, chromedp.Do(browsertest.Within(t, ctx), chromedp.Navigate(b.base+"/admin/series/new"), chromedp.WaitVisible("#title")))
	k.fill("#title", "General circle call")
	k.fill("#summary", "The network's monthly call.")
	k.fillDateTime("#first_start", "2027-01-12T18:00:00")
	k.choose("#repeat", "monthly-weekday")
	k.fill("#skip", "2027-05-11")
	require.Equal(t, "Europe/London", k.value("#timezone"), "the instance's zone is filled in")
	require.Equal(t, "60", k.value("#duration_minutes"))
	k.fill("#call_url", "not a link")
	k.follow(`form.form button[type=submit]`, ".error-summary")
	require.Equal(t, "call_url", browsertest.Evaluate[string](t, ctx, `document.activeElement.id`), "the cursor is in the field to correct")
	require.Equal(t, "General circle call", k.value("#title"), "what was typed is kept")
	for _, width := range []int64{1280, 390} {
		browsertest.CheckAccessibility(t, ctx, axe, "", width)
	}

	require.NoError(t, chromedp.Do(browsertest.Within(t, ctx), chromedp.Evaluate[chromedp.Void](`document.getElementById("call_url").value = ""; document.getElementById("call_url").focus()`)))
	k.press("https://call.example/secret-room")
	k.follow(`form.form button[type=submit]`, "ul.cards")
	require.True(t, strings.HasPrefix(k.location(), "/series/"), k.location())
	page := k.text("main")
	require.Contains(t, page, "Monthly on the second Tuesday, 18:00 London time")
	require.Contains(t, page, "sent to those who RSVP going")
	require.NotContains(t, page, "secret-room")
	require.Equal(t, 3, browsertest.Evaluate[int](t, ctx, `document.querySelectorAll("ul.cards li").length`), "the next three occurrences")

	// The list of series, and the form to change one: a new link to the
	// call is saved, the rule left as it was.
	for _, width := range []int64{1280, 390} {
		browsertest.CheckAccessibility(t, ctx, axe, b.base+"/admin/series", width)
	}
	require.NoError(t, chromedp.Do(browsertest.Within(t, ctx), chromedp.Navigate(b.base+"/admin/series"), chromedp.WaitVisible("table.list")))
	require.Contains(t, k.text("table.list"), "Monthly on the second Tuesday, 18:00 London time")
	k.tabTo(`table.list th a`)
	k.press("\r")
	k.arrive("#call_url")
	editing := k.location()
	require.True(t, strings.HasPrefix(editing, "/admin/series/"), editing)
	for _, width := range []int64{1280, 390} {
		browsertest.CheckAccessibility(t, ctx, axe, "", width)
	}
	require.Equal(t, "https://call.example/secret-room", k.value("#call_url"))
	require.Equal(t, "2027-05-11", k.value("#skip"))
	require.NoError(t, chromedp.Do(browsertest.Within(t, ctx), chromedp.Evaluate[chromedp.Void](`document.getElementById("call_url").value = ""; document.getElementById("call_url").focus()`)))
	k.press("https://call.example/new-room")
	k.follow(`form.form button[type=submit]`, "table.list")
	require.Equal(t, "/admin/series", k.location())
	list, err := b.inst.App.ListSeries(t.Context(), "events")
	require.NoError(t, err)
	require.Len(t, list, 1)
	require.Equal(t, "https://call.example/new-room", list[0].CallURL)
	require.Contains(t, list[0].Rule, `"skip":["2027-05-11"]`, "the rule as it was")
	if axeMissing != "" {
		t.Skip(axeMissing)
	}
}
