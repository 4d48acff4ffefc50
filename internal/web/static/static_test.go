package static_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/web/static"
)

func TestFiles(t *testing.T) {
	t.Parallel()
	files := static.New(fstest.MapFS{"site.css": {Data: []byte("body{margin:0}")}, "js/copy.js": {Data: []byte("1")}}, "/assets/")
	path := files.Path("site.css")
	require.True(t, strings.HasPrefix(path, "/assets/site.css?v="), path)
	require.NotEqual(t, files.Path("js/copy.js"), path)

	get := func(url, etag string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodGet, url, nil)
		if etag != "" {
			r.Header.Set("If-None-Match", etag)
		}
		w := httptest.NewRecorder()
		name := strings.TrimPrefix(strings.SplitN(url, "?", 2)[0], "/assets/")
		if !files.Serve(w, r, name) {
			w.Code = http.StatusNotFound
		}
		return w
	}
	w := get(path, "")
	require.Equal(t, http.StatusOK, w.Code)
	require.Equal(t, "body{margin:0}", w.Body.String())
	require.Equal(t, "text/css; charset=utf-8", w.Header().Get("Content-Type"))
	require.Equal(t, "nosniff", w.Header().Get("X-Content-Type-Options"))
	require.Equal(t, "public, max-age=31536000, immutable", w.Header().Get("Cache-Control"), "the current version keeps")

	old := get("/assets/site.css?v=0ld", "")
	require.Equal(t, "public, max-age=300", old.Header().Get("Cache-Control"), "another version is checked again soon")
	require.Equal(t, http.StatusNotModified, get(path, w.Header().Get("ETag")).Code)
	require.Equal(t, http.StatusNotFound, get("/assets/nothing.css", "").Code)
}
