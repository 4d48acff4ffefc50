package admin

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/web/admin/ui"
)

const passwordPath = Prefix + "/password"

// passwordView is the change-password page.
type passwordView struct {
	ui.Layout
	Form   *ui.Form
	Notice string
}

func passwordForm() *ui.Form {
	return &ui.Form{
		Action: passwordPath, Submit: "Change password",
		Fields: []*ui.Field{
			{Name: "current_password", Label: "Current password", Type: "password", Autocomplete: "current-password", Verbatim: true},
			{Name: "new_password", Label: "New password", Type: "password", Autocomplete: "new-password", Verbatim: true,
				Hint: "At least 10 characters. A few unrelated words make a good one."},
			{Name: "confirm_password", Label: "New password again", Type: "password", Autocomplete: "new-password", Verbatim: true},
		},
	}
}

// passwordPage shows the change-password form (GET /admin/password).
func (h *site) passwordPage(w http.ResponseWriter, r *http.Request) {
	v := passwordView{Layout: h.Page(r, "Change your password", "password"), Form: passwordForm()}
	if r.URL.Query().Has("changed") {
		v.Notice = "Your password is changed. Any other browser that was signed in as you has been signed out."
	}
	h.Render(w, r, http.StatusOK, "password", v)
}

// changePassword changes the password (POST /admin/password) and signs
// out the user's other browsers.
func (h *site) changePassword(w http.ResponseWriter, r *http.Request) {
	if !h.ParseForm(w, r) {
		return
	}
	f := passwordForm()
	next := r.PostForm.Get("new_password")
	var err error
	if next != r.PostForm.Get("confirm_password") {
		f.SetError("confirm_password", "The two new passwords differ. Type the same one twice.")
	} else {
		err = h.App.ChangePassword(r.Context(), ui.CurrentSession(r).Token, r.PostForm.Get("current_password"), next)
	}
	var limited *app.TooManySignInsError
	switch {
	case err == nil && !f.Invalid():
		http.Redirect(w, r, passwordPath+"?changed", http.StatusSeeOther)
		return
	case errors.As(err, &limited):
		f.Problem = fmt.Sprintf("Too many wrong passwords. Wait %s and try again.", minutes(limited.RetryAfter))
	case err != nil && !f.Place(err):
		h.Fail(w, r, err)
		return
	}
	v := passwordView{Layout: h.Page(r, "Change your password", "password"), Form: f}
	v.Invalid = true
	h.Render(w, r, http.StatusBadRequest, "password", v)
}
