package instance

import (
	"errors"
	"io"
	"net/http"
	"net/url"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/web/admin/ui"
)

const settingsPath = ui.Prefix + "/settings"

// MaxSettingsBytes bounds the settings form: both pictures at their limit
// and room for the rest.
const MaxSettingsBytes = 2*app.MaxUploadBytes + 1<<20

// settingsMemory is how much of a form's files is kept in memory while it
// is read; the rest waits in temporary files, removed after the request.
const settingsMemory = 1 << 20

// settingsView is the settings page: a co-op's profile and the instance
// settings, in one form.
type settingsView struct {
	// EmbedSnippet is the HTML a co-op pastes into its own site to show
	// the network calendar, with a plain link for where frames are off.
	EmbedSnippet string
	ui.Layout
	Form   *ui.Form
	Links  []linkRow
	Notice string
	// Coops are the co-op accounts to switch between, when there are
	// several.
	Coops []coopChoice
	// CoopName and ProfileURL name the co-op shown and its public page.
	CoopName, Handle, ProfileURL string
	// Avatar and Header are the picture inputs, with the current
	// pictures.
	Avatar, Header pictureInput
	// DoctorPath links to the doctor's checks.
	DoctorPath string
}

// pictureInput is a file input for a picture, the picture it replaces
// (nil for none), and the box that removes that one.
type pictureInput struct {
	Field, Remove *ui.Field
	Preview       *picturePreview
	Alt           string
	Class         string
}

type coopChoice struct {
	Name, Handle, URL string
	Current           bool
}

type picturePreview struct {
	URL           string
	Width, Height int
}

// SettingsPage shows the settings (GET /admin/settings) of the co-op named
// by ?coop, or the instance's first. Admins only.
func (h *Handler) SettingsPage(w http.ResponseWriter, r *http.Request) {
	s, err := h.App.Settings(r.Context(), ui.CurrentSession(r).User, r.URL.Query().Get("coop"))
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := h.settingsView(r, s, settingsFormFrom(s))
	if r.URL.Query().Has("saved") {
		v.Notice = "Saved. The servers of the co-op’s followers have been sent the new profile; they may take a few minutes to show it."
	}
	h.Render(w, r, http.StatusOK, "settings", v)
}

// SaveSettings saves the settings (POST /admin/settings), pictures
// included, and comes back to the page.
func (h *Handler) SaveSettings(w http.ResponseWriter, r *http.Request) {
	done, ok := h.parseFilesForm(w, r)
	defer done()
	if !ok {
		return
	}
	sf := readSettingsForm(r.PostForm)
	files, closers, err := openPictures(r.MultipartForm)
	defer closeAll(closers)
	var actor model.Actor
	if err == nil {
		p, s := sf.params(files)
		actor, err = h.App.SaveSettings(r.Context(), ui.CurrentSession(r).User, sf.Coop, p, s)
	}
	if err == nil {
		http.Redirect(w, r, settingsURL(actor.Handle)+"&saved", http.StatusSeeOther)
		return
	}
	s, serr := h.App.Settings(r.Context(), ui.CurrentSession(r).User, sf.Coop)
	if serr != nil {
		h.Fail(w, r, errors.Join(err, serr))
		return
	}
	v := h.settingsView(r, s, sf)
	if !placeSettings(v.Form, err, files) {
		h.Fail(w, r, err)
		return
	}
	v.Invalid = true
	h.Render(w, r, http.StatusBadRequest, "settings", v)
}

// parseFilesForm reads a form that may carry files, or answers and
// returns false. done removes the files' temporary copies: the server
// does so only for the request it made, and the middleware passed on
// copies of it.
func (h *Handler) parseFilesForm(w http.ResponseWriter, r *http.Request) (done func(), ok bool) {
	err := r.ParseMultipartForm(settingsMemory)
	done = func() {}
	if form := r.MultipartForm; form != nil {
		done = func() { _ = form.RemoveAll() }
	}
	if errors.Is(err, http.ErrNotMultipart) {
		err = r.ParseForm() // a form without files may come plain
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		h.settingsTooBig(w, r)
		return done, false
	case err != nil:
		h.Fail(w, r, ui.ErrBadForm)
		return done, false
	}
	return done, true
}

// settingsTooBig answers a form too big to read: nothing of it can be
// shown again, so the page shows what is saved and says why.
func (h *Handler) settingsTooBig(w http.ResponseWriter, r *http.Request) {
	s, err := h.App.Settings(r.Context(), ui.CurrentSession(r).User, r.URL.Query().Get("coop"))
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := h.settingsView(r, s, settingsFormFrom(s))
	v.Form.Problem = "The pictures were too big to receive, so nothing was saved. Choose pictures of at most 8 MB each, and make your changes again."
	v.Invalid = true
	h.Render(w, r, http.StatusRequestEntityTooLarge, "settings", v)
}

// settingsView lays out the page for s, its form showing f.
func (h *Handler) settingsView(r *http.Request, s app.Settings, f settingsForm) settingsView {
	form, links := f.form(!s.Actor.Avatar.IsZero(), !s.Actor.Header.IsZero())
	v := settingsView{Layout: h.Page(r, "Settings", "settings"), Form: form, Links: links,
		CoopName: s.Actor.Name, Handle: "@" + s.Actor.Handle + "@" + h.App.URLs().Host(), ProfileURL: h.App.URLs().Profile(s.Actor.Handle),
		Avatar: pictureInput{Field: form.Field("avatar"), Remove: form.Field("remove_avatar"), Preview: h.preview(s.Actor.Avatar),
			Alt: "The avatar now", Class: "picture-avatar"},
		Header: pictureInput{Field: form.Field("header"), Remove: form.Field("remove_header"), Preview: h.preview(s.Actor.Header),
			Alt: "The header image now", Class: "picture-header"}}
	base := h.App.URLs().Base
	v.EmbedSnippet = `<iframe src="` + base + `/network/embed" title="Coming up in the network" width="100%" height="480" style="border:0" loading="lazy"></iframe>` + "\n" +
		`<p><a href="` + base + `/network">Coming up in the network</a></p>`
	if h.doctor != nil {
		v.DoctorPath = DoctorPath
	}
	if len(s.Coops) > 1 {
		for _, c := range s.Coops {
			v.Coops = append(v.Coops, coopChoice{Name: c.Name, Handle: c.Handle, URL: settingsURL(c.Handle), Current: c.ID == s.Actor.ID})
		}
	}
	return v
}

func (h *Handler) preview(p model.Picture) *picturePreview {
	if p.IsZero() {
		return nil
	}
	return &picturePreview{URL: h.App.URLs().Media(p.File), Width: p.Width, Height: p.Height}
}

// settingsURL is the settings page of the co-op handle.
func settingsURL(handle string) string { return settingsPath + "?coop=" + url.QueryEscape(handle) }

func closeAll(closers []io.Closer) {
	for _, c := range closers {
		_ = c.Close()
	}
}
