package admin_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
)

// TestPreviewOfADraft: an organiser sees a draft's public page, and its
// session's, exactly as the public will, while the public still cannot.
func TestPreviewOfADraft(t *testing.T) {
	t.Parallel()
	b := setup(t, "sqlite")
	b.user(t, "ada", model.RoleOrganiser)
	ref, err := b.inst.App.CreateGathering(t.Context(), "events", &app.GatheringInput{Title: "Spring assembly", Timezone: "Europe/London",
		StartsAt: "2030-04-20T10:00", EndsAt: "2030-04-20T17:00", Description: "Bring **your** accounts.",
		Venue: &app.VenueInput{Name: "Co-op workspace", Locality: "Leeds", Country: "GB"}}, false)
	require.NoError(t, err)
	s, err := b.inst.App.AddSession(t.Context(), ref.ID, &app.SessionInput{Title: "Annual accounts", Kind: "talk",
		StartsAt: "2030-04-20T11:00", EndsAt: "2030-04-20T12:00"})
	require.NoError(t, err)
	gid, sid := strconv.FormatInt(ref.ID, 10), strconv.FormatInt(s.ID, 10)

	public := b.browser(t)
	require.Equal(t, http.StatusNotFound, public.get("/gatherings/"+gid).Status, "a draft is not public")
	require.Equal(t, http.StatusSeeOther, public.get("/admin/gatherings/"+gid+"/preview").Status, "nor is its preview")

	br := b.browser(t)
	br.signIn("ada")
	editor := br.get("/admin/gatherings/" + gid)
	require.Contains(t, editor.Body, `href="/admin/gatherings/`+gid+`/preview"`, "the editor links to the preview")
	res := br.get("/admin/gatherings/" + gid + "/preview")
	require.Equal(t, http.StatusOK, res.Status, res.Body)
	require.Equal(t, "no-store", res.Header.Get("Cache-Control"), "a preview is never cached")
	page := text(res.Doc)
	require.Contains(t, page, "Preview. This is a draft: nobody else can see this page until it is published")
	require.Contains(t, page, "Spring assembly")
	require.Contains(t, page, "Annual accounts", "the schedule is there")
	require.Contains(t, res.Body, "<strong>your</strong>", "the description is rendered as on the public page")
	require.Contains(t, res.Body, `<meta name="robots" content="noindex">`)
	require.Contains(t, res.Body, `href="/admin/gatherings/`+gid+`">Back to the editor`)

	require.Contains(t, br.get("/admin/sessions/"+sid).Body, `href="/admin/sessions/`+sid+`/preview"`)
	res = br.get("/admin/sessions/" + sid + "/preview")
	require.Equal(t, http.StatusOK, res.Status, res.Body)
	require.Contains(t, text(res.Doc), "Annual accounts")
	require.Contains(t, text(res.Doc), "Preview.")

	// Published, the same page is public, and the preview says so.
	_, err = b.inst.App.PublishGathering(t.Context(), ref.ID)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, public.get("/gatherings/"+gid, "Accept", "text/html").Status)
	require.Contains(t, text(br.get("/admin/gatherings/"+gid+"/preview").Doc), "the page as the public sees it now")
	require.Equal(t, http.StatusNotFound, br.get("/admin/gatherings/999999/preview").Status)
}
