package gatherings

import (
	"net/http"
	"strconv"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/web/admin/ui"
)

// A gathering's life: publish, cancel, delete. Each has a confirmation
// page (GET) that says what other servers will receive, and a POST to the
// same path that does it.

// LifecycleAction is publish, cancel or delete.
type LifecycleAction struct {
	Slug   string // the last part of the path
	Label  string // the editor's button
	Submit string // the confirmation's button
	Danger bool
	// applies reports whether the action is offered for a gathering of
	// status s.
	applies func(s model.GatheringStatus) bool
}

var (
	publishAction = LifecycleAction{Slug: "publish", Label: "Publish…", Submit: "Publish the gathering",
		applies: func(s model.GatheringStatus) bool { return s == model.StatusDraft }}
	cancelAction = LifecycleAction{Slug: "cancel", Label: "Cancel the gathering…", Submit: "Cancel the gathering", Danger: true,
		applies: func(s model.GatheringStatus) bool { return s == model.StatusPublished }}
	deleteAction = LifecycleAction{Slug: "delete", Label: "Delete…", Submit: "Delete the gathering", Danger: true,
		applies: func(model.GatheringStatus) bool { return true }}
	LifecycleActions = []LifecycleAction{publishAction, cancelAction, deleteAction}
)

// lifecycleLink is a button of the editor leading to a confirmation.
type lifecycleLink struct {
	URL    string
	Label  string
	Danger bool
}

// lifecycleLinks are the editor's buttons that apply to a gathering of
// status s.
func lifecycleLinks(id int64, s model.GatheringStatus) []lifecycleLink {
	var out []lifecycleLink
	for _, a := range LifecycleActions {
		if a.applies(s) {
			out = append(out, lifecycleLink{URL: ui.GatheringPath(id) + "/" + a.Slug, Label: a.Label, Danger: a.Danger})
		}
	}
	return out
}

// followerCount is how many accounts on other servers follow the co-op
// that holds gathering id, and that co-op's gathering as the app has it.
func (h *Handler) followerCount(r *http.Request, id int64) (app.GatheringDetail, int, error) {
	d, err := h.App.GatheringDetail(r.Context(), id)
	if err != nil {
		return d, 0, err
	}
	n, err := h.App.FollowerCount(r.Context(), d.Actor.Handle)
	return d, n, err
}

// ConfirmLifecycle asks before a.
func (h *Handler) ConfirmLifecycle(a LifecycleAction) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		out, ok := h.GatheringOutput(w, r)
		if !ok {
			return
		}
		if !a.applies(out.Status) {
			http.Redirect(w, r, ui.GatheringPath(out.ID), http.StatusSeeOther)
			return
		}
		d, n, err := h.followerCount(r, out.ID)
		if err != nil {
			h.Fail(w, r, err)
			return
		}
		followers := "Followers on other servers (" + strconv.Itoa(n) + ")"
		path := ui.GatheringPath(out.ID) + "/" + a.Slug
		v := ui.ConfirmView{Action: path, Submit: a.Submit, Danger: a.Danger, BackURL: ui.GatheringPath(out.ID)}
		switch a.Slug {
		case publishAction.Slug:
			v.Layout = h.Page(r, "Publish “"+out.Title+"”?", "gatherings")
			v.Lead = "Its public page opens, and anyone can see it and sign up."
			poll := " and its RSVP poll"
			if out.RSVPPoll != nil && !*out.RSVPPoll {
				poll = ""
			}
			v.Federates = followers + " will receive this gathering" + poll + ", with its schedule of " +
				ui.Plural(len(out.Sessions), "session", "sessions") + ", in their home timelines."
		case cancelAction.Slug:
			v.Layout = h.Page(r, "Cancel “"+out.Title+"”?", "gatherings")
			v.Lead = "The public page stays up, marked cancelled, and nobody can sign up any more. This cannot be undone."
			if out.Status == model.StatusPublished {
				v.Federates = followers + " will receive the cancellation and a short post saying so; people who RSVPed are told."
			}
		case deleteAction.Slug:
			v.Layout = h.Page(r, "Delete “"+out.Title+"”?", "gatherings")
			v.Lead = "The gathering is removed with its sessions and everyone’s sign-ups. This cannot be undone."
			if d.Gathering.PublishedAt != nil {
				v.Federates = followers + " will receive a Delete of it, its sessions, their polls and the posts about them; " +
					"people who RSVPed lose their confirmations. Those addresses will answer ‘gone’."
			}
		}
		h.Render(w, r, http.StatusOK, "confirm", v)
	}
}

// DoLifecycle does a (POST /admin/gatherings/{id}/{action}) and goes back
// to the editor, or after a delete, to the dashboard.
func (h *Handler) DoLifecycle(a LifecycleAction) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		out, ok := h.GatheringOutput(w, r)
		if !ok {
			return
		}
		if !a.applies(out.Status) {
			// Done already, or no longer possible (someone else was
			// quicker): the editor shows where it stands.
			http.Redirect(w, r, ui.GatheringPath(out.ID), http.StatusSeeOther)
			return
		}
		var err error
		next := ui.GatheringPath(out.ID)
		switch a.Slug {
		case publishAction.Slug:
			_, err = h.App.PublishGathering(r.Context(), out.ID)
			next += "?published"
		case cancelAction.Slug:
			_, err = h.App.CancelGathering(r.Context(), out.ID)
			next += "?cancelled"
		case deleteAction.Slug:
			err = h.App.DeleteGathering(r.Context(), out.ID)
			next = ui.Prefix + "?deleted"
		}
		if err != nil {
			h.Fail(w, r, err)
			return
		}
		http.Redirect(w, r, next, http.StatusSeeOther)
	}
}
