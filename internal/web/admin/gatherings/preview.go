package gatherings

import (
	"net/http"

	"github.com/gather-coop/gather/internal/web/admin/ui"
)

// PreviewGathering shows the gathering's public page as the public will
// see it, drafts included (GET /admin/gatherings/{id}/preview).
func (h *Handler) PreviewGathering(w http.ResponseWriter, r *http.Request) {
	id, ok := h.PathID(w, r)
	if !ok {
		return
	}
	if h.Preview == nil {
		h.Fail(w, r, ui.ErrNotFound)
		return
	}
	h.Preview.PreviewGathering(w, r, id, ui.GatheringPath(id))
}

// PreviewSession is previewGathering for a session
// (GET /admin/sessions/{id}/preview).
func (h *Handler) PreviewSession(w http.ResponseWriter, r *http.Request) {
	id, ok := h.PathID(w, r)
	if !ok {
		return
	}
	if h.Preview == nil {
		h.Fail(w, r, ui.ErrNotFound)
		return
	}
	h.Preview.PreviewSession(w, r, id, ui.SessionPath(id))
}
