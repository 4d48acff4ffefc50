package pages

import (
	"net/http"

	"github.com/gather-coop/gather/internal/model"
)

func previewOf(g model.Gathering, back string) *preview {
	p := &preview{Back: back}
	switch g.Status {
	case model.StatusDraft:
		p.Text = "This is a draft: nobody else can see this page until it is published, and its session links work only then."
	case model.StatusCancelled:
		p.Text = "This is the page as the public sees it now, cancelled."
	default:
		p.Text = "This is the page as the public sees it now."
	}
	return p
}

// PreviewGathering writes gathering id's page exactly as the public will
// see it, even while it is a draft, for an organiser in the admin (which
// decides who may see it). back is where the preview's note leads.
func (h *Handler) PreviewGathering(w http.ResponseWriter, r *http.Request, id int64, back string) {
	d, err := h.App.GatheringDetail(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	v := h.gatheringViewOf(d)
	v.Preview, v.NoIndex = previewOf(d.Gathering, back), true
	h.render(w, r, http.StatusOK, "gathering", v)
}

// PreviewSession is PreviewGathering for session id.
func (h *Handler) PreviewSession(w http.ResponseWriter, r *http.Request, id int64, back string) {
	d, s, err := h.App.SessionDetail(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	v := h.sessionViewOf(d, s)
	v.Preview, v.NoIndex = previewOf(d.Gathering, back), true
	h.render(w, r, http.StatusOK, "session", v)
}
