package pages

import (
	"cmp"
	"context"
	"errors"
	"html/template"
	"net/http"
	"sync"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/microcosm-cc/bluemonday"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/web/pages/pageui"
)

// profileView is a co-op's page.
type profileView struct {
	layout
	Summary  template.HTML // the actor's summary, sanitised here
	Upcoming []gatheringItem
	Past     []gatheringItem
	// Network is the next few events of the co-ops we follow.
	Network []gatheringItem
	Form    interactForm
	// CalendarURL and WebcalURL are the co-op's iCalendar feed over https
	// and webcal. WebcalURL is a template.URL because html/template lets
	// only http(s) and mailto through; we build it from our own base URL.
	CalendarURL string
	WebcalURL   template.URL
	// Avatar and Header are the co-op's pictures, nil for none; Links
	// its profile links.
	Avatar, Header *pictureView
	Links          []linkView
}

// pictureView is an uploaded picture as an <img> shows it.
type pictureView struct {
	URL           string
	Width, Height int
}

// linkView is a profile link: its label, address, and the address as read.
type linkView struct{ Name, URL, Text string }

// Profile serves a co-op's page: who they are, how to follow them, and
// their gatherings.
func (h *Handler) Profile(w http.ResponseWriter, r *http.Request) {
	v, err := h.profileView(r.Context(), chi.URLParam(r, "handle"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "profile", v)
}

func (h *Handler) profileView(ctx context.Context, handle string) (profileView, error) {
	p, err := h.App.ProfileView(ctx, handle)
	if err != nil {
		return profileView{}, err
	}
	coop := h.coop(p.Actor)
	v := profileView{
		layout:   h.layout(p.Actor.Name + " (" + coop.Handle + ")"),
		Summary:  summaryHTML(p.Actor.Summary),
		Upcoming: withCoHosted(p.Upcoming, h.items(p.Upcoming), p.CoHosted), Past: h.items(p.Past),
		Form: interactForm{URI: coop.ActorURL, Verb: "Follow from my server"},
	}
	v.Coop, v.SiteName, v.URL, v.ActivityURL = coop, p.Actor.Name, coop.ProfileURL, coop.ActorURL
	v.CalendarURL = CoopCalendarURL(h.App.URLs(), p.Actor.Handle)
	v.WebcalURL = template.URL(webcal(v.CalendarURL)) //nolint:gosec // our own address with the webcal scheme
	v.AtomURL = CoopFeedURL(h.App.URLs(), p.Actor.Handle)
	v.Description = "Gatherings of " + p.Actor.Name + ". Follow " + coop.Handle + " from Mastodon or any fediverse server."
	v.Avatar, v.Header = h.picture(p.Actor.Avatar), h.picture(p.Actor.Header)
	for _, l := range p.Actor.Links {
		v.Links = append(v.Links, linkView{Name: l.Name, URL: l.URL, Text: app.LinkText(l.URL)})
	}
	if v.Network, err = h.comingUpInNetwork(ctx); err != nil {
		return profileView{}, err
	}
	return v, nil
}

// networkPreview is how many of the network's events the home page and a
// profile show; the network calendar has the rest.
const networkPreview = 5

// comingUpInNetwork is the next events of the co-ops we follow, each
// saying where and who hosts it, linking to its page on its host.
func (h *Handler) comingUpInNetwork(ctx context.Context) ([]gatheringItem, error) {
	cal, err := h.App.UpcomingInNetwork(ctx, app.NetworkCalendarParams{Limit: networkPreview})
	if err != nil {
		return nil, err
	}
	out := make([]gatheringItem, 0, len(cal.Events))
	for _, e := range cal.Events {
		end := e.End
		if !e.HasEnd {
			end = e.Start
		}
		place := "hosted by " + e.Host.Handle
		if e.Where != "" {
			place = e.Where + ", " + place
		}
		out = append(out, gatheringItem{Title: e.Title, URL: e.HomeURL, When: pageui.NewWhen(e.Start, end, e.Zone, e.Zone.String()),
			Place: place, Cancelled: e.Cancelled(), CoHosted: e.CoHosted})
	}
	return out, nil
}

// withCoHosted lays the other co-ops' gatherings we co-host (co, by
// start) among ours (list, by start, shown as items), soonest first, each
// marked and saying who hosts it.
func withCoHosted(list []model.Gathering, items []gatheringItem, co []model.CoHosted) []gatheringItem {
	out := make([]gatheringItem, 0, len(items)+len(co))
	i := 0
	for _, c := range co {
		for i < len(list) && !list[i].StartsAt.After(c.StartsAt) {
			out = append(out, items[i])
			i++
		}
		out = append(out, coHostedItem(c))
	}
	return append(out, items[i:]...)
}

func coHostedItem(c model.CoHosted) gatheringItem {
	zone := time.UTC
	if loc, err := time.LoadLocation(c.Timezone); err == nil && c.Timezone != "" {
		zone = loc
	}
	end := c.StartsAt
	if c.EndsAt != nil {
		end = *c.EndsAt
	}
	place := "hosted by " + cmp.Or(c.HostHandle, c.HostURI)
	if where := cmp.Or(c.PlaceName, c.PlaceAddr); where != "" {
		place = where + ", " + place
	} else if c.OnlineURL != "" {
		place = "Online, " + place
	}
	return gatheringItem{Title: c.Title, URL: cmp.Or(c.URL, c.ObjectURI), When: pageui.NewWhen(c.StartsAt.In(zone), end.In(zone), zone, zone.String()),
		Place: place, Cancelled: c.Cancelled(), CoHosted: true}
}

func (h *Handler) picture(p model.Picture) *pictureView {
	if p.IsZero() {
		return nil
	}
	return &pictureView{URL: h.App.URLs().Media(p.File), Width: p.Width, Height: p.Height}
}

// summaryPolicy keeps what a co-op's bio needs (paragraphs, emphasis,
// links) and nothing that runs. The app stores the summary as given, so
// the page sanitises it on the way out.
var summaryPolicy = sync.OnceValue(func() *bluemonday.Policy {
	p := bluemonday.UGCPolicy()
	p.RequireNoFollowOnLinks(true)
	return p
})

func summaryHTML(s string) template.HTML {
	return template.HTML(summaryPolicy().Sanitize(s)) //nolint:gosec // sanitised just here
}

// homeView is the instance's front page.
type homeView struct {
	layout
	Profile *profileView // the instance's first co-op, if it has one
}

// Home serves the front page: what this instance is, and its co-op.
func (h *Handler) Home(w http.ResponseWriter, r *http.Request) {
	v := homeView{layout: h.layout("Gather on " + h.App.URLs().Host())}
	v.URL = h.App.URLs().Base + "/"
	v.Description = "A Gather server: co-operatives publish their gatherings here, and people follow and RSVP from Mastodon or any fediverse server."
	handle, err := h.App.DefaultActor(r.Context())
	if err == nil {
		var p profileView
		if p, err = h.profileView(r.Context(), handle); err == nil {
			if len(p.Upcoming) > 5 {
				p.Upcoming = p.Upcoming[:5]
			}
			v.Profile, v.Coop, v.SiteName, v.AtomURL = &p, p.Coop, p.Coop.Name, p.AtomURL
		}
	}
	if err != nil && !isValidation(err) {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "home", v)
}

// isValidation reports whether err is the app's "no co-op account yet".
func isValidation(err error) bool {
	var ve *app.ValidationError
	return errors.As(err, &ve)
}
