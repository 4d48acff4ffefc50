package admin

import (
	"embed"
	"io/fs"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/gather-coop/gather/internal/web/static"
)

//go:embed assets/*
var assetFS embed.FS

var assets = static.New(mustSub(assetFS, "assets"), Prefix+"/assets/")

func mustSub(fsys fs.FS, dir string) fs.FS {
	s, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err)
	}
	return s
}

// assetPath is the versioned URL of one of the admin's own assets.
func assetPath(name string) string { return assets.Path(name) }

// asset serves the admin's embedded stylesheet and script. It needs no
// sign-in: the sign-in form uses them.
func (h *Handler) asset(w http.ResponseWriter, r *http.Request) {
	if !assets.Serve(w, r, chi.URLParam(r, "name")) {
		h.fail(w, r, errNotFound)
	}
}
