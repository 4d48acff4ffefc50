package admin

import (
	"cmp"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/gather-coop/gather/internal/app"
)

// The audit log, reporting an account to its server, and hiding comments:
// what organisers do about abuse.

const (
	auditPath         = Prefix + "/audit"
	reportAccountPath = Prefix + "/report-account"
)

// auditView is a page of the audit log.
type auditView struct {
	layout
	Pager   pager
	Entries []auditRow
	Caption string
}

type auditRow struct {
	When, WhenISO string
	Who, Via      string
	Coop          string
	Action        string
	Target        string
	Detail        string
}

// auditPage shows the audit log, newest first, a page at a time (GET
// /admin/audit?coop=handle&page=N): all of it to admins, the entries of
// their co-op accounts to organisers.
func (h *Handler) auditPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	coop := strings.TrimPrefix(q.Get("coop"), "@")
	page, _ := strconv.Atoi(q.Get("page"))
	log, err := h.App.AuditLog(ctx, coop, page)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	coops, err := h.App.MyCoops(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	v := auditView{layout: h.page(r, "Audit log", "audit"), Caption: "Changes, newest first"}
	pageURL := func(coop string, page int) string {
		vals := url.Values{}
		if coop != "" {
			vals.Set("coop", coop)
		}
		if page > 1 {
			vals.Set("page", strconv.Itoa(page))
		}
		if len(vals) == 0 {
			return auditPath
		}
		return auditPath + "?" + vals.Encode()
	}
	v.Pager = newPager("Whose changes", log.Page, log.More, func(page int) string { return pageURL(coop, page) })
	if len(coops) > 1 {
		v.Pager.Filters = append(v.Pager.Filters, filterLink{Label: "Everything you may see", URL: pageURL("", 1), Current: coop == ""})
		for _, c := range coops {
			v.Pager.Filters = append(v.Pager.Filters, filterLink{Label: cmp.Or(c.Name, "@"+c.Handle), URL: pageURL(c.Handle, 1), Current: c.Handle == coop})
		}
	}
	if log.Page > 1 {
		v.Caption += ": page " + strconv.Itoa(log.Page)
	}
	for _, e := range log.Entries {
		row := auditRow{When: e.At.UTC().Format(dateTime), WhenISO: e.At.UTC().Format(time.RFC3339), Who: e.Username,
			Via: e.Via, Action: e.Action, Target: e.Target, Detail: e.Detail}
		if e.Token != "" {
			row.Via = "API token " + e.Token
		}
		if e.Coop != "" {
			row.Coop = "@" + e.Coop
		}
		v.Entries = append(v.Entries, row)
	}
	h.render(w, r, http.StatusOK, "audit", v)
}

// reportAccountView is the form to report a remote account.
type reportAccountView struct {
	layout
	Notice string
	Form   *form
	Coop   string
}

func reportAccountForm(coop, account, statuses, comment string, forward bool) *form {
	fwd := ""
	if forward {
		fwd = "on"
	}
	return &form{Action: reportAccountPath, Submit: "Send the report", Hidden: []hidden{{"coop", coop}}, Fields: []*field{
		{Name: "account", Label: "Account", Type: "text", Value: account, Autocomplete: "off", Verbatim: true,
			Hint: "Its handle, such as @someone@example.social, or the address of its profile."},
		{Name: "statuses", Label: "Posts (optional)", Type: "textarea", Rows: 3, Value: statuses, Verbatim: true,
			Hint: "The addresses of their posts the report is about, one a line."},
		{Name: "comment", Label: "What is wrong", Type: "textarea", Rows: 5, Value: comment,
			Hint: "Plain text, up to 1,000 characters. Their server’s moderators read it."},
		{Name: "forward", Label: "Send the report to their server too", Type: "checkbox", Value: fwd,
			Hint: "It goes from the co-op account, not from you. Without this, only this instance’s admins see it; they may send it later."},
	}}
}

var reportAccountNotices = []struct{ key, msg string }{
	{"kept", "Reported. This instance’s admins see the report."},
	{"forwarded", "Reported, and sent to the account’s server."},
}

// reportAccountPage offers the form (GET
// /admin/report-account?coop=handle&account=…&status=…), to those who act
// for the co-op account.
func (h *Handler) reportAccountPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	coop := strings.TrimPrefix(q.Get("coop"), "@")
	if err := h.App.MayReportFor(r.Context(), coop); err != nil {
		h.fail(w, r, err)
		return
	}
	v := reportAccountView{layout: h.page(r, "Report an account", "followers"), Coop: coop,
		Form: reportAccountForm(coop, q.Get("account"), strings.Join(q["status"], "\n"), "", false)}
	for _, n := range reportAccountNotices {
		if q.Has(n.key) {
			v.Notice = n.msg
		}
	}
	h.render(w, r, http.StatusOK, "report-account", v)
}

// reportAccount sends the form (POST /admin/report-account).
func (h *Handler) reportAccount(w http.ResponseWriter, r *http.Request) {
	if !h.parseForm(w, r) {
		return
	}
	f := r.PostForm
	coop := strings.TrimPrefix(f.Get("coop"), "@")
	in := app.ReportInput{Coop: coop, Account: f.Get("account"), Statuses: strings.Split(f.Get("statuses"), "\n"),
		Comment: f.Get("comment"), Forward: f.Get("forward") == "on"}
	rep, err := h.App.ReportAccount(r.Context(), in)
	var invalid *app.ValidationError
	if errors.As(err, &invalid) {
		form := reportAccountForm(coop, in.Account, f.Get("statuses"), in.Comment, in.Forward)
		if form.place(err) {
			v := reportAccountView{layout: h.page(r, "Report an account", "followers"), Coop: coop, Form: form}
			v.Invalid = true
			h.render(w, r, http.StatusBadRequest, "report-account", v)
			return
		}
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	done := "kept"
	if rep.ForwardedAt != nil {
		done = "forwarded"
	}
	http.Redirect(w, r, reportAccountPath+"?"+url.Values{"coop": {coop}, done: {""}}.Encode(), http.StatusSeeOther)
}

// reportAccountURL is the form to report account for coop, about posts.
func reportAccountURL(coop, account string, posts ...string) string {
	return reportAccountPath + "?" + url.Values{"coop": {coop}, "account": {account}, "status": posts}.Encode()
}

// hideComment hides, or shows again, a comment on the gathering (POST
// /admin/gatherings/{id}/comments/{comment}/hide and …/unhide).
func (h *Handler) hideComment(hide bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, ok := h.pathID(w, r)
		if !ok {
			return
		}
		comment, err := strconv.ParseInt(chi.URLParam(r, "comment"), 10, 64)
		if err != nil || comment < 1 {
			h.fail(w, r, errNotFound)
			return
		}
		if !h.parseForm(w, r) {
			return
		}
		if err := h.App.HideComment(r.Context(), id, comment, hide); err != nil {
			h.fail(w, r, err)
			return
		}
		done := "comment-hidden"
		if !hide {
			done = "comment-shown"
		}
		http.Redirect(w, r, signupsPath(id)+"?"+done+"#comment-"+strconv.FormatInt(comment, 10), http.StatusSeeOther)
	}
}
