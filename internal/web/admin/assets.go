package admin

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"mime"
	"net/http"
	"path"
	"time"

	"github.com/go-chi/chi/v5"
)

//go:embed assets/*
var assetFS embed.FS

// asset is one embedded file, with the hash that versions its URL.
type asset struct {
	body  []byte
	etag  string
	ctype string
}

var assets = loadAssets()

func loadAssets() map[string]asset {
	entries, err := assetFS.ReadDir("assets")
	if err != nil {
		panic(err)
	}
	out := map[string]asset{}
	for _, e := range entries {
		body, err := assetFS.ReadFile("assets/" + e.Name())
		if err != nil {
			panic(err)
		}
		sum := sha256.Sum256(body)
		out[e.Name()] = asset{body: body, etag: hex.EncodeToString(sum[:6]), ctype: mime.TypeByExtension(path.Ext(e.Name()))}
	}
	return out
}

// assetPath is the URL of an embedded asset, versioned by its content so
// that browsers may keep it for a year.
func assetPath(name string) string {
	return Prefix + "/assets/" + name + "?v=" + assets[name].etag
}

// asset serves the admin's embedded stylesheet. It needs no sign-in: the
// sign-in form uses it.
func (h *Handler) asset(w http.ResponseWriter, r *http.Request) {
	a, ok := assets[chi.URLParam(r, "name")]
	if !ok {
		h.fail(w, r, errNotFound)
		return
	}
	hdr := w.Header()
	hdr.Set("Content-Type", a.ctype)
	hdr.Set("ETag", `"`+a.etag+`"`)
	if r.URL.Query().Get("v") == a.etag {
		hdr.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		hdr.Set("Cache-Control", "public, max-age=300")
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(a.body))
}
