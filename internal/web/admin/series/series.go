// Package series is the web admin's forms for a series, a gathering that
// repeats, such as the monthly call: to create one, the list of a co-op's
// series, and the form to change one (edit.go). It reads the form into
// app.SeriesInput (the rule as recur's stored form) and, once created,
// sends the organiser to the series' public page, which lists the
// occurrences made.
package series

import (
	"embed"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/web/admin/ui"
)

// NewPath is the form to create a series.
const NewPath = ui.Prefix + "/series/new"

//go:embed templates/*.html
var templateFS embed.FS

var pages = ui.ParsePages(templateFS, nil, nil, "series", "series-list")

// Handler serves the series form.
type Handler struct{ ui.Base }

// New is the Handler of a, logging to log (none when nil).
func New(a *app.App, log *slog.Logger) *Handler {
	return &Handler{ui.Base{App: a, Log: log, Pages: pages}}
}

type view struct {
	ui.Layout
	Form *ui.Form
	// Heading and PublicURL are the edit form's; the new form has its
	// own heading and no page yet.
	Heading, PublicURL string
}

// The repeat choices of the form.
const (
	repeatWeekly       = "weekly"
	repeatMonthDay     = "monthly-day"
	repeatMonthWeekday = "monthly-weekday"
)

// seriesForm is what the form holds, as typed.
type seriesForm struct {
	Title, Summary, FirstStart, Repeat, Interval, Until, Count, Skip, Timezone, Duration, CallURL string
	LinkForAttendees                                                                              bool
}

func readForm(v url.Values) seriesForm {
	get := func(k string) string { return strings.TrimSpace(v.Get(k)) }
	return seriesForm{Title: get("title"), Summary: get("summary"), FirstStart: get("first_start"), Repeat: get("repeat"),
		Interval: get("interval"), Until: get("until"), Count: get("count"), Skip: get("skip"), Timezone: get("timezone"),
		Duration: get("duration_minutes"), CallURL: get("call_url"), LinkForAttendees: v.Get("link_for_attendees") == "on"}
}

// input turns the form into the series app reads; what cannot be read
// at all is a ValidationError on its field.
func (f seriesForm) input() (*app.SeriesInput, error) {
	start, err := time.Parse("2006-01-02T15:04", f.FirstStart)
	if err != nil {
		return nil, &app.ValidationError{Field: "first_start", Msg: "give the date and time of the first occurrence"}
	}
	rule := map[string]any{"start": start.Format("2006-01-02T15:04")}
	switch f.Repeat {
	case repeatWeekly:
		rule["freq"] = "weekly"
	case repeatMonthDay:
		rule["freq"] = "monthly"
	case repeatMonthWeekday:
		week := (start.Day()-1)/7 + 1
		if week == 5 {
			week = -1
		}
		rule["freq"], rule["week"] = "monthly", week
		rule["weekdays"] = []string{[...]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}[start.Weekday()]}
	default:
		return nil, &app.ValidationError{Field: "repeat", Msg: "choose how it repeats"}
	}
	if f.Interval != "" {
		n, err := strconv.Atoi(f.Interval)
		if err != nil || n < 1 {
			return nil, &app.ValidationError{Field: "interval", Msg: "give a whole number, 1 for every week or month"}
		}
		rule["interval"] = n
	}
	if f.Until != "" {
		rule["until"] = f.Until
	}
	if f.Count != "" {
		n, err := strconv.Atoi(f.Count)
		if err != nil || n < 1 {
			return nil, &app.ValidationError{Field: "count", Msg: "give a whole number of occurrences, or leave it empty"}
		}
		rule["count"] = n
	}
	if f.Skip != "" {
		var skip []string
		for _, d := range strings.FieldsFunc(f.Skip, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' }) {
			skip = append(skip, d)
		}
		rule["skip"] = skip
	}
	raw, err := json.Marshal(rule)
	if err != nil {
		return nil, err
	}
	minutes, err := strconv.Atoi(f.Duration)
	if err != nil {
		minutes = 0 // app says what is wrong
	}
	link := f.LinkForAttendees
	return &app.SeriesInput{Title: f.Title, Summary: f.Summary, Rule: raw, Timezone: f.Timezone, DurationMinutes: minutes,
		CallURL: f.CallURL, LinkForAttendees: &link}, nil
}

func (f seriesForm) form(coop string) *ui.Form {
	repeat := []ui.Option{
		{Value: repeatMonthWeekday, Label: "Monthly on the same weekday (e.g. the second Tuesday)"},
		{Value: repeatMonthDay, Label: "Monthly on the same day of the month"},
		{Value: repeatWeekly, Label: "Weekly on the same weekday"},
	}
	for i := range repeat {
		repeat[i].Selected = repeat[i].Value == f.Repeat
	}
	return &ui.Form{
		Action: NewPath, Submit: "Create the series",
		Hidden: []ui.Hidden{{Name: "coop", Value: coop}},
		Fields: []*ui.Field{
			{Name: "title", Label: "Title", Type: "text", Value: f.Title},
			{Name: "summary", Label: "Summary", Type: "text", Value: f.Summary, Hint: "One line, shown under the title."},
			{Name: "first_start", Label: "First occurrence", Type: "datetime-local", Value: f.FirstStart,
				Hint: "The date and time of the first one, local to the time zone below."},
			{Name: "repeat", Label: "Repeats", Type: "select", Options: repeat},
			{Name: "interval", Label: "Every how many weeks or months", Type: "text", Value: f.Interval, Hint: "Leave empty for every one."},
			{Name: "until", Label: "Until", Type: "date", Value: f.Until, Hint: "The last day it may meet. Leave empty for no end."},
			{Name: "count", Label: "Number of occurrences", Type: "text", Value: f.Count, Hint: "Leave empty for no limit."},
			{Name: "skip", Label: "Dates to skip", Type: "text", Value: f.Skip, Hint: "Dates such as 2027-08-10, separated by commas."},
			{Name: "timezone", Label: "Time zone", Type: "text", Value: f.Timezone, Options: ui.ZoneOptions(), Verbatim: true},
			{Name: "duration_minutes", Label: "Length in minutes", Type: "text", Value: f.Duration},
			{Name: "call_url", Label: "Link to the call", Type: "url", Value: f.CallURL, Verbatim: true},
			{Name: "link_for_attendees", Label: "Send the link only to those who RSVP going", Type: "checkbox", Value: ui.Checkbox(f.LinkForAttendees),
				Hint: "The public page and calendars then say the link is sent to those who RSVP."},
		},
	}
}

// NewSeriesPage shows the empty form (GET /admin/series/new).
func (h *Handler) NewSeriesPage(w http.ResponseWriter, r *http.Request) {
	f := seriesForm{Repeat: repeatMonthWeekday, Timezone: "Europe/London", Duration: "60", LinkForAttendees: true}
	// The defaults check the co-op too: a series of a co-op one does not
	// organise is refused here, not only when the form is sent.
	defaults, err := h.App.NewGatheringDefaults(r.Context(), r.URL.Query().Get("coop"))
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	if defaults.DefaultTimezone != "" {
		f.Timezone = defaults.DefaultTimezone
	}
	h.Render(w, r, http.StatusOK, "series", view{Layout: h.Page(r, "New series", "gatherings"), Form: f.form(r.URL.Query().Get("coop"))})
}

// CreateSeries saves a series (POST /admin/series/new) and shows its
// public page, which lists the occurrences made.
func (h *Handler) CreateSeries(w http.ResponseWriter, r *http.Request) {
	if !h.ParseForm(w, r) {
		return
	}
	f, coop := readForm(r.PostForm), r.PostForm.Get("coop")
	// Who may organise the co-op is settled before the form is read, so
	// that someone else's co-op answers 403, not the form's mistakes.
	if coop != "" {
		if _, err := h.App.NewGatheringDefaults(r.Context(), coop); err != nil {
			h.Fail(w, r, err)
			return
		}
	}
	in, err := f.input()
	if err == nil && coop == "" {
		coop, err = h.App.DefaultActor(r.Context())
	}
	if err == nil {
		var created model.Series
		if created, err = h.App.CreateSeries(r.Context(), coop, in); err == nil {
			http.Redirect(w, r, h.App.URLs().Series(created.ID), http.StatusSeeOther)
			return
		}
	}
	form := f.form(coop)
	if !ui.PlaceErrors(form, err, inputFor) {
		h.Fail(w, r, err)
		return
	}
	v := view{Layout: h.Page(r, "New series", "gatherings"), Form: form}
	v.Invalid = true
	h.Render(w, r, http.StatusBadRequest, "series", v)
}

// inputFor names the form's input for app's field.
func inputFor(field string) string {
	if field == "rule" {
		return "first_start"
	}
	return field
}
