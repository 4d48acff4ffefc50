package admin_test

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/web/browsertest"
)

// TestBrowserNetwork has axe-core check the Network page with a source in
// its table and with a refused follow's error, at a desktop's width and a
// phone's, and follows and unfollows with the keyboard alone.
func TestBrowserNetwork(t *testing.T) {
	t.Parallel()
	ctx := browsertest.Start(t)
	axe, axeMissing := browsertest.AxeScript()
	b := setup(t, "sqlite")
	b.user(t, "ada", model.RoleOrganiser)
	b.organiserOf(t, "grace", "events")
	events, err := b.inst.Store.ActorGetByHandle(t.Context(), "events")
	require.NoError(t, err)
	now := time.Now().UTC()
	id, err := b.inst.Store.SourceCreate(t.Context(), &model.Source{ActorID: events.ID, ActorURI: "https://partner.example/actors/coop",
		Handle: "@coop@partner.example", State: model.SourcePending, FollowURI: b.inst.App.URLs().NewActivity(), RequestedAt: now})
	require.NoError(t, err)
	require.NoError(t, b.inst.Store.SourceAnswered(t.Context(), id, model.SourceAccepted, now))
	require.NoError(t, b.inst.Store.SourceHeard(t.Context(), id, now))
	start := now.AddDate(0, 1, 0).Truncate(time.Hour)
	_, err = b.inst.Store.RemoteEventUpsert(t.Context(), &model.RemoteEvent{SourceID: id, ObjectURI: "https://partner.example/events/1",
		URL: "https://partner.example/e/1", Title: "Partner assembly", StartsAt: start, Raw: `{"type":"Event"}`, ReceivedAt: now})
	require.NoError(t, err)
	// A gathering elsewhere naming us as co-host, for an organiser to
	// accept or decline: its table is checked with the rest.
	_, err = b.inst.Store.CoHostedUpsert(t.Context(), &model.CoHosted{ActorID: events.ID, ObjectURI: "https://stranger.example/events/1",
		HostURI: "https://stranger.example/actors/coop", HostHandle: "@coop@stranger.example", State: model.CoHostedPending,
		Title: "Joint meet-up", StartsAt: start, ReceivedAt: now})
	require.NoError(t, err)

	require.NoError(t, chromedp.Do(browsertest.Within(t, ctx),
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(b.base+"/admin/sign-in?next=%2Fadmin%2Fnetwork"),
		chromedp.WaitVisible("#username"),
		chromedp.SendKeys("#username", "grace"),
		chromedp.SendKeys("#password", password("grace")+kb.Enter),
		chromedp.WaitVisible(`form[action="/admin/network/unfollow"] button`),
	))
	main := browsertest.Evaluate[string](t, ctx, `document.querySelector("main").innerText`)
	require.Contains(t, main, "@coop@partner.example")
	require.Contains(t, main, "Following")
	require.Contains(t, main, "Named as co-host by @coop@stranger.example")
	browsertest.Screenshot(t, ctx, "admin-network.png")
	for _, width := range []int64{1280, 390} {
		browsertest.CheckAccessibility(t, ctx, axe, b.base+"/admin/network", width)
		if width == 390 {
			require.NoError(t, chromedp.Do(browsertest.Within(t, ctx), chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile),
				chromedp.Navigate(b.base+"/admin/network"), chromedp.WaitReady("main")))
			require.LessOrEqual(t, browsertest.Evaluate[float64](t, ctx, `document.documentElement.scrollWidth`),
				browsertest.Evaluate[float64](t, ctx, `innerWidth`), "on a phone the Network page does not scroll sideways")
		}
	}

	// Share their gathering by keyboard, and stop sharing it.
	require.NoError(t, chromedp.Do(browsertest.Within(t, ctx), chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(b.base+"/admin/network"), chromedp.WaitVisible("main")))
	require.Contains(t, browsertest.Evaluate[string](t, ctx, `document.querySelector("main").innerText`), "Partner assembly")
	tabTo(t, ctx, `form[action="/admin/network/share"] button`)
	require.NoError(t, chromedp.Do(browsertest.Within(t, ctx), chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(`form[action="/admin/network/unshare"] button`)))
	main = browsertest.Evaluate[string](t, ctx, `document.querySelector("main").innerText`)
	require.Contains(t, main, "Shared: your followers see it")
	require.Contains(t, main, "Partner assembly (shared)")
	browsertest.CheckAccessibility(t, ctx, axe, "", 1280)
	tabTo(t, ctx, `form[action="/admin/network/unshare"] button`)
	require.NoError(t, chromedp.Do(browsertest.Within(t, ctx), chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(`form[action="/admin/network/share"] button`)))
	require.Contains(t, browsertest.Evaluate[string](t, ctx, `document.querySelector("main").innerText`), "No longer shared")

	// Follow by keyboard, something that is not an account: the error is
	// said at the field, and the cursor is there.
	require.NoError(t, chromedp.Do(browsertest.Within(t, ctx), chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(b.base+"/admin/network"), chromedp.WaitVisible("main")))
	tabTo(t, ctx, "#target")
	require.NoError(t, chromedp.Do(browsertest.Within(t, ctx), chromedp.KeyEvent("not an account"), chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(".error-summary")))
	require.Equal(t, "target", browsertest.Evaluate[focused](t, ctx, whoHasFocus).ID)
	require.Contains(t, browsertest.Evaluate[string](t, ctx, `document.querySelector("main").innerText`), "neither a handle")
	browsertest.CheckAccessibility(t, ctx, axe, "", 1280) // the page with its error, as it is

	// Unfollow by keyboard.
	require.NoError(t, chromedp.Do(browsertest.Within(t, ctx), chromedp.Navigate(b.base+"/admin/network"), chromedp.WaitVisible("main")))
	tabTo(t, ctx, `form[action="/admin/network/unfollow"] button`)
	require.NoError(t, chromedp.Do(browsertest.Within(t, ctx), chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(".notice")))
	main = browsertest.Evaluate[string](t, ctx, `document.querySelector("main").innerText`)
	require.Contains(t, main, "Unfollowed")
	require.Contains(t, main, "follows nobody yet")
	if axeMissing != "" {
		t.Skip(axeMissing)
	}
}
