package networkpage

import (
	"bytes"
	"html/template"
	"net/http"
	"strings"

	_ "embed" // the page and its style

	"github.com/gather-coop/gather/internal/web/pages/pageui"
)

// EmbedPath is the calendar made to sit in another site's frame.
const EmbedPath = "/network/embed"

//go:embed embed/embed.css
var embedCSS string

//go:embed embed/embed.html
var embedHTML string

var embedPage = template.Must(template.New("embed").Parse(embedHTML))

// embedStyleHash lets the page's one inline style through CSP, so that a
// framed page costs its host one request.
var embedStyleHash = pageui.StyleHash(embedCSS)

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
	switch {
	case cal.Source != nil:
		v.Title += ": " + cal.Source.Handle
	case p.OnlyOurs:
		v.Title = "Coming up at " + v.Host
	}
	for _, e := range cal.Events {
		v.Entries = append(v.Entries, h.entry(e))
	}
	var buf bytes.Buffer
	if err := embedPage.Execute(&buf, v); err != nil {
		h.Fail(w, r, err)
		return
	}
	pageui.WriteFramed(w, r, buf.Bytes(), embedStyleHash, FrameAncestors(set.EmbedOrigins))
}

// FrameAncestors is the CSP source list for origins: 'none' for none.
func FrameAncestors(origins []string) string {
	if len(origins) == 0 {
		return "'none'"
	}
	return strings.Join(origins, " ")
}
