package admin_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
)

func TestChangePasswordPage(t *testing.T) {
	t.Parallel()
	b := setup(t, "sqlite")
	b.user(t, "ada", model.RoleAdmin)
	here, elsewhere := b.browser(t), b.browserFrom(t, "127.0.0.2")
	here.signIn("ada")
	elsewhere.signIn("ada")

	res := here.get("/admin/password")
	require.Equal(t, http.StatusOK, res.Status)
	require.Equal(t, "new-password", attr(byID(res.Doc, "new_password"), "autocomplete"))
	require.Contains(t, attr(byID(res.Doc, "new_password"), "aria-describedby"), "new_password-hint")

	const next = "correct horse battery"
	for _, tc := range []struct {
		form      url.Values
		field, is string
	}{
		{url.Values{"current_password": {"wrong"}, "new_password": {next}, "confirm_password": {next}}, "current_password", "That is not your current password."},
		{url.Values{"current_password": {password("ada")}, "new_password": {"short"}, "confirm_password": {"short"}}, "new_password", "Use at least 10 characters."},
		{url.Values{"current_password": {password("ada")}, "new_password": {next}, "confirm_password": {next + "!"}}, "confirm_password", "The two new passwords differ."},
		{url.Values{"new_password": {next}, "confirm_password": {next}}, "current_password", "Enter your current password."},
	} {
		res := here.post("/admin/password", tc.form)
		require.Equal(t, http.StatusBadRequest, res.Status, "%v", tc.form)
		requireFieldError(t, res.Doc, tc.field, tc.is)
		for _, name := range []string{"current_password", "new_password", "confirm_password"} {
			require.False(t, hasAttr(byID(res.Doc, name), "value"), "passwords are never sent back")
		}
		require.NotContains(t, res.Body, next)
	}

	res = here.post("/admin/password", url.Values{"current_password": {password("ada")}, "new_password": {next}, "confirm_password": {next}})
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	require.Equal(t, "/admin/password?changed", res.location())
	res = here.get(res.location())
	require.Contains(t, text(byID(res.Doc, "main")), "Your password is changed")

	require.Equal(t, http.StatusSeeOther, elsewhere.get("/admin").Status, "the other browser is signed out")
	require.Equal(t, http.StatusOK, here.get("/admin").Status, "this one is not")
	res = b.browser(t).post("/admin/sign-in", url.Values{"username": {"ada"}, "password": {next}})
	require.Equal(t, http.StatusSeeOther, res.Status, "the new password works")
	res = b.browser(t).post("/admin/sign-in", url.Values{"username": {"ada"}, "password": {password("ada")}})
	require.Equal(t, http.StatusBadRequest, res.Status, "the old one does not")
}

func TestAddOrganiser(t *testing.T) {
	t.Parallel()
	b := setup(t, "sqlite")
	b.user(t, "ada", model.RoleAdmin)
	b.user(t, "grace", model.RoleOrganiser)
	admin := b.browser(t)
	admin.signIn("ada")

	res := admin.get("/admin/users")
	require.Equal(t, http.StatusOK, res.Status)
	rows := findAll(res.Doc, "tbody")[0]
	require.Contains(t, text(rows), "ada Admin")
	require.Contains(t, text(rows), "grace Organiser")

	for _, tc := range []struct{ username, password, field, is string }{
		{"grace", "a long passphrase", "username", "The username grace is taken: choose another."},
		{"Sam K", "a long passphrase", "username", "Use 1 to 64 lower-case letters"},
		{"", "a long passphrase", "username", "Choose a username."},
		{"sam", "short", "password", "Use at least 10 characters."},
	} {
		res := admin.post("/admin/users", url.Values{"username": {tc.username}, "password": {tc.password}})
		require.Equal(t, http.StatusBadRequest, res.Status, "%+v", tc)
		requireFieldError(t, res.Doc, tc.field, tc.is)
		require.Equal(t, tc.username, attr(byID(res.Doc, "username"), "value"), "what was typed is kept")
		require.False(t, hasAttr(byID(res.Doc, "password"), "value"), "but not the password")
		require.Len(t, findAll(findAll(res.Doc, "tbody")[0], "tr"), 2, "the list is still there")
	}

	res = admin.post("/admin/users", url.Values{"username": {"sam"}, "password": {"a long passphrase"}})
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	require.Equal(t, "/admin/users?added=sam", res.location())
	res = admin.get(res.location())
	require.Contains(t, text(byID(res.Doc, "main")), "sam can now sign in as an organiser.")
	require.Contains(t, text(findAll(res.Doc, "tbody")[0]), "sam Organiser")

	sam := b.browser(t)
	res = sam.post("/admin/sign-in", url.Values{"username": {"sam"}, "password": {"a long passphrase"}})
	require.Equal(t, http.StatusSeeOther, res.Status)
	require.Equal(t, http.StatusForbidden, sam.get("/admin/users").Status, "an organiser")
}

// TestRemoveSomeone: an admin removes an organiser who has left: after a
// confirmation, their signed-in browser is signed out and their API token
// stops working. Nobody can remove themselves; organisers remove nobody.
func TestRemoveSomeone(t *testing.T) {
	t.Parallel()
	b := setup(t, "sqlite")
	ada := b.user(t, "ada", model.RoleAdmin)
	grace := b.user(t, "grace", model.RoleOrganiser)
	b.user(t, "sam", model.RoleOrganiser)
	admin := b.browser(t)
	admin.signIn("ada")
	left := b.browser(t)
	left.signIn("grace")
	token, err := b.inst.App.CreateToken(t.Context(), "grace")
	require.NoError(t, err)
	_, err = b.inst.App.Authenticate(t.Context(), token)
	require.NoError(t, err)

	res := admin.get("/admin/users")
	removeGrace := "/admin/users/" + strconv.FormatInt(grace.ID, 10) + "/remove"
	require.NotNil(t, findLink(res, removeGrace))
	require.Nil(t, findLink(res, "/admin/users/"+strconv.FormatInt(ada.ID, 10)+"/remove"), "no button to remove oneself")

	confirm := admin.get(removeGrace)
	require.Equal(t, http.StatusOK, confirm.Status)
	require.Contains(t, text(byID(confirm.Doc, "main")), "grace can no longer sign in")
	require.Contains(t, text(byID(confirm.Doc, "main")), "Nothing is sent to other servers.")
	require.Equal(t, http.StatusOK, left.get("/admin").Status, "nothing happens before the confirmation")

	res = admin.post(removeGrace, url.Values{})
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	require.Equal(t, "/admin/users?removed=grace", res.location())
	res = admin.get(res.location())
	require.Contains(t, text(byID(res.Doc, "main")), "grace can no longer sign in.")
	require.NotContains(t, text(findAll(res.Doc, "tbody")[0]), "grace")
	require.Equal(t, http.StatusSeeOther, left.get("/admin").Status, "grace's browser is signed out")
	_, err = b.inst.App.Authenticate(t.Context(), token)
	require.ErrorIs(t, err, app.ErrUnauthenticated, "grace's API token stops working")

	require.Equal(t, http.StatusBadRequest, admin.post("/admin/users/"+strconv.FormatInt(ada.ID, 10)+"/remove", url.Values{}).Status,
		"nobody removes themselves")
	require.Equal(t, http.StatusNotFound, admin.post(removeGrace, url.Values{}).Status, "gone already")
	organiser := b.browser(t)
	organiser.signIn("sam")
	require.Equal(t, http.StatusForbidden, organiser.post("/admin/users/"+strconv.FormatInt(ada.ID, 10)+"/remove", url.Values{}).Status)
}
