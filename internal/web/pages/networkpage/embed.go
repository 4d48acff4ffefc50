package networkpage

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"html/template"
	"net/http"
	"strings"

	_ "embed" // the page and its style
)

// EmbedPath is the calendar made to sit in another site's frame.
const EmbedPath = "/network/embed"

//go:embed embed/embed.css
var embedCSS string

//go:embed embed/embed.html
var embedHTML string

var embedPage = template.Must(template.New("embed").Parse(embedHTML))

// embedStyleHash lets the page's one inline style through CSP: a framed
// page cannot count on our stylesheet's path being reachable the same way,
// and one request fewer matters on someone else's page.
var embedStyleHash = func() string {
	sum := sha256.Sum256([]byte(embedCSS))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}()

type embedView struct {
	Title   string
	CSS     template.CSS
	Entries []entry
	MoreURL string
	Host    string
}

// Embed serves the network calendar for a frame on the sites the admin
// allows: no script, no cookies needed, every link leaving the frame.
func (h *Handler) Embed(w http.ResponseWriter, r *http.Request) {
	p, cal, ok := h.load(w, r)
	if !ok {
		return
	}
	set, err := h.App.InstanceSettings(r.Context())
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := embedView{Title: "Coming up in the network", CSS: template.CSS(embedCSS), //nolint:gosec // our own embedded file
		MoreURL: h.App.URLs().Base + withQuery(Path, filter(p)), Host: h.App.URLs().Host()}
	if cal.Source != nil {
		v.Title += ": " + cal.Source.Handle
	}
	for _, e := range cal.Events {
		v.Entries = append(v.Entries, h.entry(e))
	}
	var buf bytes.Buffer
	if err := embedPage.Execute(&buf, v); err != nil {
		h.Fail(w, r, err)
		return
	}
	hdr := w.Header()
	hdr.Set("Content-Type", "text/html; charset=utf-8")
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	hdr.Set("Content-Security-Policy", "default-src 'none'; style-src "+embedStyleHash+"; base-uri 'none'; form-action 'none'; frame-ancestors "+FrameAncestors(set.EmbedOrigins))
	hdr.Set("Cache-Control", "public, max-age=300")
	// Who may frame it is in the CSP; X-Frame-Options cannot name several
	// sites, so it is left out rather than contradict it.
	hdr.Add("Vary", "Accept-Encoding")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(buf.Bytes())
	}
}

// FrameAncestors is the CSP source list for origins: 'none' for none.
func FrameAncestors(origins []string) string {
	if len(origins) == 0 {
		return "'none'"
	}
	return strings.Join(origins, " ")
}
