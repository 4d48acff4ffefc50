package pages

import (
	"embed"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/gather-coop/gather/internal/web/static"
)

//go:embed assets
var assetFS embed.FS

var assets = static.New(sub(assetFS, "assets"), "/assets/")

// AssetPath is the versioned URL of one of the public pages' assets. The
// admin's pages load the base stylesheet, gather.css, from here too.
func AssetPath(name string) string { return assets.Path(name) }

// Asset serves the embedded stylesheet and script under /assets/.
func (h *Handler) Asset(w http.ResponseWriter, r *http.Request) {
	if !assets.Serve(w, r, chi.URLParam(r, "*")) {
		http.NotFound(w, r)
	}
}
