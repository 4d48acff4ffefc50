// Package pageui is what the public pages' packages share: the frame every
// page is drawn in (layout.html, the parts templates, the error page, the
// stylesheet and script), the views that frame and the lists need
// (Layout, CoopView, GatheringItem, When), rendering, the error page, and
// the calendar files' plumbing. It serves no route itself: the router
// (internal/web/pages) mounts the pages, and each page package
// (internal/web/pages/seriespage…) imports this one and never another page
// package.
package pageui

import (
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
)

// Base is what a page handler needs of the server: the app, the log and
// the clock. The router hands the same one to every page package.
type Base struct {
	App *app.App
	// Log receives the failures that are the server's fault; none when nil.
	Log *slog.Logger
	// Now is the clock, for "this gathering has ended"; time.Now when nil.
	Now func() time.Time
}

// Logger is Log, or a logger that discards when there is none.
func (b Base) Logger() *slog.Logger {
	if b.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return b.Log
}

// Clock is the time now, by Now when set.
func (b Base) Clock() time.Time {
	if b.Now != nil {
		return b.Now()
	}
	return time.Now()
}

// Layout is what every page's frame needs: the <head> and the site header.
type Layout struct {
	Title       string // the <title>
	Host        string // this instance, e.g. events.example.coop
	Description string // meta description and og:description
	URL         string // canonical and og:url; "" on pages that have none
	SiteName    string // og:site_name
	ActivityURL string // the ActivityStreams alternate, if any
	AtomURL     string // the Atom feed alternate, if any
	OEmbedURL   string // the oEmbed discovery link, if any
	JSONLD      any    // a schema.org value, encoded by html/template
	NoIndex     bool   // error pages
	Coop        *CoopView
	// Preview is set when an organiser sees the page from the admin.
	Preview *Preview
}

// CoopView is a co-op account as pages name it.
type CoopView struct {
	Name       string
	Handle     string // @events@host
	ProfileURL string
	ActorURL   string
}

// Preview is the note above a page an organiser sees from the admin: the
// page is the public one, drafts included, with a way back.
type Preview struct {
	Text string
	Back string // the admin page it came from
}

// GatheringItem is a gathering in a list (the "gatherings" part).
type GatheringItem struct {
	Title     string
	URL       string
	When      When
	Place     string
	Cancelled bool
	// CoHosted marks another co-op's gathering that names us as co-host.
	CoHosted bool
}

// Layout is the frame of a page titled title.
func (b Base) Layout(title string) Layout {
	return Layout{Title: title, Host: b.App.URLs().Host()}
}

// Coop names the co-op account a.
func (b Base) Coop(a model.Actor) *CoopView {
	u := b.App.URLs()
	return &CoopView{Name: a.Name, Handle: "@" + a.Handle + "@" + u.Host(), ProfileURL: u.Profile(a.Handle), ActorURL: u.Actor(a.Handle)}
}

// Items lists gatherings as the "gatherings" part shows them.
func (b Base) Items(list []model.Gathering) []GatheringItem {
	out := make([]GatheringItem, 0, len(list))
	for _, g := range list {
		out = append(out, GatheringItem{
			Title: g.Title, URL: b.App.URLs().Gathering(g.ID),
			When: NewWhen(g.StartsAt, g.EndsAt, Zone(g), g.Timezone), Place: Place(g),
			Cancelled: g.Status == model.StatusCancelled,
		})
	}
	return out
}

// IDParam reads the {id} of the URL; false when it is not a number.
func IDParam(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	return id, err == nil && id > 0
}
