package admin_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
)

// TestPublishCancelDelete takes a gathering through its life from the
// editor's buttons, each after a confirmation that says what federates.
func TestPublishCancelDelete(t *testing.T) {
	t.Parallel()
	b := setup(t, "sqlite")
	b.user(t, "grace", model.RoleOrganiser)
	in := &app.GatheringInput{}
	exampleInput(in)
	ref, err := b.inst.App.CreateGathering(t.Context(), "events", in, false)
	require.NoError(t, err)
	editor := "/admin/gatherings/" + strconv.FormatInt(ref.ID, 10)
	br := b.browser(t)
	br.signIn("grace")
	status := func() model.GatheringStatus {
		t.Helper()
		out, err := b.inst.App.GatheringOutput(t.Context(), ref.ID)
		require.NoError(t, err)
		return out.Status
	}
	buttons := func() []string {
		t.Helper()
		res := br.get(editor)
		require.Equal(t, http.StatusOK, res.Status)
		var out []string
		for _, a := range []string{"publish", "cancel", "delete"} {
			if findLink(res, editor+"/"+a) != nil {
				out = append(out, a)
			}
		}
		return out
	}

	// A draft: publish or delete.
	require.Equal(t, []string{"publish", "delete"}, buttons())
	res := br.get(editor + "/publish")
	require.Equal(t, http.StatusOK, res.Status)
	main := text(byID(res.Doc, "main"))
	require.Contains(t, main, "Followers on other servers (0) will receive this gathering and its RSVP poll")
	require.NotNil(t, findLink(res, editor), "a way back")
	res = br.get(editor + "/delete")
	require.Contains(t, text(byID(res.Doc, "main")), "Nothing is sent to other servers", "a draft was never sent")
	require.Equal(t, http.StatusSeeOther, br.get(editor+"/cancel").Status, "a draft is not cancelled")

	// A form from another site is refused.
	res = br.post(editor+"/publish", nil, "Sec-Fetch-Site", "cross-site")
	require.Equal(t, http.StatusForbidden, res.Status)
	require.Equal(t, model.StatusDraft, status())

	res = br.post(editor+"/publish", nil)
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	require.Equal(t, editor+"?published", res.location())
	require.Equal(t, model.StatusPublished, status())
	require.Contains(t, text(byID(br.get(res.location()).Doc, "main")), "Published")

	// Published: cancel or delete.
	require.Equal(t, []string{"cancel", "delete"}, buttons())
	res = br.get(editor + "/cancel")
	require.Equal(t, http.StatusOK, res.Status)
	require.Contains(t, text(byID(res.Doc, "main")),
		"Followers on other servers (0) will receive the cancellation and a short post saying so; people who RSVPed are told")
	res = br.post(editor+"/cancel", nil, "Origin", "https://evil.example")
	require.Equal(t, http.StatusForbidden, res.Status)
	require.Equal(t, model.StatusPublished, status())
	res = br.post(editor+"/cancel", nil)
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	require.Equal(t, editor+"?cancelled", res.location())
	require.Equal(t, model.StatusCancelled, status())

	// Cancelled: delete only; publishing again does nothing.
	require.Equal(t, []string{"delete"}, buttons())
	require.Equal(t, http.StatusSeeOther, br.post(editor+"/publish", nil).Status)
	require.Equal(t, model.StatusCancelled, status())
	res = br.get(editor + "/delete")
	require.Equal(t, http.StatusOK, res.Status)
	require.Contains(t, text(byID(res.Doc, "main")), "Followers on other servers (0) will receive a Delete of it, its sessions, their polls and the posts about them")
	res = br.post(editor+"/delete", nil, "Sec-Fetch-Site", "cross-site")
	require.Equal(t, http.StatusForbidden, res.Status)
	res = br.post(editor+"/delete", nil)
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	require.True(t, strings.HasPrefix(res.location(), "/admin?deleted"), res.location())
	require.Contains(t, text(byID(br.get(res.location()).Doc, "main")), "The gathering is deleted.")
	require.Equal(t, http.StatusNotFound, br.get(editor).Status)
	require.Equal(t, http.StatusNotFound, br.get(editor+"/delete").Status)
	_, err = b.inst.App.GatheringOutput(t.Context(), ref.ID)
	require.Error(t, err)
}
