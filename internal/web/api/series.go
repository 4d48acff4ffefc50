package api

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/recur"
	"github.com/gather-coop/gather/internal/web/respond"
)

func (h *Handler) seriesRoutes(r chi.Router) {
	r.Get("/series", h.listSeries)
	r.Post("/series", h.createSeries)
	r.Get("/series/{id}", h.getSeries)
	r.Put("/series/{id}", h.putSeries)
	r.Delete("/series/{id}", h.deleteSeries)
	r.Post("/series/{id}/call-link", h.rotateCallLink)
	r.Get("/series/{id}/occurrences", h.listOccurrences)
	r.Post("/gatherings/{id}/split", h.splitSeries)
}

// seriesOutput is a series as the API answers: what it was created
// with, its rule as recur's stored form (an object) and in words.
type seriesOutput struct {
	ID               int64           `json:"id"`
	URL              string          `json:"url"`
	Title            string          `json:"title"`
	Summary          string          `json:"summary"`
	Description      string          `json:"description"`
	Rule             json.RawMessage `json:"rule"`
	When             string          `json:"when"`
	Timezone         string          `json:"timezone"`
	DurationMinutes  int             `json:"duration_minutes"`
	Online           bool            `json:"online"`
	CallURL          string          `json:"call_url"`
	LinkForAttendees bool            `json:"link_for_attendees"`
	ReminderMinutes  []int           `json:"reminder_minutes"`
	Version          int             `json:"version"`
	// Standing is how many said they'd come to all of them: in GET
	// /api/v1/series/{id} only.
	Standing *int `json:"standing,omitempty"`
}

func (h *Handler) seriesOut(s model.Series) seriesOutput {
	out := seriesOutput{ID: s.ID, URL: h.App.URLs().Series(s.ID), Title: s.Title, Summary: s.Summary, Description: s.Description,
		Rule: json.RawMessage(s.Rule), Timezone: s.Timezone, DurationMinutes: int(s.Duration / time.Minute), Online: s.Online,
		CallURL: s.CallURL, LinkForAttendees: s.LinkForAttendees, ReminderMinutes: []int{}, Version: s.Version}
	if rule, err := recur.Parse(s.Rule); err == nil {
		if sched, err := recur.NewSchedule(rule, s.Timezone, s.Duration); err == nil {
			out.When = sched.Describe()
		}
	}
	for _, d := range s.Reminders {
		out.ReminderMinutes = append(out.ReminderMinutes, int(d/time.Minute))
	}
	return out
}

func (h *Handler) readSeries(w http.ResponseWriter, r *http.Request) (*app.SeriesInput, error) {
	body, err := readBody(w, r)
	if err != nil {
		return nil, err
	}
	var in app.SeriesInput
	if err := app.DecodeStrict(body, &in); err != nil {
		return nil, err
	}
	return &in, nil
}

func (h *Handler) listSeries(w http.ResponseWriter, r *http.Request) {
	handle, err := h.actorParam(r)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	list, err := h.App.ListSeries(r.Context(), handle)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	out := make([]seriesOutput, 0, len(list))
	for _, s := range list {
		out = append(out, h.seriesOut(s))
	}
	respond.JSON(w, http.StatusOK, map[string]any{"series": out})
}

func (h *Handler) createSeries(w http.ResponseWriter, r *http.Request) {
	in, err := h.readSeries(w, r)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	handle, err := h.actorParam(r)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	s, err := h.App.CreateSeries(r.Context(), handle, in)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	w.Header().Set("Location", "/api/v1/series/"+strconv.FormatInt(s.ID, 10))
	respond.JSON(w, http.StatusCreated, h.seriesOut(s))
}

func (h *Handler) getSeries(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	s, err := h.App.Series(r.Context(), id)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	n, err := h.App.SeriesStanding(r.Context(), id)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	out := h.seriesOut(s)
	out.Standing = &n
	respond.JSON(w, http.StatusOK, out)
}

// putSeries replaces a series (If-Match: its version, optional).
func (h *Handler) putSeries(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	version, err := expectedVersion(r)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	in, err := h.readSeries(w, r)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	s, err := h.App.UpdateSeries(r.Context(), id, in, version)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	respond.JSON(w, http.StatusOK, h.seriesOut(s))
}

// rotateCallLink answers POST /api/v1/series/{id}/call-link
// {"call_url": …}: the series' new call link, sent once to everyone going
// to a coming occurrence. PUT with a new call_url does the same.
func (h *Handler) rotateCallLink(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	body, err := readBody(w, r)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	var in struct {
		CallURL string `json:"call_url"`
	}
	if err := app.DecodeStrict(body, &in); err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	s, err := h.App.RotateSeriesCallLink(r.Context(), id, in.CallURL)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	respond.JSON(w, http.StatusOK, h.seriesOut(s))
}

func (h *Handler) deleteSeries(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	if err := h.App.DeleteSeries(r.Context(), id); err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// occurrenceOutput is one made occurrence: the gathering, and the start
// the rule gave it.
type occurrenceOutput struct {
	RecurrenceID time.Time             `json:"recurrence_id"`
	GatheringID  int64                 `json:"gathering_id"`
	URL          string                `json:"url"`
	Title        string                `json:"title"`
	StartsAt     string                `json:"starts_at"`
	EndsAt       string                `json:"ends_at"`
	Status       model.GatheringStatus `json:"status"`
}

func (h *Handler) listOccurrences(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	if _, err := h.App.Series(r.Context(), id); err != nil { // organisers only
		respond.JSONError(w, r, h.Log, err)
		return
	}
	occ, err := h.App.SeriesOccurrences(r.Context(), id)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	out := make([]occurrenceOutput, 0, len(occ))
	for _, o := range occ {
		g := o.Gathering
		loc, err := time.LoadLocation(g.Timezone)
		if err != nil {
			loc = time.UTC
		}
		out = append(out, occurrenceOutput{RecurrenceID: o.RecurrenceID, GatheringID: g.ID, URL: h.App.URLs().Gathering(g.ID), Title: g.Title,
			StartsAt: g.StartsAt.In(loc).Format(time.RFC3339), EndsAt: g.EndsAt.In(loc).Format(time.RFC3339), Status: g.Status})
	}
	respond.JSON(w, http.StatusOK, map[string]any{"occurrences": out})
}

// splitSeries answers POST /api/v1/gatherings/{id}/split: "this and the
// following" from the occurrence id, the body the new series (its rule
// left out: the same pattern from that date on).
func (h *Handler) splitSeries(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	in, err := h.readSeries(w, r)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	s, err := h.App.SplitSeries(r.Context(), id, in)
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	w.Header().Set("Location", "/api/v1/series/"+strconv.FormatInt(s.ID, 10))
	respond.JSON(w, http.StatusCreated, h.seriesOut(s))
}
