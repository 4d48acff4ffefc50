package pages

import (
	"net/http"
	"time"
)

// cached serves the page key from the cache (pageui.PageCache), or builds
// it with build (which returns the template and its data, or an error to
// show).
func (h *Handler) cached(w http.ResponseWriter, r *http.Request, key string, build func() (string, any, error)) {
	stamp, now := h.App.ChangeStamp(), time.Now()
	if body, ok := h.cache.Get(key, stamp, now); ok {
		writePage(w, r, http.StatusOK, body)
		return
	}
	name, data, err := build()
	if err != nil {
		h.fail(w, r, err)
		return
	}
	body, err := h.renderBytes(r, name, data)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.cache.Put(key, body, stamp, now)
	writePage(w, r, http.StatusOK, body)
}
