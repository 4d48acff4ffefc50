// Package network is the web admin's Network page: the co-ops (and
// Gancio or Mobilizon calendars) a co-op account follows for the network
// calendar, a form to follow another by its handle or address, each
// source's state, when it was last heard from and how many of its events
// are coming up, and unfollowing; and their upcoming gatherings, each
// of which can be shared with the co-op's own followers (a boost).
package network

import (
	"embed"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/web/admin/ui"
)

//go:embed templates/*.html
var templateFS embed.FS

var pages = ui.ParsePages(templateFS, nil, nil, "network")

// Path is the Network page.
const Path = ui.Prefix + "/network"

// Handler serves the Network page.
type Handler struct{ ui.Base }

// New is the Handler of a, logging to log (none when nil).
func New(a *app.App, log *slog.Logger) *Handler {
	return &Handler{ui.Base{App: a, Log: log, Pages: pages}}
}

// view is the Network page.
type view struct {
	ui.Layout
	Notice  string
	NoCoop  bool
	Coop    string // the co-op's handle, for the forms
	Name    string
	Form    *ui.Form
	Sources []row
	Events  []eventRow
	// CoHosted are other co-ops' gatherings naming this one as co-host.
	CoHosted []coHostedRow
}

// coHostedRow is one gathering that names the co-op as co-host.
type coHostedRow struct {
	ID            int64
	Title, Host   string
	When, WhenISO string
	URL           string
	State         string // pending, accepted, declined
}

// eventRow is one upcoming gathering of a source, and whether we share it.
type eventRow struct {
	ID, Title, Host string
	When, WhenISO   string
	URL             string
	Shared          bool
}

// row is one source in the table.
type row struct {
	ID                 int64
	Handle, State      string
	Requested, ReqISO  string
	Accepted, AccISO   string
	Heard, HeardISO    string
	Unreachable, UnISO string
	Upcoming           int
}

var notices = []struct{ key, msg string }{
	{"followed", "Asked to follow. It shows as pending until its server accepts."},
	{"unfollowed", "Unfollowed: its events are gone from the network calendar, and its server is told."},
	{"gone", "Nothing was changed: it is not followed, perhaps someone else was quicker."},
	{"shared", "Shared: your followers see it as a boost of the host's post, and answer the host."},
	{"unshared", "No longer shared: your followers' servers are told to take the boost back."},
	{"unshared-gone", "Nothing was changed: it was not shared, perhaps someone else was quicker."},
	{"cohost-accepted", "Accepted: the gathering is listed as co-hosted with us on our pages and the network calendar."},
	{"cohost-declined", "Declined: the gathering is not listed on our pages. Its host still names us: ask them to take us off."},
}

func pageURL(coop string, extra ...string) string {
	q := url.Values{"coop": {coop}}
	for _, k := range extra {
		q.Set(k, "")
	}
	return Path + "?" + q.Encode()
}

func followForm(coop, target string) *ui.Form {
	return &ui.Form{Action: Path + "/follow", Submit: "Follow", Hidden: []ui.Hidden{{Name: "coop", Value: coop}}, Fields: []*ui.Field{
		{Name: "target", Label: "Co-op to follow", Type: "text", Value: target, Autocomplete: "off", Verbatim: true,
			Hint: "Its handle, such as @events@partner.example, or the address of its profile (a Gather co-op, a Gancio, a Mobilizon group)."},
	}}
}

// Page shows the sources of a co-op account (GET /admin/network?coop=events).
func (h *Handler) Page(w http.ResponseWriter, r *http.Request) {
	coop, ok := h.coop(w, r, r.URL.Query().Get("coop"))
	if !ok {
		return
	}
	v := view{Layout: h.Base.Page(r, "Network", "network"), Coop: coop, Form: followForm(coop, "")}
	if coop == "" {
		v.NoCoop = true
		h.Render(w, r, http.StatusOK, "network", v)
		return
	}
	for _, n := range notices {
		if r.URL.Query().Has(n.key) {
			v.Notice = n.msg
		}
	}
	h.render(w, r, http.StatusOK, v)
}

// coop is the co-op account asked for, else the reader's first; "" when
// there is none.
func (h *Handler) coop(w http.ResponseWriter, r *http.Request, asked string) (string, bool) {
	if asked != "" {
		return asked, true
	}
	coops, err := h.App.CoopAccounts(r.Context())
	if err != nil {
		h.Fail(w, r, err)
		return "", false
	}
	if len(coops) == 0 {
		return "", true
	}
	return coops[0].Handle, true
}

func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, v view) {
	list, err := h.App.Sources(r.Context(), v.Coop)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	for _, s := range list {
		v.Sources = append(v.Sources, rowOf(s))
	}
	events, err := h.App.NetworkUpcoming(r.Context(), v.Coop, eventsShown)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	shares, err := h.App.SharedEvents(r.Context(), v.Coop)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	shared := make(map[string]bool, len(shares))
	for _, s := range shares {
		shared[s.ObjectURI] = true
	}
	for _, e := range events {
		row := eventRow{ID: e.ObjectURI, Title: e.Title, Host: e.SourceHandle, URL: e.URL, Shared: shared[e.ObjectURI]}
		row.When, row.WhenISO = when(&e.StartsAt, "")
		v.Events = append(v.Events, row)
	}
	co, err := h.App.CoHostedEvents(r.Context(), v.Coop)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	for _, c := range co {
		row := coHostedRow{ID: c.ID, Title: c.Title, Host: c.HostHandle, URL: c.URL, State: string(c.State)}
		if row.Host == "" {
			row.Host = c.HostURI
		}
		row.When, row.WhenISO = when(&c.StartsAt, "")
		v.CoHosted = append(v.CoHosted, row)
	}
	h.Render(w, r, status, "network", v)
}

// eventsShown bounds the gatherings listed for sharing: the soonest.
const eventsShown = 50

func rowOf(s model.Source) row {
	r := row{ID: s.ID, Handle: s.Handle, State: stateWords(s), Upcoming: s.Upcoming}
	r.Requested, r.ReqISO = when(&s.RequestedAt, "")
	r.Accepted, r.AccISO = when(s.AcceptedAt, "—")
	r.Heard, r.HeardISO = when(s.LastHeardAt, "never")
	r.Unreachable, r.UnISO = when(s.UnreachableSince, "")
	return r
}

func stateWords(s model.Source) string {
	switch s.State {
	case model.SourceAccepted:
		return "Following"
	case model.SourceRejected:
		return "Refused"
	}
	return "Pending: no answer yet"
}

func when(t *time.Time, none string) (string, string) {
	if t == nil || t.IsZero() {
		return none, ""
	}
	return t.UTC().Format("2 Jan 2006 15:04"), t.UTC().Format(time.RFC3339)
}

// Follow asks to follow (POST /admin/network/follow).
func (h *Handler) Follow(w http.ResponseWriter, r *http.Request) {
	if !h.ParseForm(w, r) {
		return
	}
	coop, target := r.PostForm.Get("coop"), r.PostForm.Get("target")
	_, err := h.App.Follow(r.Context(), coop, target)
	var invalid *app.ValidationError
	if errors.As(err, &invalid) {
		form := followForm(coop, target)
		if form.Place(err) {
			v := view{Layout: h.Base.Page(r, "Network", "network"), Coop: coop, Form: form}
			v.Invalid = true
			h.render(w, r, http.StatusBadRequest, v)
			return
		}
	}
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	http.Redirect(w, r, pageURL(coop, "followed"), http.StatusSeeOther)
}

// Unfollow stops following a source (POST /admin/network/unfollow, with
// coop and source, its id): it can be followed again at once, so the
// button does not ask first.
func (h *Handler) Unfollow(w http.ResponseWriter, r *http.Request) {
	if !h.ParseForm(w, r) {
		return
	}
	coop := r.PostForm.Get("coop")
	err := h.App.Unfollow(r.Context(), coop, r.PostForm.Get("source"))
	done := "unfollowed"
	if errors.Is(err, app.ErrNotFound) {
		if _, cerr := h.App.Actor(r.Context(), coop); cerr != nil {
			h.Fail(w, r, cerr)
			return
		}
		done, err = "gone", nil
	}
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	http.Redirect(w, r, pageURL(coop, done), http.StatusSeeOther)
}

// Share boosts a source's gathering to the co-op's followers (POST
// /admin/network/share, with coop and event, its id).
func (h *Handler) Share(w http.ResponseWriter, r *http.Request) {
	if !h.ParseForm(w, r) {
		return
	}
	coop := r.PostForm.Get("coop")
	_, err := h.App.ShareEvent(r.Context(), coop, r.PostForm.Get("event"))
	var invalid *app.ValidationError
	if errors.As(err, &invalid) {
		// Shared already, or gone from the calendar since the page was
		// drawn: the page as it is now says which.
		v := view{Layout: h.Base.Page(r, "Network", "network"), Coop: coop, Form: followForm(coop, ""), Notice: invalid.Msg}
		h.render(w, r, http.StatusBadRequest, v)
		return
	}
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	http.Redirect(w, r, pageURL(coop, "shared"), http.StatusSeeOther)
}

// Unshare takes a share back (POST /admin/network/unshare, with coop and
// event): it can be shared again at once, so the button does not ask.
func (h *Handler) Unshare(w http.ResponseWriter, r *http.Request) {
	if !h.ParseForm(w, r) {
		return
	}
	coop := r.PostForm.Get("coop")
	err := h.App.UnshareEvent(r.Context(), coop, r.PostForm.Get("event"))
	done := "unshared"
	if errors.Is(err, app.ErrNotFound) {
		if _, cerr := h.App.Actor(r.Context(), coop); cerr != nil {
			h.Fail(w, r, cerr)
			return
		}
		done, err = "unshared-gone", nil
	}
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	http.Redirect(w, r, pageURL(coop, done), http.StatusSeeOther)
}

// AcceptCoHost and DeclineCoHost answer being named as co-host (POST
// /admin/network/cohost/accept or /decline, with coop and cohosted, its
// id): accepted, the gathering is listed publicly as co-hosted with us.
// Either can be changed later, so the buttons do not ask.
func (h *Handler) AcceptCoHost(w http.ResponseWriter, r *http.Request) { h.decideCoHost(w, r, true) }

// DeclineCoHost: see AcceptCoHost.
func (h *Handler) DeclineCoHost(w http.ResponseWriter, r *http.Request) { h.decideCoHost(w, r, false) }

func (h *Handler) decideCoHost(w http.ResponseWriter, r *http.Request, accept bool) {
	if !h.ParseForm(w, r) {
		return
	}
	id, err := strconv.ParseInt(r.PostForm.Get("cohosted"), 10, 64)
	if err != nil {
		h.Fail(w, r, app.ErrNotFound)
		return
	}
	if _, err := h.App.DecideCoHosted(r.Context(), id, accept); err != nil {
		h.Fail(w, r, err)
		return
	}
	done := "cohost-declined"
	if accept {
		done = "cohost-accepted"
	}
	http.Redirect(w, r, pageURL(r.PostForm.Get("coop"), done), http.StatusSeeOther)
}
