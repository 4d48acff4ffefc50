package admin

import (
	"embed"
	"net/http"
	"net/url"
	"text/template"
	"time"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/web/admin/series"
	"github.com/gather-coop/gather/internal/web/admin/ui"
)

//go:embed templates/*.html
var templateFS embed.FS

// pages are the admin's own: signing in, the password, the dashboard.
var pages = ui.ParsePages(templateFS, template.FuncMap{"rows": rows}, nil, "sign-in", "dashboard", "password")

// gatheringTable is a table of gatherings with its caption.
type gatheringTable struct {
	Caption string
	Rows    []gatheringRow
}

func rows(caption string, r []gatheringRow) gatheringTable {
	return gatheringTable{Caption: caption, Rows: r}
}

// dashboardView is the dashboard: each co-op account with its gatherings.
type dashboardView struct {
	ui.Layout
	Coops  []coopView
	Notice string
}

type coopView struct {
	Name       string
	Slug       string // events: for ids in the page
	Handle     string // @events@host
	ProfileURL string
	NewURL     string // the editor of a new gathering of this co-op
	SeriesURL  string // the co-op's series (gatherings that repeat)
	Upcoming   []gatheringRow
	Past       []gatheringRow
}

// gatheringRow is one gathering in the dashboard's lists.
type gatheringRow struct {
	Title     string
	Status    model.GatheringStatus
	When      string // start, in the gathering's zone
	WhenISO   string
	Zone      string
	PublicURL string // "" while a draft: the public page does not exist yet
	EditURL   string
	// SignupsURL is the page of who answered.
	SignupsURL string
}

// dashboard lists the co-ops' gatherings (GET /admin), upcoming first.
// Each row opens its gathering in the editor.
func (h *site) dashboard(w http.ResponseWriter, r *http.Request) {
	coops, err := h.App.Dashboard(r.Context())
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := dashboardView{Layout: h.Page(r, "Gatherings", "gatherings")}
	if r.URL.Query().Has("deleted") {
		v.Notice = "The gathering is deleted."
	}
	now := time.Now()
	for _, c := range coops {
		v.Coops = append(v.Coops, h.coopView(c, now))
	}
	h.Render(w, r, http.StatusOK, "dashboard", v)
}

func (h *site) coopView(c app.CoopGatherings, now time.Time) coopView {
	u := h.App.URLs()
	cv := coopView{Name: c.Name, Slug: c.Handle, Handle: "@" + c.Handle + "@" + u.Host(), ProfileURL: u.Profile(c.Handle),
		NewURL: ui.NewGatheringPath + "?coop=" + url.QueryEscape(c.Handle), SeriesURL: series.ListPath + "?coop=" + url.QueryEscape(c.Handle)}
	for _, g := range c.Gatherings {
		row := gatheringRow{Title: g.Title, Status: g.Status, Zone: g.Timezone, WhenISO: g.StartsAt.UTC().Format(time.RFC3339),
			EditURL: ui.GatheringPath(g.ID), SignupsURL: ui.SignupsPath(g.ID)}
		start := g.StartsAt
		if loc, err := time.LoadLocation(g.Timezone); err == nil {
			start = start.In(loc)
		}
		row.When = start.Format("Mon 2 Jan 2006, 15:04")
		if g.Status != model.StatusDraft {
			row.PublicURL = u.Gathering(g.ID)
		}
		if g.EndsAt.Before(now) {
			cv.Past = append(cv.Past, row)
		} else {
			cv.Upcoming = append(cv.Upcoming, row)
		}
	}
	// Past gatherings, most recent first.
	for i, j := 0, len(cv.Past)-1; i < j; i, j = i+1, j-1 {
		cv.Past[i], cv.Past[j] = cv.Past[j], cv.Past[i]
	}
	return cv
}
