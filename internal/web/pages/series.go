package pages

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/gather-coop/gather/internal/calendar"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/recur"
)

// seriesView is a series' public page: what it is, when it meets, its
// coming and past occurrences (the published ones).
type seriesView struct {
	layout
	S           model.Series
	When        string
	Coming      []gatheringItem
	Past        []gatheringItem
	CalendarURL string
}

// SeriesCalendarURL is the iCalendar file of a series: one VEVENT with
// its RRULE.
func SeriesCalendarURL(seriesURL string) string { return seriesURL + "/calendar.ics" }

// Series serves a series' page.
func (h *Handler) Series(w http.ResponseWriter, r *http.Request) {
	id, ok := idParam(r)
	if !ok {
		h.notFound(w, r)
		return
	}
	s, actor, err := h.App.PublicSeries(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	occ, err := h.App.SeriesOccurrences(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var coming, past []model.Gathering
	now := h.now()
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
	v := seriesView{layout: h.layout(s.Title), S: s, Coming: h.items(coming), Past: h.items(past)}
	coop := h.coop(actor)
	v.Coop, v.SiteName, v.URL = coop, actor.Name, h.App.URLs().Series(s.ID)
	v.Description = s.Summary
	v.CalendarURL = SeriesCalendarURL(v.URL)
	if rule, err := recur.Parse(s.Rule); err == nil {
		if sched, err := recur.NewSchedule(rule, s.Timezone, s.Duration); err == nil {
			v.When = sched.Describe()
		}
	}
	h.render(w, r, http.StatusOK, "series", v)
}

// SeriesICS serves a series as an iCalendar file (calendar.SeriesICS).
func (h *Handler) SeriesICS(w http.ResponseWriter, r *http.Request) {
	id, ok := idParam(r)
	if !ok {
		h.notFound(w, r)
		return
	}
	s, actor, err := h.App.PublicSeries(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	occ, err := h.App.SeriesOccurrences(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
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
	links := h.links()
	links.SeriesURL = h.App.URLs().Series
	body, err := calendar.SeriesICS(h.App.URLs().Host(), actor, entry, links, stamp)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Disposition", `attachment; filename="series-`+strconv.FormatInt(id, 10)+`.ics"`)
	serveFeed(w, r, "text/calendar; charset=utf-8", body)
}
