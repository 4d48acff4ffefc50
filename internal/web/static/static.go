// Package static serves a set of embedded files (stylesheets, scripts)
// under versioned URLs: each URL carries a hash of the file, so a browser
// may keep what it fetched for a year and still never show a stale file
// after an upgrade. The public pages and the admin each have a set.
package static

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"time"
)

// Files is a set of files served beneath one URL prefix.
type Files struct {
	prefix string
	files  map[string]file
}

type file struct {
	body  []byte
	etag  string
	ctype string
}

// New reads every file of fsys, to be served beneath prefix (such as
// "/assets/"). A file it cannot read panics: the set is embedded, so that
// is a broken build.
func New(fsys fs.FS, prefix string) *Files {
	f := &Files{prefix: prefix, files: map[string]file{}}
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		f.files[name] = file{body: body, etag: hex.EncodeToString(sum[:6]), ctype: mime.TypeByExtension(path.Ext(name))}
		return nil
	})
	if err != nil {
		panic(fmt.Sprintf("static files beneath %s: %v", prefix, err))
	}
	return f
}

// Path is the URL of the file called name, versioned by its content.
func (f *Files) Path(name string) string {
	return f.prefix + name + "?v=" + f.files[name].etag
}

// Serve writes the file called name and reports whether there is one;
// when there is not it writes nothing, so the caller answers its own 404.
// A request for the current version may be cached for a year, any other
// for five minutes.
func (f *Files) Serve(w http.ResponseWriter, r *http.Request, name string) bool {
	a, ok := f.files[name]
	if !ok {
		return false
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
	return true
}
