package pages

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/web/respond"
)

// interactView is the stand-alone remote-interaction page, for links
// from elsewhere and for addresses that are not one of our pages.
type interactView struct {
	layout
	Form interactForm
}

// Interact sends a visitor to their own fediverse server to follow a
// co-op or reply to a gathering or session: a POST with their address
// (handle) and the thing (uri) answers 303 to their server's interaction
// page. When that fails it shows the page again with the message beside
// the field and what they typed still in it (400).
//
// A GET shows the form, filled in from the query, and never redirects:
// the target comes from whatever server the handle names, so redirecting
// on a link would make this an open redirect. For the same reason a POST
// from another site's page is refused (403).
func (h *Handler) Interact(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		h.fail(w, r, &app.ValidationError{Msg: "the form could not be read"})
		return
	}
	form := interactForm{URI: r.Form.Get("uri"), Handle: strings.TrimSpace(r.Form.Get("handle")), Verb: "Go to my server"}
	if r.Method != http.MethodPost {
		h.render(w, r, http.StatusOK, "interact", h.interactView(form))
		return
	}
	if err := new(http.CrossOriginProtection).Check(r); err != nil {
		h.fail(w, r, respond.Errorf(http.StatusForbidden, "This form can only be sent from this site's own pages."))
		return
	}
	target, err := h.App.RemoteInteraction(r.Context(), form.Handle, form.URI)
	if err == nil {
		http.Redirect(w, r, target, http.StatusSeeOther)
		return
	}
	var ve *app.ValidationError
	if !errors.As(err, &ve) {
		h.fail(w, r, err)
		return
	}
	form.Error = sentence(ve.Msg)
	if ve.Field == "handle" {
		h.showWithForm(w, r, form)
		return
	}
	form.Error = "That link is not to a page on this server, so it cannot be opened from yours."
	h.render(w, r, http.StatusBadRequest, "interact", h.interactView(form))
}

// showWithForm shows the page the form was sent from, with the form's
// error, or the stand-alone form when that page cannot be shown.
func (h *Handler) showWithForm(w http.ResponseWriter, r *http.Request, form interactForm) {
	urls := h.App.URLs()
	ctx := r.Context()
	switch kind, id, ok := urls.EventOf(form.URI); {
	case ok && kind == app.KindGathering:
		if v, err := h.gatheringView(ctx, id); err == nil {
			form.Verb, v.Form = v.Form.Verb, form
			h.render(w, r, http.StatusBadRequest, "gathering", v)
			return
		}
	case ok && kind == app.KindSession:
		if v, err := h.sessionView(ctx, id); err == nil {
			form.Verb, v.Form = v.Form.Verb, form
			h.render(w, r, http.StatusBadRequest, "session", v)
			return
		}
	}
	if handle := urls.HandleOf(form.URI); handle != "" {
		if v, err := h.profileView(ctx, handle); err == nil {
			form.Verb, v.Form = v.Form.Verb, form
			h.render(w, r, http.StatusBadRequest, "profile", v)
			return
		}
	}
	h.render(w, r, http.StatusBadRequest, "interact", h.interactView(form))
}

func (h *Handler) interactView(form interactForm) interactView {
	v := interactView{layout: h.layout("Open on your own server"), Form: form}
	v.NoIndex = true
	return v
}
