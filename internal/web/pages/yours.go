package pages

import (
	"net/http"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
)

// YoursPath is the page listing the sessions a phone signed up for at
// the venue: the sign-ups made with its cookie, and nobody else's.
const YoursPath = "/gatherings/{id}/yours"

// yoursURL is the address of a gathering's "your sessions" page.
func yoursURL(urls app.URLs, gatheringID int64) string {
	return urls.Gathering(gatheringID) + "/yours"
}

// yourSignup is one line of "Your sessions".
type yourSignup struct {
	Title, URL, When, Room string
	Waitlisted             bool
}

// yoursView is the "your sessions" page.
type yoursView struct {
	layout
	GatheringTitle string
	GatheringURL   string
	Yours          []yourSignup
}

// Yours serves the sessions this phone signed up for at the venue. It
// is never cached: each phone sees its own. A phone with no cookie yet
// is given none here (guestKey is for sign-ups).
func (h *Handler) Yours(w http.ResponseWriter, r *http.Request) {
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
	key := ""
	if c, err := r.Cookie(guestCookie); err == nil && len(c.Value) == 32 {
		key = c.Value
	}
	yours, err := h.yours(r, id, key)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	v := yoursView{layout: h.layout("Your sessions · " + d.Gathering.Title), GatheringTitle: d.Gathering.Title,
		GatheringURL: h.App.URLs().Gathering(id), Yours: yours}
	w.Header().Set("Cache-Control", "private, no-store")
	h.render(w, r, http.StatusOK, "yours", v)
}

// yours are the lines of "Your sessions" for the phone with key, in the
// gathering's own time.
func (h *Handler) yours(r *http.Request, gatheringID int64, key string) ([]yourSignup, error) {
	list, err := h.App.GuestSignups(r.Context(), gatheringID, key)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	d, err := h.App.PublicGathering(r.Context(), gatheringID)
	if err != nil {
		return nil, err
	}
	loc := zone(d.Gathering)
	out := make([]yourSignup, 0, len(list))
	for _, s := range list {
		when := s.Session.StartsAt.In(loc).Format("Mon 2 Jan, 15:04")
		if s.Session.EndsAt.After(s.Session.StartsAt) {
			when += "–" + s.Session.EndsAt.In(loc).Format("15:04")
		}
		out = append(out, yourSignup{Title: s.Session.Title, URL: h.App.URLs().Session(s.Session.ID), When: when,
			Room: s.Room, Waitlisted: s.Status == model.RSVPWaitlisted})
	}
	return out, nil
}
