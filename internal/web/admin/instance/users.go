package instance

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/web/admin/ui"
)

const usersPath = ui.Prefix + "/users"

// usersView is the people page: who can sign in, and a form to add an
// organiser.
type usersView struct {
	ui.Layout
	Users  []userRow
	Form   *ui.Form
	Notice string
}

type userRow struct {
	Username string
	Role     string
	Since    string
	SinceISO string
	// RemoveURL asks to remove them; "" for oneself.
	RemoveURL string
	// CoopsURL takes the form of the co-op accounts an organiser organises
	// for; "" for admins, who act for all of them.
	CoopsURL string
	Coops    []coopCheck
}

// coopCheck is one co-op account in an organiser's form.
type coopCheck struct {
	ID      int64
	Name    string
	Handle  string
	Checked bool
}

func organiserForm(username string) *ui.Form {
	return &ui.Form{
		Action: usersPath, Submit: "Add organiser",
		Fields: []*ui.Field{
			{Name: "username", Label: "Username", Type: "text", Value: username, Autocomplete: "off", Verbatim: true,
				Hint: "Lower-case letters, digits and _ only, such as sam or sam_k."},
			{Name: "password", Label: "Password", Type: "password", Autocomplete: "new-password", Verbatim: true,
				Hint: "At least 10 characters. Give it to them in person or by a private message; they can change it after signing in."},
		},
	}
}

// UsersPage lists the people who can sign in (GET /admin/users).
func (h *Handler) UsersPage(w http.ResponseWriter, r *http.Request) {
	h.renderUsers(w, r, http.StatusOK, organiserForm(""), r.URL.Query().Get("added"))
}

// userPath is the page of user id, under the people page.
func userPath(id int64) string { return usersPath + "/" + strconv.FormatInt(id, 10) }

// ConfirmRemoveUser asks before removing someone (GET
// /admin/users/{id}/remove).
func (h *Handler) ConfirmRemoveUser(w http.ResponseWriter, r *http.Request) {
	id, ok := h.PathID(w, r)
	if !ok {
		return
	}
	u, err := h.App.UserByID(r.Context(), ui.CurrentSession(r).User, id)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := ui.ConfirmView{Layout: h.Page(r, "Remove "+u.Username+"?", "users"), Action: userPath(id) + "/remove",
		Submit: "Remove " + u.Username, Danger: true, BackURL: usersPath,
		Lead:  u.Username + " can no longer sign in: browsers they are signed in on are signed out, and their API tokens stop working. The gatherings they made stay.",
		Local: "Nothing is sent to other servers."}
	h.Render(w, r, http.StatusOK, "confirm", v)
}

// RemoveUser removes someone (POST /admin/users/{id}/remove).
func (h *Handler) RemoveUser(w http.ResponseWriter, r *http.Request) {
	id, ok := h.PathID(w, r)
	if !ok {
		return
	}
	u, err := h.App.RemoveUser(r.Context(), ui.CurrentSession(r).User, id)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	http.Redirect(w, r, usersPath+"?removed="+url.QueryEscape(u.Username), http.StatusSeeOther)
}

// SaveUserCoops sets the co-op accounts an organiser organises for (POST
// /admin/users/{id}/coops, one checkbox "coop" per account, its id).
func (h *Handler) SaveUserCoops(w http.ResponseWriter, r *http.Request) {
	id, ok := h.PathID(w, r)
	if !ok || !h.ParseForm(w, r) {
		return
	}
	var ids []int64
	for _, v := range r.PostForm["coop"] {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			h.Fail(w, r, ui.ErrBadForm)
			return
		}
		ids = append(ids, n)
	}
	u, err := h.App.UserByID(r.Context(), ui.CurrentSession(r).User, id)
	if err == nil {
		err = h.App.SetUserCoops(r.Context(), id, ids)
	}
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	http.Redirect(w, r, usersPath+"?coops-saved="+url.QueryEscape(u.Username), http.StatusSeeOther)
}

// CreateOrganiser adds an organiser (POST /admin/users).
func (h *Handler) CreateOrganiser(w http.ResponseWriter, r *http.Request) {
	if !h.ParseForm(w, r) {
		return
	}
	username := r.PostForm.Get("username")
	u, err := h.App.CreateOrganiser(r.Context(), ui.CurrentSession(r).User, username, r.PostForm.Get("password"))
	if err == nil {
		http.Redirect(w, r, usersPath+"?added="+u.Username, http.StatusSeeOther)
		return
	}
	f := organiserForm(username)
	if !f.Place(err) {
		h.Fail(w, r, err)
		return
	}
	h.renderUsers(w, r, http.StatusBadRequest, f, "")
}

func (h *Handler) renderUsers(w http.ResponseWriter, r *http.Request, status int, f *ui.Form, added string) {
	users, err := h.App.Users(r.Context(), ui.CurrentSession(r).User)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := usersView{Layout: h.Page(r, "People", "users"), Form: f}
	v.Invalid = f.Invalid()
	if gone := r.URL.Query().Get("removed"); gone != "" && r.Method == http.MethodGet {
		v.Notice = gone + " can no longer sign in."
	}
	coops, err := h.App.CoopAccounts(r.Context())
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	memberships, err := h.App.Memberships(r.Context())
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	member := map[[2]int64]bool{}
	for _, m := range memberships {
		member[[2]int64{m.UserID, m.ActorID}] = true
	}
	if n := r.URL.Query().Get("coops-saved"); n != "" && r.Method == http.MethodGet {
		v.Notice = "Saved the co-op accounts " + n + " organises for."
	}
	me := ui.CurrentSession(r).User.ID
	for _, u := range users {
		row := userRow{Username: u.Username, Role: roleName(u.Role),
			Since: u.CreatedAt.Format("2 January 2006"), SinceISO: u.CreatedAt.UTC().Format(time.RFC3339)}
		if u.ID != me {
			row.RemoveURL = userPath(u.ID) + "/remove"
		}
		if u.Role != model.RoleAdmin {
			row.CoopsURL = userPath(u.ID) + "/coops"
			for _, c := range coops {
				row.Coops = append(row.Coops, coopCheck{ID: c.ID, Name: c.Name, Handle: "@" + c.Handle,
					Checked: member[[2]int64{u.ID, c.ID}]})
			}
		}
		v.Users = append(v.Users, row)
		if u.Username == added {
			v.Notice = u.Username + " can now sign in as an organiser."
		}
	}
	h.Render(w, r, status, "users", v)
}

func roleName(r model.Role) string {
	if r == model.RoleAdmin {
		return "Admin"
	}
	return "Organiser"
}
