package pages

import (
	"errors"
	"net/http"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/web/respond"
)

// proposedView thanks someone who proposed at the venue.
type proposedView struct {
	layout
	GatheringTitle, GatheringURL string
	What, ProposalTitle          string
}

// Propose takes a proposal of a lightning talk or an open-space topic
// made on the gathering's page at the venue (POST
// /gatherings/{id}/propose: kind, title, name), as SignUp takes a day-of
// sign-up: same-site forms only, rate-limited per client, the phone told
// apart by its guest cookie.
func (h *Handler) Propose(w http.ResponseWriter, r *http.Request) {
	id, key, ok := h.venueForm(w, r, "proposals")
	if !ok {
		return
	}
	p, err := h.App.ProposeAtVenue(r.Context(), id, r.PostFormValue("kind"), r.PostFormValue("title"), r.PostFormValue("name"), key)
	var ve *app.ValidationError
	if errors.As(err, &ve) {
		h.fail(w, r, respond.Errorf(http.StatusBadRequest, sentence(ve.Msg)+"."))
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d, err := h.App.PublicGathering(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	what := "open-space topic"
	if p.Kind == model.ProposalLightning {
		what = "lightning talk"
	}
	h.render(w, r, http.StatusOK, "proposed", proposedView{layout: h.layout("Proposed: " + p.Title),
		GatheringTitle: d.Gathering.Title, GatheringURL: h.App.URLs().Gathering(id), What: what, ProposalTitle: p.Title})
}
