package pages

import (
	"context"
	"html/template"
	"net/http"
	"strconv"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
)

// sessionPageView is the session page.
type sessionPageView struct {
	layout
	S            sessionView
	G            model.Gathering
	GatheringURL string
	Cancelled    bool
	Ended        bool
	Address      string
	MapURL       string
	Body         template.HTML // the description, rendered
	RSVP         rsvpInfo
	Form         interactForm
	// SignupOpen shows the day-of sign-up form: on for the gathering,
	// and the session neither over nor cancelled.
	SignupOpen bool
}

// Session serves the page of one session of a public gathering.
func (h *Handler) Session(w http.ResponseWriter, r *http.Request) {
	id, ok := idParam(r)
	if !ok {
		h.notFound(w, r)
		return
	}
	h.cached(w, r, "session/"+strconv.FormatInt(id, 10), func() (string, any, error) {
		v, err := h.sessionView(r.Context(), id)
		return "session", v, err
	})
}

func (h *Handler) sessionView(ctx context.Context, id int64) (sessionPageView, error) {
	d, s, err := h.App.PublicSession(ctx, id)
	if err != nil {
		return sessionPageView{}, err
	}
	return h.sessionViewOf(d, s), nil
}

func (h *Handler) sessionViewOf(d app.GatheringDetail, s model.Session) sessionPageView {
	urls, g := h.App.URLs(), d.Gathering
	v := sessionPageView{
		layout:       h.layout(s.Title + " · " + g.Title),
		S:            newSessionView(urls, g, s, zone(g), tracksOf(g)),
		G:            g,
		GatheringURL: urls.Gathering(g.ID),
		Cancelled:    g.Status == model.StatusCancelled,
		Ended:        !s.EndsAt.After(h.now()),
		Address:      address(g.Venue),
		MapURL:       mapURL(g.Venue),
		Body:         app.RenderMarkdown(s.Description),
		Form:         interactForm{URI: urls.Session(s.ID), Verb: "Reply from my server"},
	}
	if v.Cancelled {
		v.Title = "Cancelled: " + v.Title
	}
	v.SignupOpen = g.DayOfSignup && !v.Cancelled && !v.Ended
	v.Description = sessionSummary(v.S, g)
	v.URL, v.ActivityURL = urls.Session(s.ID), urls.Session(s.ID)
	v.Coop, v.SiteName = h.coop(d.Actor), d.Actor.Name
	v.JSONLD = sessionPageLD(urls, d, s)
	v.RSVP = rsvpInfo{Coop: v.Coop, Thing: "session", Capped: v.S.Capacity != nil}
	return v
}

// sessionSummary is the one line that link previews show.
func sessionSummary(s sessionView, g model.Gathering) string {
	line := s.When.Start.Format("Mon 2 January, 15:04")
	if s.Room != "" {
		line += ", " + s.Room
	}
	line += " · part of " + g.Title
	if s.Kind != "" {
		line = s.Kind + ", " + line
	}
	return line
}
