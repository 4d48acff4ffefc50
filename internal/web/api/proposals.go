package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/web/respond"
)

// Lightning talks and open-space topics, as the admin's page offers them.
func (h *Handler) proposalRoutes(r chi.Router) {
	r.Get("/gatherings/{id}/proposals", h.listProposals)
	r.Post("/gatherings/{id}/proposals/{proposal}/place", h.placeProposal)
	r.Post("/gatherings/{id}/proposals/{proposal}/list", h.proposalAction("list"))
	r.Post("/gatherings/{id}/proposals/{proposal}/up", h.proposalAction("up"))
	r.Post("/gatherings/{id}/proposals/{proposal}/down", h.proposalAction("down"))
	r.Post("/gatherings/{id}/proposals/{proposal}/decline", h.proposalAction("decline"))
}

// proposalJSON is one proposal in the API.
type proposalJSON struct {
	ID       int64  `json:"id"`
	Kind     string `json:"kind"`
	Title    string `json:"title"`
	Proposer string `json:"proposer"`
	State    string `json:"state"`
	// Number is the place in the lightning talks' running order, 0 when
	// not listed.
	Number    int    `json:"number,omitempty"`
	SessionID int64  `json:"session_id,omitempty"`
	Session   string `json:"session,omitempty"` // its ActivityPub id
}

// listProposals answers GET /api/v1/gatherings/{id}/proposals:
// {"lightning": […], "open_space": […], "declined": […]}, each list in
// the order the admin shows it.
func (h *Handler) listProposals(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	ps, err := h.App.Proposals(r.Context(), id)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	out := map[string][]proposalJSON{"lightning": {}, "open_space": {}, "declined": {}}
	listed := 0
	for key, list := range map[string][]app.ProposalView{"lightning": ps.Lightning, "open_space": ps.OpenSpace, "declined": ps.Declined} {
		for _, p := range list {
			j := proposalJSON{ID: p.ID, Kind: string(p.Kind), Title: p.Title, Proposer: p.Proposer, State: string(p.State)}
			if p.Session != nil {
				j.State, j.SessionID, j.Session = "placed", p.Session.ID, h.App.URLs().Session(p.Session.ID)
			} else if j.State == "placed" {
				j.State = "proposed" // its session was deleted
			}
			out[key] = append(out[key], j)
		}
	}
	for i := range out["lightning"] {
		if out["lightning"][i].SessionID != 0 {
			listed++
			out["lightning"][i].Number = listed
		}
	}
	respond.JSON(w, http.StatusOK, out)
}

func proposalParam(r *http.Request) int64 {
	id, err := strconv.ParseInt(chi.URLParam(r, "proposal"), 10, 64)
	if err != nil || id < 1 {
		return 0 // not found, once the gathering's access is checked
	}
	return id
}

// placeProposal answers POST /api/v1/gatherings/{id}/proposals/{p}/place
// {"room", "starts_at", "length_minutes"}: an open-space topic becomes a
// session (201 with the session's id, url and ap_id).
func (h *Handler) placeProposal(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	body, err := readBody(w, r)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	var in struct {
		Room          string `json:"room"`
		StartsAt      string `json:"starts_at"`
		LengthMinutes int    `json:"length_minutes"`
	}
	if err := app.DecodeStrict(body, &in); err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	ref, err := h.App.PlaceOpenSpace(r.Context(), id, proposalParam(r), in.Room, in.StartsAt, time.Duration(in.LengthMinutes)*time.Minute)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	respond.JSON(w, http.StatusCreated, ref)
}

// proposalAction answers POST …/proposals/{p}/list, /up, /down and
// /decline (204).
func (h *Handler) proposalAction(action string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := idParam(r)
		if err != nil {
			respond.JSONError(w, r, h.Log, err)
			return
		}
		p := proposalParam(r)
		switch action {
		case "list":
			err = h.App.ListLightning(r.Context(), id, p)
		case "up", "down":
			err = h.App.MoveProposal(r.Context(), id, p, action == "up")
		default:
			err = h.App.DeclineProposal(r.Context(), id, p)
		}
		if err != nil {
			respond.JSONError(w, r, h.Log, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}
