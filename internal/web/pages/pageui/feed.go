package pageui

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"time"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/calendar"
)

// Links are the addresses the calendar files and feeds link to.
func (b Base) Links() calendar.Links {
	urls := b.App.URLs()
	return calendar.Links{
		GatheringURL: urls.Gathering,
		SessionURL:   urls.Session,
		EventID: func(kind string, id int64) string {
			if kind == string(app.KindSession) {
				return urls.Session(id)
			}
			return urls.Gathering(id)
		},
	}
}

// ServeFeed writes a calendar or feed with an ETag of its bytes, and
// answers conditional requests.
func ServeFeed(w http.ResponseWriter, r *http.Request, ctype string, body []byte) {
	serveFeed(w, r, ctype, "public, max-age=300", body)
}

// ServePrivateFeed is ServeFeed for one person's calendar, at an address
// only they were given: no shared cache keeps it, no search engine
// lists it.
func ServePrivateFeed(w http.ResponseWriter, r *http.Request, ctype string, body []byte) {
	w.Header().Set("X-Robots-Tag", "noindex")
	serveFeed(w, r, ctype, "private, max-age=300", body)
}

func serveFeed(w http.ResponseWriter, r *http.Request, ctype, cache string, body []byte) {
	sum := sha256.Sum256(body)
	hdr := w.Header()
	hdr.Set("Content-Type", ctype)
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("Cache-Control", cache)
	hdr.Set("ETag", `"`+hex.EncodeToString(sum[:12])+`"`)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}
