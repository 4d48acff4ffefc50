package gatherings

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/web/admin/ui"
)

// addSessionPath is where a new session of gathering id is sent.
func addSessionPath(id int64) string { return ui.GatheringPath(id) + "/sessions" }

// sessionView is a session's page: the form to add or edit it.
type sessionView struct {
	ui.Layout
	Form           *ui.Form
	GatheringTitle string
	GatheringURL   string
	DeleteURL      string // "" when adding
	// Facilitators are the saved session's, as they were found when it
	// was saved: a handle resolved shows its avatar and display name.
	Facilitators []model.Facilitator
	PreviewURL   string // "" when adding
	ReloadURL    string // set when the form was stale
	Notice       string // what was just done, after a redirect here
}

// sessionNotices are what a session's page says after a save that needs
// a look (a facilitator not confirmed), by query key.
var sessionNotices = []struct{ key, msg string }{
	{"session-added", "The session is added."}, {"session-saved", "The session is saved."},
}

// facilitatorNotice says which of fs could not be confirmed, and what
// happens next; "" when all were.
func facilitatorNotice(fs []model.Facilitator) string {
	var parts []string
	for _, f := range fs {
		switch f.Lookup {
		case model.LookupPending:
			parts = append(parts, f.Handle+" is not confirmed yet: their server did not answer when the session was saved. "+
				"Gather keeps looking, and mentions them once found.")
		case model.LookupNotFound:
			parts = append(parts, f.Handle+" could not be found: their server says there is no such account. "+
				"Check the spelling, or give a name instead.")
		}
	}
	return strings.Join(parts, " ")
}

// afterSave is where a saved session's form goes next: back to the
// editor (next), or to the session's own page when a facilitator needs a
// look, so that the organiser reads it next to the field.
func afterSave(ref app.EventRef, next, key string) string {
	if len(ref.Warnings) > 0 {
		return ui.SessionPath(ref.ID) + "?" + key + "#session.facilitators"
	}
	return next
}

func (h *Handler) sessionView(r *http.Request, title string, g app.GatheringOutput, f *ui.Form) sessionView {
	return sessionView{Layout: h.Page(r, title, "gatherings"), Form: f, GatheringTitle: g.Title, GatheringURL: ui.GatheringPath(g.ID)}
}

// AddSessionPage shows the form to add a session (GET
// /admin/gatherings/{id}/sessions/new), filled from the query: the
// schedule grid links here with a room and a time, and from=schedule so
// that the organiser goes back to the grid afterwards.
func (h *Handler) AddSessionPage(w http.ResponseWriter, r *http.Request) {
	out, ok := h.GatheringOutput(w, r)
	if !ok {
		return
	}
	f := newSessionForm(out, r.URL.Query()).form(out, addSessionPath(out.ID), "Add the session", fromSchedule(r.URL.Query())...)
	h.Render(w, r, http.StatusOK, "session", h.sessionView(r, "Add a session", out, f))
}

// AddSession adds a session (POST /admin/gatherings/{id}/sessions) and
// goes back to the editor.
func (h *Handler) AddSession(w http.ResponseWriter, r *http.Request) {
	out, ok := h.GatheringOutput(w, r)
	if !ok || !h.ParseForm(w, r) {
		return
	}
	s := readSessionForm(r.PostForm)
	in, err := s.input()
	if err == nil {
		var ref app.EventRef
		if ref, err = h.App.AddSession(r.Context(), out.ID, in); err == nil {
			next := ui.GatheringPath(out.ID) + "?session-added#sessions"
			if len(fromSchedule(r.PostForm)) > 0 {
				next = schedulePath(out.ID) + "?session-added"
			}
			http.Redirect(w, r, afterSave(ref, next, "session-added"), http.StatusSeeOther)
			return
		}
	}
	f := s.form(out, addSessionPath(out.ID), "Add the session", fromSchedule(r.PostForm)...)
	if !placeSession(f, err) {
		h.Fail(w, r, err)
		return
	}
	v := h.sessionView(r, "Add a session", out, f)
	v.Invalid = true
	h.Render(w, r, http.StatusBadRequest, "session", v)
}

// fromSchedule keeps, through the add-session form, that it was opened
// from the schedule grid.
func fromSchedule(v url.Values) []ui.Hidden {
	if v.Get("from") == "schedule" {
		return []ui.Hidden{{Name: "from", Value: "schedule"}}
	}
	return nil
}

// sessionOutput loads the session of the path with its gathering, or
// answers and returns false.
func (h *Handler) sessionOutput(w http.ResponseWriter, r *http.Request) (app.GatheringOutput, app.SessionOutput, bool) {
	out, s, _, ok := h.sessionDetail(w, r)
	return out, s, ok
}

// sessionDetail is sessionOutput with the session as stored, for what
// the form does not hold (facilitators as they were resolved).
func (h *Handler) sessionDetail(w http.ResponseWriter, r *http.Request) (app.GatheringOutput, app.SessionOutput, model.Session, bool) {
	id, ok := h.PathID(w, r)
	if !ok {
		return app.GatheringOutput{}, app.SessionOutput{}, model.Session{}, false
	}
	d, stored, err := h.App.SessionDetail(r.Context(), id)
	var out app.GatheringOutput
	if err == nil {
		out = h.App.GatheringOutputOf(d)
	}
	if err != nil {
		h.Fail(w, r, err)
		return app.GatheringOutput{}, app.SessionOutput{}, model.Session{}, false
	}
	for _, s := range out.Sessions {
		if s.ID == id {
			return out, s, stored, true
		}
	}
	h.Fail(w, r, ui.ErrNotFound)
	return app.GatheringOutput{}, app.SessionOutput{}, model.Session{}, false
}

// SessionPage shows a session's form (GET /admin/sessions/{id}).
func (h *Handler) SessionPage(w http.ResponseWriter, r *http.Request) {
	out, s, stored, ok := h.sessionDetail(w, r)
	if !ok {
		return
	}
	v := h.editSessionView(r, out, s, sessionFormFrom(s.SessionInput), s.Version)
	v.Facilitators = stored.Facilitators
	for _, f := range v.Form.Fields {
		if f.Name == "session.facilitators" {
			f.Notice = facilitatorNotice(stored.Facilitators)
		}
	}
	for _, n := range sessionNotices {
		if r.URL.Query().Has(n.key) {
			v.Notice = n.msg
		}
	}
	h.Render(w, r, http.StatusOK, "session", v)
}

func (h *Handler) editSessionView(r *http.Request, out app.GatheringOutput, s app.SessionOutput, sf sessionForm, version int) sessionView {
	f := sf.form(out, ui.SessionPath(s.ID), "Save the session", ui.Hidden{Name: "version", Value: strconv.Itoa(version)})
	v := h.sessionView(r, s.Title, out, f)
	v.DeleteURL, v.PreviewURL = ui.SessionPath(s.ID)+"/delete", ui.SessionPath(s.ID)+"/preview"
	return v
}

// SaveSession saves a session's form (POST /admin/sessions/{id}),
// unless someone else saved the session since it was opened.
func (h *Handler) SaveSession(w http.ResponseWriter, r *http.Request) {
	out, s, ok := h.sessionOutput(w, r)
	if !ok || !h.ParseForm(w, r) {
		return
	}
	version, err := strconv.Atoi(r.PostForm.Get("version"))
	if err != nil || version < 1 {
		h.Fail(w, r, ui.ErrBadForm)
		return
	}
	sf := readSessionForm(r.PostForm)
	in, err := sf.input()
	if err == nil {
		var ref app.EventRef
		if ref, err = h.App.SaveSession(r.Context(), s.ID, in, version); err == nil {
			http.Redirect(w, r, afterSave(ref, ui.GatheringPath(out.ID)+"?session-saved#sessions", "session-saved"), http.StatusSeeOther)
			return
		}
	}
	if errors.Is(err, app.ErrStale) {
		v := h.editSessionView(r, out, s, sessionFormFrom(s.SessionInput), s.Version)
		v.Form.Problem = "Someone else changed this session while you were editing it, so your changes were not saved. " +
			"The form below shows the session as it is now: make your changes again there."
		v.ReloadURL, v.Invalid = ui.SessionPath(s.ID), true
		h.Render(w, r, http.StatusConflict, "session", v)
		return
	}
	v := h.editSessionView(r, out, s, sf, version)
	if !placeSession(v.Form, err) {
		h.Fail(w, r, err)
		return
	}
	v.Invalid = true
	h.Render(w, r, http.StatusBadRequest, "session", v)
}

// DeleteSessionPage asks before deleting a session (GET
// /admin/sessions/{id}/delete).
func (h *Handler) DeleteSessionPage(w http.ResponseWriter, r *http.Request) {
	out, s, ok := h.sessionOutput(w, r)
	if !ok {
		return
	}
	v := ui.ConfirmView{Layout: h.Page(r, "Delete “"+s.Title+"”?", "gatherings"),
		Lead:   "The session is removed from the schedule of " + out.Title + ", with everyone’s sign-ups for it. This cannot be undone.",
		Action: ui.SessionPath(s.ID) + "/delete", Submit: "Delete the session", Danger: true, BackURL: ui.SessionPath(s.ID)}
	if out.Status != model.StatusDraft {
		v.Federates = "Followers on other servers will receive a Delete of this session and an Update of the gathering’s schedule."
	}
	h.Render(w, r, http.StatusOK, "confirm", v)
}

// DeleteSession deletes a session (POST /admin/sessions/{id}/delete).
func (h *Handler) DeleteSession(w http.ResponseWriter, r *http.Request) {
	out, s, ok := h.sessionOutput(w, r)
	if !ok {
		return
	}
	if err := h.App.DeleteSession(r.Context(), s.ID); err != nil {
		h.Fail(w, r, err)
		return
	}
	http.Redirect(w, r, ui.GatheringPath(out.ID)+"?session-deleted#sessions", http.StatusSeeOther)
}
