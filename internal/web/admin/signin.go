package admin

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/web/admin/ui"
)

// signInView is the sign-in page.
type signInView struct {
	ui.Layout
	Form   *ui.Form
	Notice string
}

func signInForm(username, next string) *ui.Form {
	return &ui.Form{
		Action: signInPath, Submit: "Sign in",
		Hidden: []ui.Hidden{{Name: "next", Value: next}},
		Fields: []*ui.Field{
			{Name: "username", Label: "Username", Type: "text", Value: username, Autocomplete: "username", Verbatim: true},
			{Name: "password", Label: "Password", Type: "password", Autocomplete: "current-password", Verbatim: true},
		},
	}
}

// signInPage shows the sign-in form (GET /admin/sign-in), or sends a
// browser that is signed in already on to where it was going.
func (h *site) signInPage(w http.ResponseWriter, r *http.Request) {
	next := safeNext(r.URL.Query().Get("next"))
	if _, err := h.App.SignedIn(r.Context(), sessionToken(r)); err == nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	v := signInView{Layout: h.Page(r, "Sign in", ""), Form: signInForm("", next)}
	if r.URL.Query().Has("signed-out") {
		v.Notice = "You are signed out."
	}
	h.Render(w, r, http.StatusOK, "sign-in", v)
}

// signIn checks the form (POST /admin/sign-in) and, if it matches, starts
// a session and goes on to the page asked for.
func (h *site) signIn(w http.ResponseWriter, r *http.Request) {
	if !h.ParseForm(w, r) {
		return
	}
	next := safeNext(r.PostForm.Get("next"))
	token, _, err := h.App.SignIn(r.Context(), &app.SignInParams{
		Username: r.PostForm.Get("username"), Password: r.PostForm.Get("password"),
		Client: clientAddr(r), UserAgent: r.UserAgent(),
	})
	if err == nil {
		// A session this browser had before ends: one browser, one session.
		_ = h.App.SignOut(r.Context(), sessionToken(r))
		h.setCookie(w, token, time.Now().Add(app.WebSessionLifetime))
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	f := signInForm(r.PostForm.Get("username"), next)
	status := http.StatusBadRequest
	var limited *app.TooManySignInsError
	switch {
	case errors.Is(err, app.ErrWrongPassword):
		f.SetError("password", "The username or password is wrong. Check both and try again.")
	case errors.As(err, &limited):
		status = http.StatusTooManyRequests
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(limited.RetryAfter.Seconds()))))
		f.Problem = fmt.Sprintf("Too many failed sign-ins. For your account’s safety, wait %s and try again.", minutes(limited.RetryAfter))
	case !f.Place(err):
		h.Fail(w, r, err)
		return
	}
	v := signInView{Layout: h.Page(r, "Sign in", ""), Form: f}
	v.Invalid = true
	h.Render(w, r, status, "sign-in", v)
}

// minutes says a wait in whole minutes, rounded up.
func minutes(d time.Duration) string {
	n := int(math.Ceil(d.Minutes()))
	if n <= 1 {
		return "a minute"
	}
	return strconv.Itoa(n) + " minutes"
}

// signOut ends this browser's session (POST /admin/sign-out).
func (h *site) signOut(w http.ResponseWriter, r *http.Request) {
	if err := h.App.SignOut(r.Context(), ui.CurrentSession(r).Token); err != nil {
		h.Fail(w, r, err)
		return
	}
	h.clearCookie(w)
	http.Redirect(w, r, signInPath+"?signed-out", http.StatusSeeOther)
}
