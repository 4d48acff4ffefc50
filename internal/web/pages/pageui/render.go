package pageui

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"

	_ "time/tzdata" // gatherings name their zone; the host may have no zoneinfo

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/web/respond"
)

//go:embed templates/*.html
var frameFS embed.FS

// Templates are one package's pages by name, each parsed inside the frame.
type Templates map[string]*template.Template

// Parse reads templates/NAME.html of fsys for each name, each with the
// frame (layout.html) and the parts around it. It panics on a broken
// template: they are embedded, so that is a bug caught by any test.
func Parse(fsys fs.FS, names ...string) Templates {
	out := make(Templates, len(names))
	for _, name := range names {
		t := template.New("layout.html").Funcs(funcs)
		t = template.Must(t.ParseFS(frameFS, "templates/layout.html", "templates/parts.html"))
		out[name] = template.Must(t.ParseFS(fsys, "templates/"+name+".html"))
	}
	return out
}

// frame holds the error page, which every page package shows.
var frame = Parse(frameFS, "error")

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

// Render writes the page name of ts with data and status. It renders into
// a buffer first, so a template failure becomes a clean 500 and never half
// a page.
func (b Base) Render(w http.ResponseWriter, r *http.Request, status int, ts Templates, name string, data any) {
	body, err := b.RenderBytes(r, ts, name, data)
	if err != nil {
		respond.TextError(w, r, slog.New(slog.DiscardHandler), respond.Errorf(http.StatusInternalServerError, "internal error"))
		return
	}
	WritePage(w, r, status, body)
}

// RenderBytes renders the page name of ts, logging a failure.
func (b Base) RenderBytes(r *http.Request, ts Templates, name string, data any) ([]byte, error) {
	var buf bytes.Buffer
	if err := ts[name].Execute(&buf, data); err != nil {
		b.Logger().ErrorContext(r.Context(), "render page", slog.String("page", name), slog.String("path", r.URL.Path), slog.Any("error", err))
		return nil, err
	}
	return buf.Bytes(), nil
}

// WritePage sends a rendered page with the headers every page carries.
func WritePage(w http.ResponseWriter, r *http.Request, status int, body []byte) {
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
	Layout
	Status  int
	Heading string
	Message string
}

// Fail renders err as a friendly page with the status respond.Classify
// maps it to, and logs it once when it is the server's fault.
func (b Base) Fail(w http.ResponseWriter, r *http.Request, err error) {
	p := respond.Classify(err)
	v := errorView{Status: p.Status}
	v.Heading, v.Message = explain(err, p)
	if v.Status >= 500 {
		b.Logger().ErrorContext(r.Context(), "page failed", slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", v.Status), slog.Any("error", err))
	}
	v.Layout = b.Layout(v.Heading)
	v.NoIndex = true
	b.Render(w, r, v.Status, frame, "error", v)
}

// NotFound renders the not-found page.
func (b Base) NotFound(w http.ResponseWriter, r *http.Request) {
	b.Fail(w, r, app.ErrNotFound)
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
		return "That cannot be done now", Sentence(p.Msg) + "."
	}
	return http.StatusText(p.Status), Sentence(p.Msg) + "."
}

// Sentence starts msg with a capital letter.
func Sentence(msg string) string {
	for i, r := range msg {
		return strings.ToUpper(string(r)) + msg[i+len(string(r)):]
	}
	return msg
}

// WriteFramed sends a page made to be shown in other sites' frames: no
// script, its one inline style let through by styleHash, and framed only
// by ancestors (a CSP source list). X-Frame-Options is left out: it
// cannot name several sites, and would contradict frame-ancestors.
func WriteFramed(w http.ResponseWriter, r *http.Request, body []byte, styleHash, ancestors string) {
	hdr := w.Header()
	hdr.Set("Content-Type", "text/html; charset=utf-8")
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	hdr.Set("Content-Security-Policy", "default-src 'none'; style-src "+styleHash+"; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors "+ancestors)
	hdr.Set("Cache-Control", "public, max-age=300")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// StyleHash is the CSP source that lets the inline style css through.
func StyleHash(css string) string {
	sum := sha256.Sum256([]byte(css))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}
