package series

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/recur"
	"github.com/gather-coop/gather/internal/web/admin/ui"
)

// ListPath is the list of a co-op's series.
const ListPath = ui.Prefix + "/series"

// EditPath is the form to change series id.
func EditPath(id int64) string { return ListPath + "/" + strconv.FormatInt(id, 10) }

// formFrom fills the form with a saved series. A rule the form cannot
// say in full (weekly on several days, say) is kept as it is unless its
// fields are changed: see edited.
func formFrom(s model.Series) seriesForm {
	f := seriesForm{Title: s.Title, Summary: s.Summary, Timezone: s.Timezone, Duration: strconv.Itoa(int(s.Duration / time.Minute)),
		CallURL: s.CallURL, LinkForAttendees: s.LinkForAttendees}
	rule, err := recur.Parse(s.Rule)
	if err != nil {
		return f
	}
	f.FirstStart = rule.Start.String()
	switch {
	case rule.Freq == recur.Weekly:
		f.Repeat = repeatWeekly
	case rule.MonthDay > 0:
		f.Repeat = repeatMonthDay
	default:
		f.Repeat = repeatMonthWeekday
	}
	if rule.Interval > 1 {
		f.Interval = strconv.Itoa(rule.Interval)
	}
	if !rule.Until.IsZero() {
		f.Until = rule.Until.String()
	}
	if rule.Count > 0 {
		f.Count = strconv.Itoa(rule.Count)
	}
	skip := make([]string, len(rule.Skip))
	for i, d := range rule.Skip {
		skip[i] = d.String()
	}
	f.Skip = strings.Join(skip, ", ")
	return f
}

// sameRule reports whether the form's rule fields are those of was.
func (f seriesForm) sameRule(was seriesForm) bool {
	return f.FirstStart == was.FirstStart && f.Repeat == was.Repeat && f.Interval == was.Interval && f.Until == was.Until &&
		f.Count == was.Count && strings.Join(strings.Fields(strings.ReplaceAll(f.Skip, ",", " ")), " ") ==
		strings.Join(strings.Fields(strings.ReplaceAll(was.Skip, ",", " ")), " ")
}

type listView struct {
	ui.Layout
	Coop string
	Rows []listRow
}

type listRow struct {
	Title, When, EditURL, PublicURL string
}

// SeriesListPage lists a co-op's series (GET /admin/series?coop=…), each
// with its rule in words, a link to change it and its public page.
func (h *Handler) SeriesListPage(w http.ResponseWriter, r *http.Request) {
	coop := r.URL.Query().Get("coop")
	if coop == "" {
		var err error
		if coop, err = h.App.DefaultActor(r.Context()); err != nil {
			h.Fail(w, r, err)
			return
		}
	}
	list, err := h.App.ListSeries(r.Context(), coop)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := listView{Layout: h.Page(r, "Series", "gatherings"), Coop: coop}
	for _, s := range list {
		row := listRow{Title: s.Title, EditURL: EditPath(s.ID), PublicURL: h.App.URLs().Series(s.ID)}
		if rule, err := recur.Parse(s.Rule); err == nil {
			if sched, err := recur.NewSchedule(rule, s.Timezone, s.Duration); err == nil {
				row.When = sched.Describe()
			}
		}
		v.Rows = append(v.Rows, row)
	}
	h.Render(w, r, http.StatusOK, "series-list", v)
}

func (h *Handler) editForm(f seriesForm, id int64, version int) *ui.Form {
	form := f.form("")
	form.Action, form.Submit = EditPath(id), "Save the series"
	form.Hidden = []ui.Hidden{{Name: "version", Value: strconv.Itoa(version)}}
	if call := form.Field("call_url"); call != nil {
		call.Hint = "A new link goes to everyone going to a coming occurrence, once, by a direct message."
	}
	return form
}

// EditSeriesPage shows a series in its form (GET /admin/series/{id}).
func (h *Handler) EditSeriesPage(w http.ResponseWriter, r *http.Request) {
	id, ok := h.PathID(w, r)
	if !ok {
		return
	}
	s, err := h.App.Series(r.Context(), id)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	h.Render(w, r, http.StatusOK, "series", view{Layout: h.Page(r, s.Title, "gatherings"), Form: h.editForm(formFrom(s), id, s.Version),
		Heading: "Change the series", PublicURL: h.App.URLs().Series(id)})
}

// SaveSeries saves the changed series (POST /admin/series/{id}) and
// shows the list. Occurrences made already stay as they are, but for a
// new call link, which reaches them all.
func (h *Handler) SaveSeries(w http.ResponseWriter, r *http.Request) {
	id, ok := h.PathID(w, r)
	if !ok {
		return
	}
	if !h.ParseForm(w, r) {
		return
	}
	// Who may change it is settled before the form is read, so that
	// someone else's series answers 403, not the form's mistakes.
	s, err := h.App.Series(r.Context(), id)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	f := readForm(r.PostForm)
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	in, err := f.input()
	if err == nil && f.sameRule(formFrom(s)) {
		in.Rule = []byte(s.Rule) // kept whole, whatever the form cannot say
	}
	if err == nil {
		in.ReminderMinutes = make([]int, len(s.Reminders))
		for i, d := range s.Reminders {
			in.ReminderMinutes[i] = int(d / time.Minute)
		}
		online := s.Online
		in.Online, in.Description = &online, s.Description
		if _, err = h.App.UpdateSeries(r.Context(), id, in, version); err == nil {
			http.Redirect(w, r, ListPath, http.StatusSeeOther)
			return
		}
	}
	form := h.editForm(f, id, version)
	if !ui.PlaceErrors(form, err, inputFor) {
		h.Fail(w, r, err)
		return
	}
	v := view{Layout: h.Page(r, s.Title, "gatherings"), Form: form, Heading: "Change the series", PublicURL: h.App.URLs().Series(id)}
	v.Invalid = true
	h.Render(w, r, http.StatusBadRequest, "series", v)
}
