// Package ui is what every page of the web admin shares, whichever
// package draws it: the frame (layout.html) and the parts every form
// uses (parts.html, inputs.html), rendering into a buffer, the error page
// and what it says for each failure, the confirmation page, forms and
// their errors, the signed-in session a request carries, body limits, the
// admin's stylesheet and script, and the paths one package's pages link
// to in another's.
//
// A page's own handler, view and template belong with its package
// (admin, gatherings, signups, moderation, instance), not here: this is
// for what two of them need.
package ui

import (
	"bytes"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/web/pages/pageui"
	"github.com/gather-coop/gather/internal/web/respond"
)

// Base is what each package's Handler embeds: the app, the log, and the
// package's own pages.
type Base struct {
	App *app.App
	// Log receives the failures that are the server's fault; none when nil.
	Log *slog.Logger
	// Pages are the package's templates (ParsePages), by name.
	Pages Pages
}

// Pages are parsed page templates by name, each inside the frame.
type Pages map[string]*template.Template

//go:embed templates/*.html
var templateFS embed.FS

// shared are ui's templates parsed with every page: the frame and the
// parts of forms.
var shared = []string{"layout.html", "parts.html", "inputs.html"}

// own are the pages ui renders for every package: the error page, and
// the confirmation before something that cannot be undone.
var own = ParsePages(templateFS, nil, nil, "error", "confirm")

// ParsePages parses each page name (templates/name.html of fsys) inside
// the frame, with the shared parts, fsys's files named in parts, and
// funcs beside the frame's own (asset, publicAsset).
func ParsePages(fsys fs.FS, funcs template.FuncMap, parts []string, names ...string) Pages {
	all := template.FuncMap{"asset": AssetPath, "publicAsset": pageui.AssetPath}
	for k, f := range funcs {
		all[k] = f
	}
	out := make(Pages, len(names))
	for _, name := range names {
		t := template.Must(template.New("layout.html").Funcs(all).ParseFS(templateFS, prefixed(shared)...))
		files := prefixed(append(append([]string(nil), parts...), name+".html"))
		out[name] = template.Must(t.ParseFS(fsys, files...))
	}
	return out
}

func prefixed(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = "templates/" + n
	}
	return out
}

// Layout is what every page's frame needs.
type Layout struct {
	Title   string // the <title>, usually the same as the <h1>
	Host    string // this instance, e.g. events.example.coop
	User    *UserView
	Section string // the navigation item that is the current page
	// Invalid marks a page showing a form's errors: its title says so, so
	// that screen readers hear it first.
	Invalid bool
}

// UserView is the signed-in person as the frame shows them.
type UserView struct {
	Username string
	IsAdmin  bool
}

// Page starts the frame of a page titled title, for whoever r is from.
func (b *Base) Page(r *http.Request, title, section string) Layout {
	l := Layout{Title: title, Host: b.App.URLs().Host(), Section: section}
	if s := CurrentSession(r); s != nil {
		l.User = &UserView{Username: s.User.Username, IsAdmin: s.User.Role == model.RoleAdmin}
	}
	return l
}

// Render writes the page name (the package's, or ui's own) with data
// and status. It renders into a buffer first, so a template failure
// becomes a clean 500, never half a page.
func (b *Base) Render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	t, ok := b.Pages[name]
	if !ok {
		t = own[name]
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		b.Logger().ErrorContext(r.Context(), "render admin page", slog.String("page", name), slog.String("path", r.URL.Path), slog.Any("error", err))
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(buf.Bytes())
	}
}

// Logger is Log, or a logger that drops everything.
func (b *Base) Logger() *slog.Logger {
	if b.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return b.Log
}

// The failures the admin names itself, with the status each answers.
var (
	ErrNotFound    = respond.Errorf(http.StatusNotFound, "no such admin page")
	ErrMethod      = respond.Errorf(http.StatusMethodNotAllowed, "method not allowed")
	ErrCrossOrigin = respond.Errorf(http.StatusForbidden, "cross-origin request")
	ErrBadForm     = respond.Errorf(http.StatusBadRequest, "unreadable form")
)

// errorView is what the error page shows.
type errorView struct {
	Layout
	Status  int
	Message string
}

// Fail renders err as a page with the status respond.Classify maps it to,
// and logs it once when it is the server's fault.
func (b *Base) Fail(w http.ResponseWriter, r *http.Request, err error) {
	p := respond.Classify(err)
	heading, msg := explain(err, p)
	if p.Status >= 500 {
		b.Logger().ErrorContext(r.Context(), "admin page failed", slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", p.Status), slog.Any("error", err))
	}
	b.Render(w, r, p.Status, "error", errorView{Layout: b.Page(r, heading, ""), Status: p.Status, Message: msg})
}

// explain says what went wrong in words for an organiser. err's own text
// is never shown; the mapper's one-line reasons are, since they are
// written to be read, and so are a person's mistakes
// (*app.ValidationError) that no form field could hold.
func explain(err error, p *respond.Error) (heading, msg string) {
	var forbidden *app.ForbiddenError
	switch {
	case p.Status >= 500:
		return "Something went wrong on our side", "The page could not be shown just now. Please try again in a minute."
	case errors.Is(err, ErrCrossOrigin):
		return "This form was sent from another site",
			"For your safety, forms here can only be sent from this site’s own pages. Open the page again and send it from there."
	case errors.Is(err, ErrMethod):
		return "That cannot be done here", "Go back to the page and use its buttons."
	case errors.Is(err, ErrBadForm):
		return "The form could not be read", "Go back to the page, and send the form again."
	case errors.As(err, &forbidden):
		return "This is not yours to open", Sentence(forbidden.Msg)
	case errors.Is(err, app.ErrForbidden):
		return "Only admins can open this page",
			"Your account is an organiser’s: it can manage gatherings, but people and instance settings are for the admins of this instance."
	case p.Status == http.StatusBadRequest:
		return "That cannot be done", Sentence(p.Msg)
	case p.Status == http.StatusNotFound:
		return "Page not found", "There is nothing here. The address may be mistyped."
	case p.Status == http.StatusGone:
		return "This has been deleted", "What used to be here was deleted, and its address stays retired."
	case p.Status == http.StatusConflict:
		return "That cannot be done now", Sentence(p.Msg)
	}
	return http.StatusText(p.Status), Sentence(p.Msg)
}

// ConfirmView asks before doing something that cannot be undone, saying
// what other servers will receive (the page "confirm").
type ConfirmView struct {
	Layout
	Lead      string
	Federates string // what followers on other servers receive; "" if nothing
	// Local replaces the draft's "nothing is sent" line for actions that
	// are about this site only.
	Local   string
	Action  string
	Submit  string
	Danger  bool
	BackURL string
}

// ParseForm reads a POSTed form, or answers 400 and returns false.
func (b *Base) ParseForm(w http.ResponseWriter, r *http.Request) bool {
	if err := r.ParseForm(); err != nil {
		b.Fail(w, r, ErrBadForm)
		return false
	}
	return true
}

// PathID is the {id} of the path, or it answers 404 and returns false.
func (b *Base) PathID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil || id < 1 {
		b.Fail(w, r, ErrNotFound)
		return 0, false
	}
	return id, true
}

// GatheringOutput loads the gathering of the path's {id}, or answers and
// returns false.
func (b *Base) GatheringOutput(w http.ResponseWriter, r *http.Request) (app.GatheringOutput, bool) {
	id, ok := b.PathID(w, r)
	if !ok {
		return app.GatheringOutput{}, false
	}
	out, err := b.App.GatheringOutput(r.Context(), id)
	if err != nil {
		b.Fail(w, r, err)
		return app.GatheringOutput{}, false
	}
	return out, true
}

// Sentence makes one of app's messages ("enter your username") a sentence.
func Sentence(msg string) string {
	r, size := utf8.DecodeRuneInString(msg)
	if size == 0 {
		return msg
	}
	msg = string(unicode.ToUpper(r)) + msg[size:]
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}

// Plural is "1 session" or "3 sessions".
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
