package admin

import "net/http"

// previewGathering shows the gathering's public page as the public will
// see it, drafts included (GET /admin/gatherings/{id}/preview).
func (h *Handler) previewGathering(w http.ResponseWriter, r *http.Request) {
	id, ok := h.pathID(w, r)
	if !ok {
		return
	}
	if h.Preview == nil {
		h.fail(w, r, errNotFound)
		return
	}
	h.Preview.PreviewGathering(w, r, id, gatheringPath(id))
}

// previewSession is previewGathering for a session
// (GET /admin/sessions/{id}/preview).
func (h *Handler) previewSession(w http.ResponseWriter, r *http.Request) {
	id, ok := h.pathID(w, r)
	if !ok {
		return
	}
	if h.Preview == nil {
		h.fail(w, r, errNotFound)
		return
	}
	h.Preview.PreviewSession(w, r, id, sessionPath(id))
}
