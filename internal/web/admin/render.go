package admin

import (
	"bytes"
	"embed"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/web/pages"
	"github.com/gather-coop/gather/internal/web/respond"
)

//go:embed templates/*.html
var templateFS embed.FS

// pageNames are the templates, each rendered inside layout.html.
var pageNames = []string{"sign-in", "dashboard", "password", "users", "settings", "error", "gathering", "session", "confirm", "schedule", "signups", "followers", "moderation", "moderation-confirm", "reports", "audit", "report-account"}

var templates = parseTemplates()

func parseTemplates() map[string]*template.Template {
	funcs := template.FuncMap{"asset": assetPath, "publicAsset": pages.AssetPath, "rows": rows}
	out := make(map[string]*template.Template, len(pageNames))
	for _, name := range pageNames {
		t := template.New("layout.html").Funcs(funcs)
		out[name] = template.Must(t.ParseFS(templateFS, "templates/layout.html", "templates/parts.html", "templates/inputs.html", "templates/pager.html", "templates/"+name+".html"))
	}
	return out
}

// gatheringTable is a table of gatherings with its caption.
type gatheringTable struct {
	Caption string
	Rows    []gatheringRow
}

func rows(caption string, r []gatheringRow) gatheringTable {
	return gatheringTable{Caption: caption, Rows: r}
}

// layout is what every page's frame needs.
type layout struct {
	Title   string // the <title>, usually the same as the <h1>
	Host    string // this instance, e.g. events.example.coop
	User    *userView
	Section string // the navigation item that is the current page
	// Invalid marks a page showing a form's errors: its title says so, so
	// that screen readers hear it first.
	Invalid bool
}

// userView is the signed-in person as the frame shows them.
type userView struct {
	Username string
	IsAdmin  bool
}

// page starts the frame of a page titled title, for whoever r is from.
func (h *Handler) page(r *http.Request, title, section string) layout {
	l := layout{Title: title, Host: h.App.URLs().Host(), Section: section}
	if s := currentSession(r); s != nil {
		l.User = &userView{Username: s.User.Username, IsAdmin: s.User.Role == model.RoleAdmin}
	}
	return l
}

// render writes the page name with data and status. It renders into a
// buffer first, so a template failure becomes a clean 500, never half a
// page.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	var buf bytes.Buffer
	if err := templates[name].Execute(&buf, data); err != nil {
		h.log().ErrorContext(r.Context(), "render admin page", slog.String("page", name), slog.String("path", r.URL.Path), slog.Any("error", err))
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(buf.Bytes())
	}
}

// The failures the admin names itself, with the status each answers.
var (
	errNotFound    = respond.Errorf(http.StatusNotFound, "no such admin page")
	errMethod      = respond.Errorf(http.StatusMethodNotAllowed, "method not allowed")
	errCrossOrigin = respond.Errorf(http.StatusForbidden, "cross-origin request")
	errBadForm     = respond.Errorf(http.StatusBadRequest, "unreadable form")
)

// errorView is what the error page shows.
type errorView struct {
	layout
	Status  int
	Message string
}

// fail renders err as a page with the status respond.Classify maps it to,
// and logs it once when it is the server's fault.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	p := respond.Classify(err)
	heading, msg := explain(err, p)
	if p.Status >= 500 {
		h.log().ErrorContext(r.Context(), "admin page failed", slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", p.Status), slog.Any("error", err))
	}
	h.render(w, r, p.Status, "error", errorView{layout: h.page(r, heading, ""), Status: p.Status, Message: msg})
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
	case errors.Is(err, errCrossOrigin):
		return "This form was sent from another site",
			"For your safety, forms here can only be sent from this site’s own pages. Open the page again and send it from there."
	case errors.Is(err, errMethod):
		return "That cannot be done here", "Go back to the page and use its buttons."
	case errors.Is(err, errBadForm):
		return "The form could not be read", "Go back to the page, and send the form again."
	case errors.As(err, &forbidden):
		return "This is not yours to open", sentence(forbidden.Msg)
	case errors.Is(err, app.ErrForbidden):
		return "Only admins can open this page",
			"Your account is an organiser’s: it can manage gatherings, but people and instance settings are for the admins of this instance."
	case p.Status == http.StatusBadRequest:
		return "That cannot be done", sentence(p.Msg)
	case p.Status == http.StatusNotFound:
		return "Page not found", "There is nothing here. The address may be mistyped."
	case p.Status == http.StatusGone:
		return "This has been deleted", "What used to be here was deleted, and its address stays retired."
	case p.Status == http.StatusConflict:
		return "That cannot be done now", sentence(p.Msg)
	}
	return http.StatusText(p.Status), sentence(p.Msg)
}

// parseForm reads a POSTed form, or answers 400 and returns false.
func (h *Handler) parseForm(w http.ResponseWriter, r *http.Request) bool {
	if err := r.ParseForm(); err != nil {
		h.fail(w, r, errBadForm)
		return false
	}
	return true
}

// field is one input of a form, with what was typed and what is wrong.
type field struct {
	Name  string
	Label string
	Type  string // text, password…
	Value string // what was typed; never set for passwords
	Hint  string
	Error string
	// Notice is something saved that needs a look, said next to the
	// field but not an error (a facilitator not confirmed yet).
	Notice       string
	Autocomplete string
	// Verbatim turns off capitals and spelling: usernames, passwords.
	Verbatim bool
	// Focus puts the cursor here when the page opens: the first field
	// with an error.
	Focus bool
	// Options are a select's choices, or a text input's suggestions.
	Options []option
	// Rows is a textarea's height in lines.
	Rows int
}

// DescribedBy lists the ids of the hint and error, for aria-describedby.
func (f *field) DescribedBy() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.Name+"-hint")
	}
	if f.Error != "" {
		ids = append(ids, f.Name+"-error")
	}
	if f.Notice != "" {
		ids = append(ids, f.Name+"-notice")
	}
	return strings.Join(ids, " ")
}

// hidden is a hidden input.
type hidden struct{ Name, Value string }

// form is a form as shown: its fields, and a problem with the whole of it
// (such as too many attempts) when there is one.
type form struct {
	Action  string
	Submit  string
	Hidden  []hidden
	Fields  []*field
	Problem string
}

// Field returns the field called name, or nil.
func (f *form) Field(name string) *field {
	for _, fl := range f.Fields {
		if fl.Name == name {
			return fl
		}
	}
	return nil
}

// Invalid reports whether the form has anything to correct.
func (f *form) Invalid() bool { return f.Problem != "" || len(f.FieldErrors()) > 0 }

// FieldErrors are the fields with an error, in order, for the summary.
func (f *form) FieldErrors() []*field {
	var out []*field
	for _, fl := range f.Fields {
		if fl.Error != "" {
			out = append(out, fl)
		}
	}
	return out
}

// setError puts msg next to the field called name (or, if there is no such
// field, above the form) and the cursor in the first field with an error.
func (f *form) setError(name, msg string) {
	fl := f.Field(name)
	if fl == nil {
		if f.Problem == "" {
			f.Problem = msg
		}
		return
	}
	fl.Error = msg
	for _, other := range f.Fields {
		other.Focus = other == f.FieldErrors()[0]
	}
}

// place shows err on the form if it is a person's mistake
// (*app.ValidationError) and reports whether it was.
func (f *form) place(err error) bool {
	var v *app.ValidationError
	if !errors.As(err, &v) {
		return false
	}
	f.setError(v.Field, sentence(v.Msg))
	return true
}

// sentence makes one of app's messages ("enter your username") a sentence.
func sentence(msg string) string {
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
