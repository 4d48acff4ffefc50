package pages

import (
	"context"
	"html/template"
	"net/http"
	"strconv"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
)

// gatheringView is the gathering page.
type gatheringView struct {
	layout
	G         model.Gathering
	When      when
	Cancelled bool
	Ended     bool
	Address   string
	MapURL    string
	Body      template.HTML // the description, rendered
	Tracks    []trackView
	Days      []dayGrid
	// CalendarURL is this gathering as an .ics file.
	CalendarURL string
	RSVP        rsvpInfo
	Form        interactForm
	// CoHosts are the other co-ops hosting it with us, as the page names
	// them: a handle whose server has not answered yet as typed, one
	// found to exist nowhere not at all.
	CoHosts []model.CoHost
	// ProposeOpen shows the form to propose a lightning talk or an
	// open-space topic with a name: while sign-up at the venue is on.
	ProposeOpen bool
}

// Gathering serves the page of a published or cancelled gathering, with
// its schedule. Drafts are not found; deleted gatherings are gone.
func (h *Handler) Gathering(w http.ResponseWriter, r *http.Request) {
	id, ok := idParam(r)
	if !ok {
		h.notFound(w, r)
		return
	}
	h.cached(w, r, "gathering/"+strconv.FormatInt(id, 10), func() (string, any, error) {
		v, err := h.gatheringView(r.Context(), id)
		return "gathering", v, err
	})
}

func (h *Handler) gatheringView(ctx context.Context, id int64) (gatheringView, error) {
	d, err := h.App.PublicGathering(ctx, id)
	if err != nil {
		return gatheringView{}, err
	}
	return h.gatheringViewOf(d), nil
}

func (h *Handler) gatheringViewOf(d app.GatheringDetail) gatheringView {
	urls, g := h.App.URLs(), d.Gathering
	v := gatheringView{
		layout:      h.layout(g.Title),
		G:           g,
		When:        newWhen(g.StartsAt, g.EndsAt, zone(g), g.Timezone),
		Cancelled:   g.Status == model.StatusCancelled,
		Ended:       !g.EndsAt.After(h.now()),
		Address:     address(g.Venue),
		MapURL:      mapURL(g.Venue),
		Body:        app.RenderMarkdown(g.Description),
		Tracks:      legend(g),
		Days:        schedule(urls, g, d.Sessions),
		CalendarURL: GatheringCalendarURL(urls, g.ID),
		Form:        interactForm{URI: urls.Gathering(g.ID), Verb: "Reply from my server"},
	}
	if v.Cancelled {
		v.Title = "Cancelled: " + g.Title
	}
	v.ProposeOpen = g.DayOfSignup && g.Status == model.StatusPublished && !v.Ended
	v.Description, v.URL, v.ActivityURL = g.Summary, urls.Gathering(g.ID), urls.Gathering(g.ID)
	v.OEmbedURL = OEmbedURL(urls, v.URL)
	v.Coop = h.coop(d.Actor)
	for _, c := range g.CoHosts {
		if c.Lookup != model.LookupNotFound {
			v.CoHosts = append(v.CoHosts, c)
		}
	}
	v.SiteName = d.Actor.Name
	v.RSVP = rsvpInfo{Coop: v.Coop, Thing: "gathering"}
	v.JSONLD = gatheringLD(urls, d)
	return v
}
