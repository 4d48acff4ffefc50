package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/web/browsertest"
)

// TestBrowserFollowersAndBlocks has axe-core check the followers and
// blocks pages with something in their tables, at a desktop's width and
// a phone's, and approves a follow request with the keyboard alone.
func TestBrowserFollowersAndBlocks(t *testing.T) {
	t.Parallel()
	ctx := browsertest.Start(t)
	axe, axeMissing := browsertest.AxeScript()
	b := setup(t, "sqlite")
	b.user(t, "ada", model.RoleOrganiser)
	seedFollowers(t, b)

	require.NoError(t, chromedp.Do(browsertest.Within(t, ctx),
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(b.base+"/admin/sign-in?next=%2Fadmin%2Ffollowers"),
		chromedp.WaitVisible("#username"),
		chromedp.SendKeys("#username", "ada"),
		chromedp.SendKeys("#password", password("ada")+kb.Enter),
		chromedp.WaitVisible(`form[action="/admin/followers/approve"] button`),
	))
	browsertest.Screenshot(t, ctx, "admin-followers.png")

	removeURL := browsertest.Evaluate[string](t, ctx, `document.querySelector('a[href*="/admin/followers/remove?"]').getAttribute("href")`)
	rejectURL := browsertest.Evaluate[string](t, ctx, `document.querySelector('a[href*="/admin/followers/reject?"]').getAttribute("href")`)
	for _, width := range []int64{1280, 390} {
		for _, path := range []string{"/admin/followers", "/admin/moderation", removeURL, rejectURL,
			"/admin/moderation/block-account?account=" + url.QueryEscape("not an account")} {
			browsertest.CheckAccessibility(t, ctx, axe, b.base+path, width)
			if width == 390 {
				require.NoError(t, chromedp.Do(browsertest.Within(t, ctx), chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile),
					chromedp.Navigate(b.base+path), chromedp.WaitReady("main")))
				require.LessOrEqual(t, browsertest.Evaluate[float64](t, ctx, `document.documentElement.scrollWidth`),
					browsertest.Evaluate[float64](t, ctx, `innerWidth`), "on a phone %s does not scroll sideways", path)
			}
		}
	}
	browsertest.Screenshot(t, ctx, "admin-moderation-narrow.png")

	// Approve by keyboard: Tab to the button, Enter.
	require.NoError(t, chromedp.Do(browsertest.Within(t, ctx), chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(b.base+"/admin/followers"), chromedp.WaitVisible("main")))
	tabTo(t, ctx, `form[action="/admin/followers/approve"] button`)
	require.NoError(t, chromedp.Do(browsertest.Within(t, ctx), chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(".notice")))
	require.Contains(t, browsertest.Evaluate[string](t, ctx, `document.querySelector(".notice").innerText`), "approved")
	if axeMissing != "" {
		t.Skip(axeMissing)
	}
}

// seedFollowers gives the followers page a follower and a request, and
// the blocks page a server and an account, from a fake Mastodon.
func seedFollowers(t *testing.T, b *testBundle) {
	t.Helper()
	ctx := context.Background()
	_, err := b.inst.App.UpdateProfile(ctx, "events", app.ProfileParams{Name: "Co-op events", Discoverable: true,
		ManuallyApprovesFollowers: true})
	require.NoError(t, err)
	remote := fedtest.NewServer(t, fedtest.Mastodon)
	coop, inbox := b.base+"/actors/events", b.base+"/inbox"
	for _, name := range []string{"alice", "carol"} {
		sent, err := remote.AddActor(name).Follow(ctx, coop, inbox)
		require.NoError(t, err)
		require.Equal(t, http.StatusAccepted, sent.Status)
	}
	waitForFollows(t, b, model.FollowPending, 2)
	require.NoError(t, b.inst.App.DecideFollow(ctx, "events", remote.Actor("alice").ID, true))
	require.NoError(t, b.inst.App.BlockDomain(ctx, "spam.example"))
	_, err = b.inst.App.BlockAccount(ctx, remote.AddActor("a-rather-long-username-for-a-phone").Handle)
	require.NoError(t, err)
}
