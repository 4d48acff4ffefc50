package pages

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"time"

	"github.com/go-chi/chi/v5"
)

//go:embed assets
var assetFS embed.FS

// asset is one embedded file, with the hash that versions its URL.
type asset struct {
	body  []byte
	etag  string
	ctype string
}

var assets = loadAssets()

func loadAssets() map[string]asset {
	out := map[string]asset{}
	err := fs.WalkDir(sub(assetFS, "assets"), ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := assetFS.ReadFile("assets/" + name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		ctype := mime.TypeByExtension(path.Ext(name))
		out[name] = asset{body: body, etag: hex.EncodeToString(sum[:6]), ctype: ctype}
		return nil
	})
	if err != nil {
		panic(err)
	}
	return out
}

// assetPath is the URL of an embedded asset, versioned by its content so
// that browsers may keep it for a year.
func assetPath(name string) string {
	return "/assets/" + name + "?v=" + assets[name].etag
}

// Asset serves the embedded stylesheet and script under /assets/.
func (h *Handler) Asset(w http.ResponseWriter, r *http.Request) {
	a, ok := assets[chi.URLParam(r, "*")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	hdr := w.Header()
	hdr.Set("Content-Type", a.ctype)
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("ETag", `"`+a.etag+`"`)
	if r.URL.Query().Get("v") == a.etag {
		hdr.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		hdr.Set("Cache-Control", "public, max-age=300")
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(a.body))
}
