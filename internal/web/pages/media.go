package pages

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

// Media serves an uploaded picture (GET /media/{name}): co-ops' avatars
// and header images, which other servers fetch too. A picture is never
// changed under its name (a new upload gets a new one), so it may be kept
// for a year; it is served as exactly the type it was stored as, never
// sniffed, and nothing in it can run.
func (h *Handler) Media(w http.ResponseWriter, r *http.Request) {
	f, mediaType, err := h.App.OpenMedia(chi.URLParam(r, "name"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		h.fail(w, r, err)
		return
	}
	hdr := w.Header()
	hdr.Set("Content-Type", mediaType)
	hdr.Set("Cache-Control", "public, max-age=31536000, immutable")
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	hdr.Set("Cross-Origin-Resource-Policy", "cross-origin")
	http.ServeContent(w, r, "", info.ModTime(), f)
}
