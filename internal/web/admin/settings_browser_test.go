package admin_test

import (
	"bytes"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/web/browsertest"
)

// TestBrowserSettings has axe-core check the settings page as it is once
// filled in (pictures, links) and with mistakes on it, and the public
// profile that shows them; TestBrowserSignIn checks it empty.
func TestBrowserSettings(t *testing.T) {
	t.Parallel()
	ctx := browsertest.Start(t)
	axe, axeMissing := browsertest.AxeScript()
	b := setup(t, "sqlite")
	b.user(t, "ada", model.RoleAdmin)
	_, err := b.inst.App.UpdateProfile(t.Context(), "events", app.ProfileParams{
		Name: "Tech co-op network", Bio: "We are **co-ops** who build software together.", Discoverable: true,
		Links:  []model.ProfileLink{{Name: "Website", URL: "https://coops.example"}, {Name: "Code", URL: "https://git.example/coops"}},
		Avatar: bytes.NewReader(photo(t, 500, 500)), Header: bytes.NewReader(pngOf(t, 1500, 500)),
	})
	require.NoError(t, err)

	require.NoError(t, chromedp.Do(browsertest.Within(t, ctx),
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(b.base+"/admin/sign-in?next=%2Fadmin%2Fsettings"),
		chromedp.WaitVisible("#username"),
	))
	tabTo(t, ctx, "#username")
	require.NoError(t, chromedp.Do(browsertest.Within(t, ctx), chromedp.KeyEvent("ada")))
	tabTo(t, ctx, "#password")
	require.NoError(t, chromedp.Do(browsertest.Within(t, ctx), chromedp.KeyEvent(password("ada")+"\r"), chromedp.WaitVisible("#avatar")))
	require.True(t, browsertest.Evaluate[bool](t, ctx, `[...document.images].every(i => i.complete && i.naturalWidth > 0)`), "the pictures load")
	browsertest.Screenshot(t, ctx, "admin-settings.png")
	for _, width := range []int64{1280, 390} {
		browsertest.CheckAccessibility(t, ctx, axe, b.base+"/admin/settings", width)
		browsertest.CheckAccessibility(t, ctx, axe, b.base+"/@events", width)
	}
	require.NoError(t, chromedp.Do(browsertest.Within(t, ctx), chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(b.base+"/@events"), chromedp.WaitVisible(".profile-avatar")))
	browsertest.Screenshot(t, ctx, "profile-with-pictures.png")

	// With mistakes: the summary, the marked fields, what was typed.
	require.NoError(t, chromedp.Do(browsertest.Within(t, ctx),
		chromedp.Navigate(b.base+"/admin/settings"), chromedp.WaitVisible("#default_timezone"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("default_timezone").value = "Mars/Olympus_Mons";
			document.getElementById("links[2].name").value = "Blog";
			document.querySelector("form.editor button[type=submit]").click();`),
		chromedp.WaitVisible(".error-summary")))
	require.Equal(t, "Mars/Olympus_Mons", browsertest.Evaluate[string](t, ctx, `document.getElementById("default_timezone").value`))
	require.Equal(t, "links[2].url", browsertest.Evaluate[string](t, ctx, `document.activeElement.id`),
		"the cursor is in the first field to correct")
	browsertest.Screenshot(t, ctx, "admin-settings-error.png")
	for _, width := range []int64{1280, 390} {
		browsertest.CheckAccessibility(t, ctx, axe, "", width)
	}
	if axeMissing != "" {
		t.Skip(axeMissing)
	}
}
