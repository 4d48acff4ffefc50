package pages

import (
	"bytes"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	_ "embed" // the card and its style

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/app/localurl"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/web/pages/pageui"
	"github.com/gather-coop/gather/internal/web/respond"
)

// OEmbedPath answers oEmbed (https://oembed.com) for our gatherings'
// pages, so that a link to one unfurls in chat apps and blogs.
const OEmbedPath = "/oembed"

// The size the card asks for; a consumer's maxwidth and maxheight
// shrink it.
const cardWidth, cardHeight = 480, 180

// OEmbedURL is the oEmbed address of the page at pageURL, for its
// <link rel="alternate">.
func OEmbedURL(urls localurl.URLs, pageURL string) string {
	return urls.Base + OEmbedPath + "?format=json&url=" + url.QueryEscape(pageURL)
}

// GatheringEmbedURL is a gathering's card, the page the oEmbed html frames.
func GatheringEmbedURL(urls localurl.URLs, id int64) string { return urls.Gathering(id) + "/embed" }

type oembed struct {
	Type         string `json:"type"`
	Version      string `json:"version"`
	Title        string `json:"title"`
	AuthorName   string `json:"author_name"`
	AuthorURL    string `json:"author_url"`
	ProviderName string `json:"provider_name"`
	ProviderURL  string `json:"provider_url"`
	CacheAge     int    `json:"cache_age"`
	HTML         string `json:"html"`
	Width        int    `json:"width"`
	Height       int    `json:"height"`
}

// OEmbed answers for one of our gatherings' pages as a "rich" embed: a
// frame of its card, which says when and where without the reader
// leaving the blog or chat. Errors are JSON, as a consumer reads them.
func (h *Handler) OEmbed(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	fail := func(err error) { respond.JSONError(w, r, h.base().Logger(), err) }
	if f := q.Get("format"); f != "" && f != "json" {
		fail(&respond.Error{Status: http.StatusNotImplemented, Msg: "only format=json is served", Field: "format"})
		return
	}
	raw := strings.TrimSpace(q.Get("url"))
	if raw == "" {
		fail(&app.ValidationError{Field: "url", Msg: "give the address of a gathering's page as url"})
		return
	}
	urls := h.App.URLs()
	if u, err := url.Parse(raw); err == nil { // a shared link may carry tracking or an anchor
		u.RawQuery, u.Fragment = "", ""
		raw = u.String()
	}
	kind, id, ok := urls.EventOf(raw)
	if !ok || kind != localurl.KindGathering {
		fail(&respond.Error{Status: http.StatusNotFound, Msg: "that is not the address of a gathering here", Field: "url"})
		return
	}
	d, err := h.App.PublicGathering(r.Context(), id)
	if err != nil {
		fail(err)
		return
	}
	width, height := cardWidth, cardHeight
	if mw, err := strconv.Atoi(q.Get("maxwidth")); err == nil && mw > 0 && mw < width {
		width = mw
	}
	if mh, err := strconv.Atoi(q.Get("maxheight")); err == nil && mh > 0 && mh < height {
		height = mh
	}
	g := d.Gathering
	frame := `<iframe src="` + template.HTMLEscapeString(GatheringEmbedURL(urls, g.ID)) + `" title="` + template.HTMLEscapeString(g.Title) +
		`" width="` + strconv.Itoa(width) + `" height="` + strconv.Itoa(height) + `" loading="lazy" style="border:0"></iframe>`
	res := oembed{Type: "rich", Version: "1.0", Title: g.Title, AuthorName: d.Actor.Name, AuthorURL: urls.Profile(d.Actor.Handle),
		ProviderName: urls.Host(), ProviderURL: urls.Base + "/", CacheAge: 300, HTML: frame, Width: width, Height: height}
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Cache-Control", "public, max-age=300")
	respond.JSON(w, http.StatusOK, res)
}

//go:embed card/card.css
var cardCSS string

//go:embed card/card.html
var cardHTML string

var (
	cardPage      = template.Must(template.New("card").Parse(cardHTML))
	cardStyleHash = pageui.StyleHash(cardCSS)
)

type cardView struct {
	Title, URL, Summary string
	When                when
	Where               string
	CoopName, CoopURL   string
	CSS                 template.CSS
}

// GatheringEmbed serves a gathering's card for oEmbed's frame. Any site
// may frame it, unlike the network calendar: oEmbed is for any blog or
// chat a link is pasted in, and the card holds nothing the public page
// does not, and nothing to click but links out.
func (h *Handler) GatheringEmbed(w http.ResponseWriter, r *http.Request) {
	id, ok := idParam(r)
	if !ok {
		h.notFound(w, r)
		return
	}
	d, err := h.App.PublicGathering(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	g, urls := d.Gathering, h.App.URLs()
	v := cardView{Title: g.Title, URL: urls.Gathering(g.ID), Summary: g.Summary, When: newWhen(g.StartsAt, g.EndsAt, zone(g), g.Timezone),
		Where: where(g), CoopName: d.Actor.Name, CoopURL: urls.Profile(d.Actor.Handle), CSS: template.CSS(cardCSS)} //nolint:gosec // our own file
	if g.Status == model.StatusCancelled {
		v.Title = "Cancelled: " + g.Title
	}
	var buf bytes.Buffer
	if err := cardPage.Execute(&buf, v); err != nil {
		h.fail(w, r, err)
		return
	}
	pageui.WriteFramed(w, r, buf.Bytes(), cardStyleHash, "*")
}

// where is the card's one line of place: the venue, else online.
func where(g model.Gathering) string {
	if v := strings.TrimSpace(g.Venue.Name + ", " + address(g.Venue)); strings.Trim(v, ", ") != "" {
		return strings.Trim(v, ", ")
	}
	if g.OnlineURL != "" {
		return "Online"
	}
	return ""
}
