// Package pages serves Gather's public pages for people: the home page,
// a co-op's profile, a gathering with its schedule, a session, and the
// form that sends a visitor to their own fediverse server to follow or
// reply. It is also the router of the public pages: Mount routes the pages
// of its sub-packages (seriespage: a series and its calendar;
// networkpage: the network calendar; nowpage: a gathering's
// now-and-next board), which share
// the frame, views and rendering of pageui and never import one another. Pages are rendered on the server with html/template, read well
// without JavaScript, and carry OpenGraph tags and schema.org JSON-LD so
// that link previews and search engines understand them.
package pages

import (
	"embed"
	"log/slog"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/calendar"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/web/pages/networkpage"
	"github.com/gather-coop/gather/internal/web/pages/nowpage"
	"github.com/gather-coop/gather/internal/web/pages/pageui"
	"github.com/gather-coop/gather/internal/web/pages/seriespage"
)

// Handler serves the public pages. Its methods are http.HandlerFuncs.
type Handler struct {
	App *app.App
	// Log receives the failures that are the server's fault; none when nil.
	Log *slog.Logger
	// Now is the clock, for "this gathering has ended"; time.Now when nil.
	Now func() time.Time

	cache   pageui.PageCache
	signups clientLimiter
}

// Mount registers what is not content-negotiated: the home page,
// profiles, the remote-interaction form, the assets, uploaded pictures,
// and the calendars and feed (see GatheringCalendarURL, CoopCalendarURL
// and CoopFeedURL). The
// gathering and session pages share their URLs with the ActivityStreams
// documents, so the caller routes /gatherings/{id} and /sessions/{id} to
// Gathering and Session after negotiating.
func Mount(r chi.Router, h *Handler) {
	r.Get("/", h.Home)
	r.Get("/@{handle}", h.Profile)
	r.Get("/@{handle}/calendar.ics", h.CoopICS)
	r.Get("/@{handle}/feed.atom", h.CoopAtom)
	r.Get("/gatherings/{id}/calendar.ics", h.GatheringICS)
	r.Get(MyCalendarPath, h.MyICS)
	r.Get(YoursPath, h.Yours)
	r.Get(nowpage.Path, nowpage.New(h.base()).Now)
	r.Get("/gatherings/{id}/embed", h.GatheringEmbed)
	r.Get(OEmbedPath, h.OEmbed)
	series := seriespage.New(h.base())
	r.Get("/series/{id}", series.Series)
	r.Get("/series/{id}/calendar.ics", series.SeriesICS)
	network := networkpage.New(h.base())
	r.Get(networkpage.Path, network.Network)
	r.Get(networkpage.ICSPath, network.NetworkICS)
	r.Get(networkpage.AtomPath, network.NetworkAtom)
	r.Get(networkpage.JSONPath, network.NetworkJSON)
	r.Get(networkpage.EmbedPath, network.Embed)
	r.Get("/interact", h.Interact)
	r.Post("/interact", h.Interact)
	r.Post("/sessions/{id}/signup", h.SignUp)
	r.Post("/gatherings/{id}/propose", h.Propose)
	r.Get("/assets/*", h.Asset)
	r.Get("/media/{name}", h.Media)
}

//go:embed templates/*.html
var templateFS embed.FS

// pageNames are this package's templates, each rendered inside the frame
// (pageui's layout.html).
var pageNames = []string{"home", "profile", "gathering", "session", "interact", "signup", "yours", "proposed"}

var templates = pageui.Parse(templateFS, pageNames...)

// base is what the page packages share of the handler.
func (h *Handler) base() pageui.Base { return pageui.Base{App: h.App, Log: h.Log, Now: h.Now} }

// render writes the page name with data and status (pageui.Base.Render).
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	h.base().Render(w, r, status, templates, name, data)
}

func (h *Handler) renderBytes(r *http.Request, name string, data any) ([]byte, error) {
	return h.base().RenderBytes(r, templates, name, data)
}

// fail renders err as the error page (pageui.Base.Fail).
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) { h.base().Fail(w, r, err) }

// notFound renders the not-found page.
func (h *Handler) notFound(w http.ResponseWriter, r *http.Request) { h.base().NotFound(w, r) }

func (h *Handler) now() time.Time { return h.base().Clock() }

// AssetPath is the versioned URL of one of the public pages' assets
// (pageui's); the admin's pages load the base stylesheet from here too.
func AssetPath(name string) string { return pageui.AssetPath(name) }

// Asset serves the embedded stylesheet and script under /assets/.
func (h *Handler) Asset(w http.ResponseWriter, r *http.Request) {
	if !pageui.ServeAsset(w, r, chi.URLParam(r, "*")) {
		http.NotFound(w, r)
	}
}

// The views and words every page package shares are pageui's; these
// short names keep this package's views reading as they did.
type (
	layout        = pageui.Layout
	coopView      = pageui.CoopView
	preview       = pageui.Preview
	gatheringItem = pageui.GatheringItem
	when          = pageui.When
)

const isoLayout = pageui.ISOLayout

var (
	writePage = pageui.WritePage
	idParam   = pageui.IDParam
	serveFeed = pageui.ServeFeed
	newWhen   = pageui.NewWhen
	zone      = pageui.Zone
	place     = pageui.Place
	abbr      = pageui.Abbr
	sameDay   = pageui.SameDay
	sentence  = pageui.Sentence
)

func (h *Handler) layout(title string) layout                { return h.base().Layout(title) }
func (h *Handler) coop(a model.Actor) *coopView              { return h.base().Coop(a) }
func (h *Handler) items(l []model.Gathering) []gatheringItem { return h.base().Items(l) }
func (h *Handler) links() calendar.Links                     { return h.base().Links() }
