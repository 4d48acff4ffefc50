package moderation

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/web/admin/ui"
)

const reportsPath = ui.Prefix + "/reports"

// reportsView is the admins' list of abuse reports: those other servers
// sent about our co-op accounts, and our organisers' reports of remote
// accounts.
type reportsView struct {
	ui.Layout
	Notice  string
	Pager   pager
	Reports []reportRow
	Caption string
}

// pager is a list shown a page at a time, as templates/pager.html draws
// it: a row of filters above the list, and the pages either side below.
type pager struct {
	FiltersLabel string // names the filters' navigation
	Filters      []filterLink
	Prev, Next   string
}

// filterLink is one choice of a list's filter.
type filterLink struct {
	Label, URL string
	Current    bool
}

// newPager is the pager of page (from 1) of a list with more pages after
// it or not, pageURL linking to another page of it.
func newPager(filtersLabel string, page int, more bool, pageURL func(page int) string) pager {
	p := pager{FiltersLabel: filtersLabel}
	if page > 1 {
		p.Prev = pageURL(page - 1)
	}
	if more {
		p.Next = pageURL(page + 1)
	}
	return p
}

type reportRow struct {
	ID                int64
	Reporter, Account string
	Ours              bool // our organiser's report of a remote account
	Objects           []string
	Comment           string
	When, WhenISO     string
	Resolved          string // "Resolved by ada, 6 Dec 2026 10:00 UTC"; "" while open
	Forwarded         string
	ResolveURL        string
	CanForward        bool
}

var reportNotices = []struct{ key, msg string }{
	{"resolved", "The report is resolved."},
	{"forwarded", "The report is resolved, and sent to the account’s server."},
}

const dateTime = "2 Jan 2006 15:04 UTC"

// ReportsPage lists reports, open ones first, newest first, a page at a
// time (GET /admin/reports?state=open|resolved|all&page=N, admins only).
// Comments are plain text from the reporter and are shown escaped.
func (h *Handler) ReportsPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page, _ := strconv.Atoi(q.Get("page"))
	list, err := h.App.ReportPage(r.Context(), model.ReportState(q.Get("state")), page)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := reportsView{Layout: h.Page(r, "Reports", "reports"), Caption: "Reports: open first, then newest first"}
	for _, n := range reportNotices {
		if q.Has(n.key) {
			v.Notice = n.msg
		}
	}
	pageURL := func(state model.ReportState, page int) string {
		vals := url.Values{"state": {string(state)}}
		if page > 1 {
			vals.Set("page", strconv.Itoa(page))
		}
		return reportsPath + "?" + vals.Encode()
	}
	v.Pager = newPager("Which reports", list.Page, list.More, func(page int) string { return pageURL(list.State, page) })
	for _, s := range []struct {
		state model.ReportState
		label string
	}{{model.ReportsOpen, "Open"}, {model.ReportsResolved, "Resolved"}, {model.ReportsAll, "All"}} {
		v.Pager.Filters = append(v.Pager.Filters, filterLink{Label: s.label, URL: pageURL(s.state, 1), Current: s.state == list.State})
	}
	if list.Page > 1 {
		v.Caption += ": page " + strconv.Itoa(list.Page)
	}
	for _, rep := range list.Reports {
		row := reportRow{ID: rep.ID, Reporter: rep.ReporterURI, Account: "@" + rep.ActorHandle, Objects: rep.ObjectURIs, Comment: rep.Content,
			When: rep.ReceivedAt.UTC().Format(dateTime), WhenISO: rep.ReceivedAt.UTC().Format(time.RFC3339)}
		if rep.Local() {
			row.Ours, row.Reporter, row.Account = true, rep.ReporterUser+" for @"+rep.ActorHandle, rep.TargetURI
			row.Objects = rep.ObjectURIs[1:]
		}
		if rep.ResolvedAt != nil {
			row.Resolved = "Resolved by " + rep.ResolvedBy + ", " + rep.ResolvedAt.UTC().Format(dateTime)
		} else {
			row.ResolveURL = reportsPath + "/" + strconv.FormatInt(rep.ID, 10) + "/resolve"
			row.CanForward = rep.Local() && rep.ForwardedAt == nil
		}
		if rep.ForwardedAt != nil {
			row.Forwarded = "Sent to their server " + rep.ForwardedAt.UTC().Format(dateTime)
		}
		v.Reports = append(v.Reports, row)
	}
	h.Render(w, r, http.StatusOK, "reports", v)
}

// ResolveReport marks a report resolved, and forwards our own report to
// the account's server when asked (POST /admin/reports/{id}/resolve).
func (h *Handler) ResolveReport(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil || id < 1 {
		h.Fail(w, r, ui.ErrNotFound)
		return
	}
	if !h.ParseForm(w, r) {
		return
	}
	forward := r.PostForm.Get("forward") == "on"
	// A report resolved meanwhile is a ValidationError, which the error
	// page shows as it is written.
	if _, err := h.App.ResolveReport(r.Context(), id, forward); err != nil {
		h.Fail(w, r, err)
		return
	}
	done := "resolved"
	if forward {
		done = "forwarded"
	}
	http.Redirect(w, r, reportsPath+"?"+done, http.StatusSeeOther)
}
