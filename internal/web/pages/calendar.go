package pages

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/calendar"
	"github.com/gather-coop/gather/internal/model"
)

// The calendar files and the feed live beside the pages they belong to.

// GatheringCalendarURL is the iCalendar file of one gathering.
func GatheringCalendarURL(urls app.URLs, id int64) string {
	return urls.Gathering(id) + "/calendar.ics"
}

// CoopCalendarURL is the iCalendar feed of a co-op's gatherings.
func CoopCalendarURL(urls app.URLs, handle string) string {
	return urls.Profile(handle) + "/calendar.ics"
}

// CoopFeedURL is the Atom feed of a co-op's gatherings.
func CoopFeedURL(urls app.URLs, handle string) string {
	return urls.Profile(handle) + "/feed.atom"
}

// webcal is url with the scheme that asks calendar apps to subscribe.
func webcal(url string) string {
	if rest, ok := strings.CutPrefix(url, "https://"); ok {
		return "webcal://" + rest
	}
	if rest, ok := strings.CutPrefix(url, "http://"); ok {
		return "webcal://" + rest
	}
	return url
}

// GatheringICS serves one public gathering and its sessions as an
// iCalendar file, for "add to my calendar".
func (h *Handler) GatheringICS(w http.ResponseWriter, r *http.Request) {
	id, ok := idParam(r)
	if !ok {
		h.notFound(w, r)
		return
	}
	d, err := h.App.PublicGathering(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	entry := calendar.Entry{Gathering: d.Gathering, Sessions: d.Sessions}
	body, err := calendar.GatheringICS(h.App.URLs().Host(), d.Actor, entry, h.links(), revised([]app.GatheringDetail{d}, h.now()))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Disposition", `attachment; filename="gathering-`+strconv.FormatInt(id, 10)+`.ics"`)
	serveFeed(w, r, "text/calendar; charset=utf-8", body)
}

// CoopICS serves a co-op's public gatherings as an iCalendar feed that
// calendar apps subscribe to.
func (h *Handler) CoopICS(w http.ResponseWriter, r *http.Request) {
	actor, list, err := h.App.PublicGatherings(r.Context(), chi.URLParam(r, "handle"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	entries := make([]calendar.Entry, 0, len(list))
	for _, d := range list {
		entries = append(entries, calendar.Entry{Gathering: d.Gathering, Sessions: d.Sessions})
	}
	// A series is one event with its rule, as in its own calendar; its
	// occurrences are left out of entries by CoopICSWithSeries.
	seriesList, occurrences, err := h.App.PublicSeriesOf(r.Context(), actor)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	stamp := revised(list, actor.CreatedAt)
	series := make([]calendar.SeriesEntry, 0, len(seriesList))
	for _, s := range seriesList {
		e := calendar.SeriesEntry{Series: s}
		for _, o := range occurrences[s.ID] {
			if o.Gathering.Status == model.StatusDraft {
				continue
			}
			e.Occurrences = append(e.Occurrences, calendar.SeriesOccurrence{RecurrenceID: o.RecurrenceID, Gathering: o.Gathering})
			stamp = maxTime(stamp, o.Gathering.UpdatedAt)
		}
		series = append(series, e)
		stamp = maxTime(stamp, s.UpdatedAt)
	}
	links := h.links()
	links.SeriesURL = h.App.URLs().Series
	body, err := calendar.CoopICSWithSeries(h.App.URLs().Host(), actor, entries, series, links, stamp)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	serveFeed(w, r, "text/calendar; charset=utf-8", body)
}

// CoopAtom serves a co-op's public gatherings as an Atom feed.
func (h *Handler) CoopAtom(w http.ResponseWriter, r *http.Request) {
	actor, list, err := h.App.PublicGatherings(r.Context(), chi.URLParam(r, "handle"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	urls := h.App.URLs()
	body, err := calendar.Atom(CoopFeedURL(urls, actor.Handle), actor.Name, urls.Profile(actor.Handle),
		gatheringsOf(list), h.links(), h.now())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	serveFeed(w, r, "application/atom+xml; charset=utf-8", body)
}

func gatheringsOf(list []app.GatheringDetail) []model.Gathering {
	out := make([]model.Gathering, 0, len(list))
	for _, d := range list {
		out = append(out, d.Gathering)
	}
	return out
}

// revised is when the calendar last changed: the latest update of any
// gathering or session in it, else fallback. It is the DTSTAMP, which
// RFC 5545 makes the last-modified time of a calendar published without a
// METHOD; being stable, it lets the same calendar give the same bytes, so
// that subscribed apps polling it get 304 Not Modified.
func revised(list []app.GatheringDetail, fallback time.Time) time.Time {
	var latest time.Time
	for _, d := range list {
		if d.Gathering.UpdatedAt.After(latest) {
			latest = d.Gathering.UpdatedAt
		}
		for _, s := range d.Sessions {
			if s.UpdatedAt.After(latest) {
				latest = s.UpdatedAt
			}
		}
	}
	if latest.IsZero() {
		return fallback
	}
	return latest
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
