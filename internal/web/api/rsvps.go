package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/web/respond"
)

// listRSVPs answers GET /api/v1/gatherings/{id}/rsvps, as JSON or, with
// ?format=csv, as a spreadsheet.
func (h *Handler) listRSVPs(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	rsvps, err := h.App.ListRSVPs(r.Context(), id)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	if r.URL.Query().Get("format") != "csv" {
		respond.JSON(w, http.StatusOK, map[string]any{"rsvps": rsvps})
		return
	}
	respond.SignupsCSV(w, id, rsvps)
}

// listComments answers GET /api/v1/gatherings/{id}/comments: replies that
// said nothing about coming.
func (h *Handler) listComments(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	comments, err := h.App.ListComments(r.Context(), id)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	respond.JSON(w, http.StatusOK, map[string]any{"comments": comments})
}

// removeRSVP answers DELETE /api/v1/gatherings/{id}/rsvps/{rsvp}.
func (h *Handler) removeRSVP(w http.ResponseWriter, r *http.Request) {
	h.onRSVP(w, r, h.App.RemoveRSVP)
}

// promoteRSVP answers POST /api/v1/gatherings/{id}/rsvps/{rsvp}/promote:
// a waitlisted answer becomes going, even past the capacity.
func (h *Handler) promoteRSVP(w http.ResponseWriter, r *http.Request) {
	h.onRSVP(w, r, h.App.PromoteRSVP)
}

// onRSVP does change to the answer the URL names and answers 204.
func (h *Handler) onRSVP(w http.ResponseWriter, r *http.Request, change func(ctx context.Context, gatheringID, rsvpID int64) error) {
	id, err := idParam(r)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	rsvp, err := strconv.ParseInt(chi.URLParam(r, "rsvp"), 10, 64)
	if err != nil {
		respond.JSONError(w, r, h.Log, respond.Errorf(http.StatusNotFound, "not found"))
		return
	}
	if err := change(r.Context(), id, rsvp); err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// blockPerson answers POST /api/v1/blocks {"id": "<actor id or @user@host>"}.
func (h *Handler) blockPerson(w http.ResponseWriter, r *http.Request) {
	body, err := readBody(w, r)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	var in struct {
		ID string `json:"id"`
	}
	if err := app.DecodeStrict(body, &in); err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	// BlockAccount also drops the person's follows, as the admin's block does.
	if _, err := h.App.BlockAccount(r.Context(), in.ID); err != nil {
		var v *app.ValidationError
		if errors.As(err, &v) {
			err = &app.ValidationError{Field: "id", Msg: v.Msg}
		}
		respond.JSONError(w, r, h.Log, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
