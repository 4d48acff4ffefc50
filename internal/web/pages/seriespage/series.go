// Package seriespage serves a series' public page and its iCalendar file:
// what the series is, when it meets, its coming and past occurrences. It
// draws in pageui's frame; the router (internal/web/pages) mounts it.
package seriespage

import (
	"embed"
	"net/http"
	"slices"
	"strconv"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/calendar"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/recur"
	"github.com/gather-coop/gather/internal/web/pages/pageui"
)

//go:embed templates/*.html
var templateFS embed.FS

var templates = pageui.Parse(templateFS, "series")

// Handler serves the series pages. Its methods are http.HandlerFuncs.
type Handler struct {
	pageui.Base
}

// New returns the series pages' handler on base.
func New(base pageui.Base) *Handler { return &Handler{Base: base} }

// seriesView is a series' public page: what it is, when it meets, its
// coming and past occurrences (the published ones).
type seriesView struct {
	pageui.Layout
	S           model.Series
	When        string
	Coming      []pageui.GatheringItem
	Past        []pageui.GatheringItem
	CalendarURL string
}

// SeriesCalendarURL is the iCalendar file of a series: one VEVENT with
// its RRULE.
func SeriesCalendarURL(seriesURL string) string { return seriesURL + "/calendar.ics" }

// load reads the public series the URL names and its occurrences; on
// false it has answered already (404 for a bad id, the error page for the
// rest).
func (h *Handler) load(w http.ResponseWriter, r *http.Request) (int64, model.Series, model.Actor, []app.SeriesOccurrence, bool) {
	id, ok := pageui.IDParam(r)
	if !ok {
		h.NotFound(w, r)
		return 0, model.Series{}, model.Actor{}, nil, false
	}
	s, actor, err := h.App.PublicSeries(r.Context(), id)
	if err != nil {
		h.Fail(w, r, err)
		return 0, model.Series{}, model.Actor{}, nil, false
	}
	occ, err := h.App.SeriesOccurrences(r.Context(), id)
	if err != nil {
		h.Fail(w, r, err)
		return 0, model.Series{}, model.Actor{}, nil, false
	}
	return id, s, actor, occ, true
}

// Series serves a series' page.
func (h *Handler) Series(w http.ResponseWriter, r *http.Request) {
	_, s, actor, occ, ok := h.load(w, r)
	if !ok {
		return
	}
	var coming, past []model.Gathering
	now := h.Clock()
	for _, o := range occ {
		switch g := o.Gathering; {
		case g.Status == model.StatusDraft:
		case g.EndsAt.After(now):
			coming = append(coming, g)
		default:
			past = append(past, g)
		}
	}
	slices.Reverse(past)
	v := seriesView{Layout: h.Layout(s.Title), S: s, Coming: h.Items(coming), Past: h.Items(past)}
	coop := h.Coop(actor)
	v.Coop, v.SiteName, v.URL = coop, actor.Name, h.App.URLs().Series(s.ID)
	v.Description = s.Summary
	v.CalendarURL = SeriesCalendarURL(v.URL)
	if rule, err := recur.Parse(s.Rule); err == nil {
		if sched, err := recur.NewSchedule(rule, s.Timezone, s.Duration); err == nil {
			v.When = sched.Describe()
		}
	}
	h.Render(w, r, http.StatusOK, templates, "series", v)
}

// SeriesICS serves a series as an iCalendar file (calendar.SeriesICS).
func (h *Handler) SeriesICS(w http.ResponseWriter, r *http.Request) {
	id, s, actor, occ, ok := h.load(w, r)
	if !ok {
		return
	}
	entry := calendar.SeriesEntry{Series: s}
	stamp := s.UpdatedAt
	for _, o := range occ {
		if o.Gathering.Status == model.StatusDraft {
			continue
		}
		entry.Occurrences = append(entry.Occurrences, calendar.SeriesOccurrence{RecurrenceID: o.RecurrenceID, Gathering: o.Gathering})
		if o.Gathering.UpdatedAt.After(stamp) {
			stamp = o.Gathering.UpdatedAt
		}
	}
	links := h.Links()
	links.SeriesURL = h.App.URLs().Series
	body, err := calendar.SeriesICS(h.App.URLs().Host(), actor, entry, links, stamp)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	w.Header().Set("Content-Disposition", `attachment; filename="series-`+strconv.FormatInt(id, 10)+`.ics"`)
	pageui.ServeFeed(w, r, "text/calendar; charset=utf-8", body)
}
