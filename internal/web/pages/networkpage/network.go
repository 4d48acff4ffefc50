// Package networkpage serves the network calendar: our own upcoming
// gatherings and those of the co-ops this instance follows, as a list by
// month or a month's grid, filterable by co-op (or to ours), with its iCalendar file and Atom feed. Each entry
// says who hosts it and where, and links to its page on its host; to
// answer, a visitor goes to their own server with the host's object,
// never to us. It draws in pageui's frame; the router (internal/web/pages)
// mounts it.
package networkpage

import (
	"embed"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/calendar"
	"github.com/gather-coop/gather/internal/web/pages/pageui"
)

//go:embed templates/*.html
var templateFS embed.FS

var templates = pageui.Parse(templateFS, "network")

// Paths of the network calendar.
const (
	Path     = "/network"
	ICSPath  = "/network/calendar.ics"
	AtomPath = "/network/feed.atom"
)

// Handler serves the network calendar. Its methods are http.HandlerFuncs.
type Handler struct {
	pageui.Base
}

// New returns the network calendar's handler on base.
func New(base pageui.Base) *Handler { return &Handler{Base: base} }

// entry is one event as the page shows it.
type entry struct {
	app.NetworkEvent
	When        pageui.When
	InteractURL string
}

type monthView struct {
	Label   string
	ID      string
	Entries []entry
}

// day is a cell of the month grid.
type day struct {
	Date    time.Time
	InMonth bool
	Entries []entry
}

type networkView struct {
	pageui.Layout
	Sources []app.NetworkSource
	Ours    []app.NetworkSource // our own co-op accounts
	Source  *app.NetworkSource
	// OnlyOurs is set when the filter keeps our own gatherings.
	OnlyOurs bool
	Months   []monthView
	Grid     [][]day // weeks, Monday first; nil in the list view
	Month    string  // "March 2027" of the grid
	PrevURL  string
	NextURL  string
	ListURL  string
	GridURL  string
	ICSURL   string
	Webcal   template.URL // our own address with the webcal scheme
	Filter   string       // the query that keeps the filter, "" or "source=ID"
}

// Network serves the calendar: the list by month, or with ?month=YYYY-MM
// that month's grid; ?source=ID keeps one co-op's events.
func (h *Handler) Network(w http.ResponseWriter, r *http.Request) {
	p, cal, ok := h.load(w, r)
	if !ok {
		return
	}
	base := h.App.URLs().Base
	v := networkView{Layout: h.Layout("Coming up in the network"), Sources: cal.Sources, Ours: cal.Ours, Source: cal.Source, OnlyOurs: p.OnlyOurs}
	v.URL = base + Path
	v.Description = "Gatherings of " + h.App.URLs().Host() + " and of the co-ops it follows, by month."
	v.Filter = filter(p)
	v.ListURL, v.GridURL = withQuery(Path, v.Filter), withQuery(Path, join(v.Filter, "month="+h.Clock().Format("2006-01")))
	v.ICSURL = base + withQuery(ICSPath, v.Filter)
	v.Webcal = template.URL("webcal://" + h.App.URLs().Host() + withQuery(ICSPath, v.Filter)) //nolint:gosec // built from our host
	v.AtomURL = base + withQuery(AtomPath, v.Filter)
	for _, m := range cal.Months {
		mv := monthView{Label: m.Label(), ID: "m-" + strconv.Itoa(m.Year) + "-" + strconv.Itoa(int(m.Month))}
		for _, e := range m.Events {
			mv.Entries = append(mv.Entries, h.entry(e))
		}
		v.Months = append(v.Months, mv)
	}
	if month := r.URL.Query().Get("month"); month != "" {
		first, err := time.Parse("2006-01", month)
		if err != nil {
			h.Fail(w, r, &app.ValidationError{Field: "month", Msg: "give the month as YYYY-MM, like 2027-03"})
			return
		}
		v.Grid = grid(first, cal.Events, h.entry)
		v.Month = first.Format("January 2006")
		v.PrevURL = withQuery(Path, join(v.Filter, "month="+first.AddDate(0, -1, 0).Format("2006-01")))
		v.NextURL = withQuery(Path, join(v.Filter, "month="+first.AddDate(0, 1, 0).Format("2006-01")))
	}
	h.Render(w, r, http.StatusOK, templates, "network", v)
}

// load reads the calendar the query asks for: ours beside the sources',
// ?source=ID one source's, ?source=ours only ours; on false it has
// answered already (404 for a bad or unknown source).
func (h *Handler) load(w http.ResponseWriter, r *http.Request) (app.NetworkCalendarParams, app.NetworkCalendar, bool) {
	p := app.NetworkCalendarParams{WithOurs: true}
	if s := r.URL.Query().Get("source"); s == app.NetworkOursFilter {
		p.OnlyOurs = true
	} else if s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			h.NotFound(w, r)
			return p, app.NetworkCalendar{}, false
		}
		p.SourceID = id
	}
	cal, err := h.App.UpcomingInNetwork(r.Context(), p)
	if err != nil {
		h.Fail(w, r, err)
		return p, app.NetworkCalendar{}, false
	}
	return p, cal, true
}

// filter is the query that keeps p's filter: "", "source=ID" or
// "source=ours".
func filter(p app.NetworkCalendarParams) string {
	switch {
	case p.OnlyOurs:
		return "source=" + app.NetworkOursFilter
	case p.SourceID == 0:
		return ""
	}
	return "source=" + strconv.FormatInt(p.SourceID, 10)
}

func (h *Handler) entry(e app.NetworkEvent) entry {
	end := e.End
	if !e.HasEnd {
		end = e.Start
	}
	when := pageui.NewWhen(e.Start, end, e.Zone, e.Zone.String())
	if !e.HasEnd {
		when.Text = e.Start.Format("Monday 2 January 2006, 15:04") + " " + pageui.Abbr(e.Start)
	}
	return entry{NetworkEvent: e, When: when, InteractURL: "/interact?uri=" + url.QueryEscape(e.ObjectURI)}
}

// grid lays the month starting at first out in weeks from Monday, each
// event on the day it starts in its own zone.
func grid(first time.Time, events []app.NetworkEvent, show func(app.NetworkEvent) entry) [][]day {
	onDay := map[string][]entry{}
	for _, e := range events {
		key := e.Start.Format("2006-01-02")
		onDay[key] = append(onDay[key], show(e))
	}
	start := first.AddDate(0, 0, -((int(first.Weekday()) + 6) % 7))
	var weeks [][]day
	for d := start; d.Before(first.AddDate(0, 1, 0)); {
		week := make([]day, 7)
		for i := range week {
			week[i] = day{Date: d, InMonth: d.Month() == first.Month(), Entries: onDay[d.Format("2006-01-02")]}
			d = d.AddDate(0, 0, 1)
		}
		weeks = append(weeks, week)
	}
	return weeks
}

// NetworkICS serves the network calendar as an iCalendar file.
func (h *Handler) NetworkICS(w http.ResponseWriter, r *http.Request) {
	_, cal, ok := h.load(w, r)
	if !ok {
		return
	}
	body, err := calendar.NetworkICS("Coming up in the network", events(cal), h.Clock())
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	pageui.ServeFeed(w, r, "text/calendar; charset=utf-8", body)
}

// NetworkAtom serves the network calendar as an Atom feed.
func (h *Handler) NetworkAtom(w http.ResponseWriter, r *http.Request) {
	p, cal, ok := h.load(w, r)
	if !ok {
		return
	}
	base := h.App.URLs().Base
	body, err := calendar.NetworkAtom(base+withQuery(AtomPath, filter(p)), "Coming up in the network", base+Path, events(cal), h.Clock())
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	pageui.ServeFeed(w, r, "application/atom+xml; charset=utf-8", body)
}

func events(cal app.NetworkCalendar) []calendar.NetworkEvent {
	out := make([]calendar.NetworkEvent, 0, len(cal.Events))
	for _, e := range cal.Events {
		out = append(out, calendar.NetworkEvent{RemoteEvent: e.RemoteEvent, Host: e.Host.Handle, HomeURL: e.HomeURL, Where: e.Where})
	}
	return out
}

func withQuery(path, q string) string {
	if q == "" {
		return path
	}
	return path + "?" + q
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "&" + b
}
