package pageui

import (
	"embed"
	"io/fs"
	"net/http"

	"github.com/gather-coop/gather/internal/web/static"
)

//go:embed assets
var assetFS embed.FS

var assets = static.New(sub(assetFS, "assets"), "/assets/")

// AssetPath is the versioned URL of one of the public pages' assets. The
// admin's pages load the base stylesheet, gather.css, from here too.
func AssetPath(name string) string { return assets.Path(name) }

// ServeAsset serves the embedded stylesheet or script called name (the
// path below /assets/), and reports whether there is one.
func ServeAsset(w http.ResponseWriter, r *http.Request, name string) bool {
	return assets.Serve(w, r, name)
}

// sub returns the embedded folder dir, which exists by construction.
func sub(fsys fs.FS, dir string) fs.FS {
	s, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err)
	}
	return s
}
