// Package pages serves Gather's public pages for people: the home page,
// a co-op's profile, a gathering with its schedule, a session, and the
// form that sends a visitor to their own fediverse server to follow or
// reply. Pages are rendered on the server with html/template, read well
// without JavaScript, and carry OpenGraph tags and schema.org JSON-LD so
// that link previews and search engines understand them.
package pages

import (
	"bytes"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	_ "time/tzdata" // gatherings name their zone; the host may have no zoneinfo

	"github.com/go-chi/chi/v5"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/web/respond"
)

// Handler serves the public pages. Its methods are http.HandlerFuncs.
type Handler struct {
	App *app.App
	// Log receives the failures that are the server's fault; none when nil.
	Log *slog.Logger
	// Now is the clock, for "this gathering has ended"; time.Now when nil.
	Now func() time.Time

	cache   pageCache
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
	r.Get("/series/{id}", h.Series)
	r.Get("/series/{id}/calendar.ics", h.SeriesICS)
	r.Get("/interact", h.Interact)
	r.Post("/interact", h.Interact)
	r.Post("/sessions/{id}/signup", h.SignUp)
	r.Get("/assets/*", h.Asset)
	r.Get("/media/{name}", h.Media)
}

//go:embed templates/*.html
var templateFS embed.FS

// pageNames are the templates, each rendered inside layout.html.
var pageNames = []string{"home", "profile", "gathering", "session", "interact", "signup", "error", "series"}

var templates = parseTemplates()

func parseTemplates() map[string]*template.Template {
	out := make(map[string]*template.Template, len(pageNames))
	for _, name := range pageNames {
		t := template.New("layout.html").Funcs(funcs)
		out[name] = template.Must(t.ParseFS(templateFS, "templates/layout.html", "templates/parts.html", "templates/"+name+".html"))
	}
	return out
}

var funcs = template.FuncMap{
	"asset":   AssetPath,
	"initial": initial,
}

// initial is the first letter of a name, for an avatar without a picture.
func initial(name string) string {
	for _, r := range strings.TrimLeft(name, "@ ") {
		return strings.ToUpper(string(r))
	}
	return ""
}

// render writes the page name with data and status. It renders into a
// buffer first, so a template failure becomes a clean 500 and never half
// a page.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	body, err := h.renderBytes(r, name, data)
	if err != nil {
		respond.TextError(w, r, slog.New(slog.DiscardHandler), respond.Errorf(http.StatusInternalServerError, "internal error"))
		return
	}
	writePage(w, r, status, body)
}

func (h *Handler) renderBytes(r *http.Request, name string, data any) ([]byte, error) {
	var buf bytes.Buffer
	if err := templates[name].Execute(&buf, data); err != nil {
		h.log().ErrorContext(r.Context(), "render page", slog.String("page", name), slog.String("path", r.URL.Path), slog.Any("error", err))
		return nil, err
	}
	return buf.Bytes(), nil
}

// writePage sends a rendered page with the headers every page carries.
func writePage(w http.ResponseWriter, r *http.Request, status int, body []byte) {
	hdr := w.Header()
	hdr.Set("Content-Type", "text/html; charset=utf-8")
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	// No inline script or style anywhere; JSON-LD is a data block, which
	// CSP does not run. Avatars come from facilitators' own servers.
	hdr.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' https: http: data:; base-uri 'none'; frame-ancestors 'none'")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// errorView is what the error page shows.
type errorView struct {
	layout
	Status  int
	Heading string
	Message string
}

// fail renders err as a friendly page with the status respond.Classify
// maps it to, and logs it once when it is the server's fault.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	p := respond.Classify(err)
	v := errorView{Status: p.Status}
	v.Heading, v.Message = explain(err, p)
	if v.Status >= 500 {
		h.log().ErrorContext(r.Context(), "page failed", slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", v.Status), slog.Any("error", err))
	}
	v.layout = h.layout(v.Heading)
	v.NoIndex = true
	h.render(w, r, v.Status, "error", v)
}

// explain says what went wrong in words for a visitor: a few failures in
// this side's own words, the rest in the mapper's one-line reason.
func explain(err error, p *respond.Error) (heading, msg string) {
	var own *respond.Error
	switch {
	case p.Status >= 500:
		return "Something went wrong on our side", "The page could not be shown just now. Please try again in a minute."
	case errors.As(err, &own):
		return http.StatusText(p.Status), p.Msg
	case p.Status == http.StatusBadRequest:
		return "That did not work", p.Msg
	case errors.Is(err, app.ErrForbidden): // a preview, opened from the admin
		return "This is not yours to open", "You do not organise for the co-op account this belongs to: an admin can add you to it."
	case p.Status == http.StatusGone:
		return "This has been deleted", "The organisers deleted what used to be here. Their other gatherings are on their page."
	case p.Status == http.StatusNotFound:
		return "Page not found", "There is nothing here. The address may be mistyped, or the gathering is not published yet."
	case p.Status == http.StatusConflict:
		return "That cannot be done now", sentence(p.Msg) + "."
	}
	return http.StatusText(p.Status), sentence(p.Msg) + "."
}

// notFound renders the not-found page.
func (h *Handler) notFound(w http.ResponseWriter, r *http.Request) {
	h.fail(w, r, app.ErrNotFound)
}

func (h *Handler) log() *slog.Logger {
	if h.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return h.Log
}

func (h *Handler) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

// sub returns the embedded folder dir, which exists by construction.
func sub(fsys fs.FS, dir string) fs.FS {
	s, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err)
	}
	return s
}
