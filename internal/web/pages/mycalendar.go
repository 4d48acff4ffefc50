package pages

import (
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/gather-coop/gather/internal/calendar"
	"github.com/gather-coop/gather/internal/web/pages/pageui"
)

// MyCalendarPath is the route of a person's own calendar of their
// sessions of a gathering (app.URLs.MyCalendar builds its addresses).
const MyCalendarPath = "/my/{file}"

// MyICS serves a person's own calendar at its unguessable address: just
// the sessions they have a place in. An address never given is not
// found; one whose gathering was deleted is gone (410).
func (h *Handler) MyICS(w http.ResponseWriter, r *http.Request) {
	token, ok := strings.CutSuffix(chi.URLParam(r, "file"), ".ics")
	if !ok {
		h.notFound(w, r)
		return
	}
	c, err := h.App.MyCalendarOf(r.Context(), token)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	entry := calendar.Entry{Gathering: c.Gathering, Sessions: c.Sessions}
	stamp := c.Gathering.UpdatedAt
	for _, s := range c.Sessions {
		stamp = maxTime(stamp, s.UpdatedAt)
	}
	body, err := calendar.PersonalICS(h.App.URLs().Host(), c.Actor, entry, h.links(), stamp)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pageui.ServePrivateFeed(w, r, "text/calendar; charset=utf-8", body)
}
