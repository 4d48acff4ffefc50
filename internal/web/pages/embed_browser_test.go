package pages_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/server/servertest"
	"github.com/gather-coop/gather/internal/web/browsertest"
)

// TestEmbedFramedOnAnotherSite: a co-op's own website, on another
// origin, frames /network/embed. Chromium shows it there once the admin
// allows that site, and refuses it while they have not; axe-core finds
// nothing serious in it.
func TestEmbedFramedOnAnotherSite(t *testing.T) {
	t.Parallel()
	ctx := browsertest.Start(t)
	f := newNetworkFixture(t, servertest.Databases[0])
	b := f.b

	// The co-op's site: a page holding the frame, at ?src.
	coop := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html lang="en"><title>Our co-op</title><h1>Our co-op</h1>
<iframe id="cal" title="Network calendar" width="600" height="400" src="%s%s"></iframe>`, b.base, r.URL.Query().Get("src"))
	}))
	t.Cleanup(coop.Close)
	require.NotEqual(t, b.base, coop.URL, "another origin")

	// frameURL loads the co-op's page framing path, and returns what the
	// frame holds: its URL, and its heading when it shows our page.
	frameURL := func(t *testing.T, path string) (string, string) {
		t.Helper()
		require.NoError(t, chromedp.Do(browsertest.Within(t, ctx),
			chromedp.Navigate(coop.URL+"/?src="+path),
			// complete comes once the frame has loaded, our page or the error.
			chromedp.Poll[chromedp.Void](`document.readyState === "complete"`),
		))
		tree, err := chromedp.Call(browsertest.Within(t, ctx), cdppage.GetFrameTree, cdp.Empty{})
		require.NoError(t, err)
		require.Len(t, tree.FrameTree.ChildFrames, 1)
		url := tree.FrameTree.ChildFrames[0].Frame.URL
		t.Logf("the frame of %s holds %s", path, url)
		if !strings.HasPrefix(url, b.base) {
			return url, ""
		}
		frames, err := chromedp.Run(browsertest.Within(t, ctx), chromedp.Nodes(chromedp.CSS("#cal")))
		require.NoError(t, err)
		shown, err := chromedp.Run(browsertest.Within(t, ctx),
			chromedp.Poll[string](`document.querySelector("main").innerText`, chromedp.WithPollingInFrame(frames[0])))
		require.NoError(t, err)
		return url, shown
	}

	// Not allowed: the browser puts its error page in the frame, never ours.
	url, _ := frameURL(t, "/network/embed?case=refused")
	require.False(t, strings.HasPrefix(url, b.base), "refused: %s", url)

	require.NoError(t, b.inst.Store.InstanceSettingsSave(t.Context(), &model.InstanceSettings{EmbedOrigins: []string{coop.URL}}))
	url, shown := frameURL(t, "/network/embed?case=allowed")
	require.Equal(t, b.base+"/network/embed?case=allowed", url)
	require.Contains(t, shown, "Spring gathering")
	require.Contains(t, shown, "Leeds members' call")

	// Another site still may not.
	require.NoError(t, b.inst.Store.InstanceSettingsSave(t.Context(), &model.InstanceSettings{EmbedOrigins: []string{"https://coop.example"}}))
	url, _ = frameURL(t, "/network/embed?case=other")
	require.False(t, strings.HasPrefix(url, b.base), "refused: %s", url)

	t.Run("axe", func(t *testing.T) {
		axe, missing := browsertest.AxeScript()
		if missing != "" {
			t.Skip(missing)
		}
		for _, width := range []int64{600, 320} {
			browsertest.CheckAccessibility(t, ctx, axe, b.base+"/network/embed", width)
		}
	})
}
