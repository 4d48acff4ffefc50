package ui

import (
	"embed"
	"io/fs"
	"net/http"

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

// AssetPath is the versioned URL of one of the admin's own assets.
func AssetPath(name string) string { return assets.Path(name) }

// ServeAsset serves the admin's stylesheet or script called name, and
// reports whether there is one.
func ServeAsset(w http.ResponseWriter, r *http.Request, name string) bool {
	return assets.Serve(w, r, name)
}
