package api

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/web/respond"
)

// maxBody bounds API request bodies: a whole gathering fits many times over.
const maxBody = 1 << 20

func (h *Handler) gatheringRoutes(r chi.Router) {
	r.Get("/gatherings", h.listGatherings)
	r.Post("/gatherings", h.createGathering)
	r.Get("/gatherings/{id}", h.getGathering)
	r.Patch("/gatherings/{id}", h.patchGathering)
	r.Delete("/gatherings/{id}", h.deleteGathering)
	r.Post("/gatherings/{id}/publish", h.publishGathering)
	r.Post("/gatherings/{id}/cancel", h.cancelGathering)
	r.Post("/gatherings/{id}/sessions", h.addSession)
	r.Patch("/sessions/{id}", h.patchSession)
	r.Delete("/sessions/{id}", h.deleteSession)
	r.Get("/gatherings/{id}/rsvps", h.listRSVPs)
	r.Delete("/gatherings/{id}/rsvps/{rsvp}", h.removeRSVP)
	r.Post("/gatherings/{id}/rsvps/{rsvp}/promote", h.promoteRSVP)
	r.Get("/gatherings/{id}/comments", h.listComments)
	r.Post("/blocks", h.blockPerson)
}

// readBody reads a JSON request body, bounded.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		return nil, respond.Errorf(http.StatusRequestEntityTooLarge, "the body is larger than 1 MiB")
	}
	return body, nil
}

func idParam(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, respond.Errorf(http.StatusNotFound, "not found")
	}
	return id, nil
}

// expectedVersion reads If-Match: "3" (or 3): the version the client last
// saw, so a change made meanwhile is not overwritten. 0 when absent.
func expectedVersion(r *http.Request) (int, error) {
	v := strings.Trim(strings.TrimPrefix(r.Header.Get("If-Match"), "W/"), `" `)
	if v == "" || v == "*" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, &respond.Error{Status: http.StatusBadRequest, Msg: "If-Match must be a version number", Field: "If-Match"}
	}
	return n, nil
}

// actorParam is the co-op named by ?actor=, or the instance's first.
func (h *Handler) actorParam(r *http.Request) (string, error) {
	if handle := r.URL.Query().Get("actor"); handle != "" {
		return handle, nil
	}
	return h.App.DefaultActor(r.Context())
}

func (h *Handler) listGatherings(w http.ResponseWriter, r *http.Request) {
	handle, err := h.actorParam(r)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	list, err := h.App.ListGatherings(r.Context(), handle)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	respond.JSON(w, http.StatusOK, map[string]any{"gatherings": list})
}

func (h *Handler) createGathering(w http.ResponseWriter, r *http.Request) {
	body, err := readBody(w, r)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	var in app.GatheringInput
	if err := app.DecodeStrict(body, &in); err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	handle, err := h.actorParam(r)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	ref, err := h.App.CreateGathering(r.Context(), handle, &in, r.URL.Query().Get("publish") == "true")
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	w.Header().Set("Location", "/api/v1/gatherings/"+strconv.FormatInt(ref.ID, 10))
	respond.JSON(w, http.StatusCreated, ref)
}

func (h *Handler) getGathering(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	out, err := h.App.GatheringOutput(r.Context(), id)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	w.Header().Set("ETag", strconv.Quote(strconv.Itoa(out.Version)))
	respond.JSON(w, http.StatusOK, out)
}

func (h *Handler) patchGathering(w http.ResponseWriter, r *http.Request) {
	id, version, body, err := patchRequest(w, r)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	ref, err := h.App.UpdateGathering(r.Context(), id, body, version)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	respond.JSON(w, http.StatusOK, ref)
}

// patchRequest reads a PATCH: the id, the If-Match version and the body.
func patchRequest(w http.ResponseWriter, r *http.Request) (id int64, version int, body []byte, err error) {
	if id, err = idParam(r); err != nil {
		return 0, 0, nil, err
	}
	if version, err = expectedVersion(r); err != nil {
		return 0, 0, nil, err
	}
	body, err = readBody(w, r)
	return id, version, body, err
}

func (h *Handler) deleteGathering(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r)
	if err == nil {
		err = h.App.DeleteGathering(r.Context(), id)
	}
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (h *Handler) publishGathering(w http.ResponseWriter, r *http.Request) {
	h.gatheringAction(w, r, h.App.PublishGathering)
}

func (h *Handler) cancelGathering(w http.ResponseWriter, r *http.Request) {
	h.gatheringAction(w, r, h.App.CancelGathering)
}

func (h *Handler) gatheringAction(w http.ResponseWriter, r *http.Request, act func(ctx context.Context, id int64) (app.GatheringRef, error)) {
	id, err := idParam(r)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	ref, err := act(r.Context(), id)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	respond.JSON(w, http.StatusOK, ref)
}

func (h *Handler) addSession(w http.ResponseWriter, r *http.Request) {
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
	var in app.SessionInput
	if err := app.DecodeStrict(body, &in); err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	ref, err := h.App.AddSession(r.Context(), id, &in)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	respond.JSON(w, http.StatusCreated, ref)
}

func (h *Handler) patchSession(w http.ResponseWriter, r *http.Request) {
	id, version, body, err := patchRequest(w, r)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	ref, err := h.App.UpdateSession(r.Context(), id, body, version)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	respond.JSON(w, http.StatusOK, ref)
}

func (h *Handler) deleteSession(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r)
	if err == nil {
		err = h.App.DeleteSession(r.Context(), id)
	}
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
