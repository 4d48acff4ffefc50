package gatherings

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/web/admin/ui"
)

// gatheringView is the gathering editor, for a new gathering (ID 0) or a
// saved one.
type gatheringView struct {
	ui.Layout
	Form      *ui.Form
	Rooms     []roomRow
	Notice    string
	ID        int64
	Status    model.GatheringStatus
	PublicURL string
	// BoardURL is the now-and-next board for the venue's lobby screen,
	// once the gathering is public.
	BoardURL string
	// PreviewURL shows the public page as it is or will be, drafts too.
	PreviewURL string
	// ReloadURL is set when the form was stale: the way to start again.
	ReloadURL string
	Sessions  []sessionRow
	AddForm   *ui.Form // a new session's
	// Lifecycle are the buttons to publish, cancel or delete that apply.
	Lifecycle []lifecycleLink
	// ScheduleURL is the schedule builder's page.
	ScheduleURL string
	// SignupsURL is the page of who answered.
	SignupsURL string
	// ProposalsURL is the page of lightning talks and open-space topics.
	ProposalsURL string
}

// editorNotices are what the editor says after a change, by query key.
var editorNotices = []struct{ key, msg string }{
	{"saved", "Saved."}, {"session-added", "The session is added."},
	{"session-saved", "The session is saved."}, {"session-deleted", "The session is deleted."},
	{"published", "Published: the public page is open, and followers on other servers are receiving it."},
	{"cancelled", "The gathering is cancelled."},
}

// NewGatheringPage shows an empty editor (GET /admin/gatherings/new) for
// the co-op named by ?coop, or the instance's first, with the time zone
// and RSVP poll of the instance settings.
func (h *Handler) NewGatheringPage(w http.ResponseWriter, r *http.Request) {
	defaults, err := h.App.NewGatheringDefaults(r.Context(), r.URL.Query().Get("coop"))
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	g := gatheringForm{RSVPPoll: defaults.RSVPPollDefault, SlotPolls: true, MyDay: app.DefaultMyDay, Timezone: defaults.DefaultTimezone}
	f, rooms := g.form(ui.NewGatheringPath, "Save as a draft", ui.Hidden{Name: "coop", Value: r.URL.Query().Get("coop")})
	v := gatheringView{Layout: h.Page(r, "New gathering", "gatherings"), Form: f, Rooms: rooms}
	h.Render(w, r, http.StatusOK, "gathering", v)
}

// CreateGathering saves a new draft (POST /admin/gatherings/new) and
// opens it in the editor.
func (h *Handler) CreateGathering(w http.ResponseWriter, r *http.Request) {
	if !h.ParseForm(w, r) {
		return
	}
	g, coop := readGatheringForm(r.PostForm), r.PostForm.Get("coop")
	in, err := g.input()
	if err == nil && coop == "" {
		coop, err = h.App.DefaultActor(r.Context())
	}
	if err == nil {
		var ref app.GatheringRef
		if ref, err = h.App.CreateGathering(r.Context(), coop, in, false); err == nil {
			http.Redirect(w, r, ui.GatheringPath(ref.ID)+"?saved", http.StatusSeeOther)
			return
		}
	}
	f, rooms := g.form(ui.NewGatheringPath, "Save as a draft", ui.Hidden{Name: "coop", Value: coop})
	if !placeGathering(f, err) {
		h.Fail(w, r, err)
		return
	}
	v := gatheringView{Layout: h.Page(r, "New gathering", "gatherings"), Form: f, Rooms: rooms}
	v.Invalid = true
	h.Render(w, r, http.StatusBadRequest, "gathering", v)
}

// GatheringPage shows a gathering in the editor (GET /admin/gatherings/{id}).
func (h *Handler) GatheringPage(w http.ResponseWriter, r *http.Request) {
	out, ok := h.GatheringOutput(w, r)
	if !ok {
		return
	}
	v := h.editorView(r, out, gatheringFormFrom(out.GatheringInput), out.Version)
	for _, n := range editorNotices {
		if r.URL.Query().Has(n.key) {
			v.Notice = n.msg
		}
	}
	h.Render(w, r, http.StatusOK, "gathering", v)
}

// SaveGathering saves the editor (POST /admin/gatherings/{id}), unless
// someone else saved the gathering since the form was opened.
func (h *Handler) SaveGathering(w http.ResponseWriter, r *http.Request) {
	id, ok := h.PathID(w, r)
	if !ok || !h.ParseForm(w, r) {
		return
	}
	version, err := strconv.Atoi(r.PostForm.Get("version"))
	if err != nil || version < 1 {
		h.Fail(w, r, ui.ErrBadForm)
		return
	}
	g := readGatheringForm(r.PostForm)
	in, err := g.input()
	if err == nil {
		if _, err = h.App.SaveGathering(r.Context(), id, in, version); err == nil {
			http.Redirect(w, r, ui.GatheringPath(id)+"?saved", http.StatusSeeOther)
			return
		}
	}
	out, oerr := h.App.GatheringOutput(r.Context(), id)
	if oerr != nil {
		h.Fail(w, r, oerr)
		return
	}
	if errors.Is(err, app.ErrStale) {
		// Show the gathering as it is now, not what was typed over an
		// older copy: saving that would undo the other person's changes.
		v := h.editorView(r, out, gatheringFormFrom(out.GatheringInput), out.Version)
		v.Form.Problem = "Someone else changed this gathering while you were editing it, so your changes were not saved. " +
			"The form below shows the gathering as it is now: make your changes again there."
		v.ReloadURL, v.Invalid = ui.GatheringPath(id), true
		h.Render(w, r, http.StatusConflict, "gathering", v)
		return
	}
	v := h.editorView(r, out, g, version)
	if !placeGathering(v.Form, err) {
		h.Fail(w, r, err)
		return
	}
	v.Invalid = true
	h.Render(w, r, http.StatusBadRequest, "gathering", v)
}

// editorView is the editor of the saved gathering out, its form showing
// g and carrying the version it was read at.
func (h *Handler) editorView(r *http.Request, out app.GatheringOutput, g gatheringForm, version int) gatheringView {
	f, rooms := g.form(ui.GatheringPath(out.ID), "Save", ui.Hidden{Name: "version", Value: strconv.Itoa(version)})
	v := gatheringView{Layout: h.Page(r, out.Title, "gatherings"), Form: f, Rooms: rooms,
		ID: out.ID, Status: out.Status, Sessions: sessionRows(out),
		AddForm:   newSessionForm(out, nil).form(out, addSessionPath(out.ID), "Add the session"),
		Lifecycle: lifecycleLinks(out.ID, out.Status), ScheduleURL: schedulePath(out.ID),
		SignupsURL: ui.SignupsPath(out.ID), PreviewURL: ui.GatheringPath(out.ID) + "/preview", ProposalsURL: proposalsPath(out.ID)}
	if out.Status != model.StatusDraft {
		v.PublicURL = out.URL
		v.BoardURL = h.App.URLs().Board(out.ID)
	}
	return v
}
