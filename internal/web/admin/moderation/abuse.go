package moderation

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
	"github.com/gather-coop/gather/internal/web/admin/ui"
)

// The audit log, reporting an account to its server, and hiding comments:
// what organisers do about abuse.

const auditPath = ui.Prefix + "/audit"

// auditView is a page of the audit log.
type auditView struct {
	ui.Layout
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

// AuditPage shows the audit log, newest first, a page at a time (GET
// /admin/audit?coop=handle&page=N): all of it to admins, the entries of
// their co-op accounts to organisers.
func (h *Handler) AuditPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	coop := strings.TrimPrefix(q.Get("coop"), "@")
	page, _ := strconv.Atoi(q.Get("page"))
	log, err := h.App.AuditLog(ctx, coop, page)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	coops, err := h.App.MyCoops(ctx)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := auditView{Layout: h.Page(r, "Audit log", "audit"), Caption: "Changes, newest first"}
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
	h.Render(w, r, http.StatusOK, "audit", v)
}

// reportAccountView is the form to report a remote account.
type reportAccountView struct {
	ui.Layout
	Notice string
	Form   *ui.Form
	Coop   string
}

func reportAccountForm(coop, account, statuses, comment string, forward bool) *ui.Form {
	fwd := ""
	if forward {
		fwd = "on"
	}
	return &ui.Form{Action: ui.ReportAccountPath, Submit: "Send the report", Hidden: []ui.Hidden{{Name: "coop", Value: coop}}, Fields: []*ui.Field{
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

// ReportAccountPage offers the form (GET
// /admin/report-account?coop=handle&account=…&status=…), to those who act
// for the co-op account.
func (h *Handler) ReportAccountPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	coop := strings.TrimPrefix(q.Get("coop"), "@")
	if err := h.App.MayReportFor(r.Context(), coop); err != nil {
		h.Fail(w, r, err)
		return
	}
	v := reportAccountView{Layout: h.Page(r, "Report an account", "followers"), Coop: coop,
		Form: reportAccountForm(coop, q.Get("account"), strings.Join(q["status"], "\n"), "", false)}
	for _, n := range reportAccountNotices {
		if q.Has(n.key) {
			v.Notice = n.msg
		}
	}
	h.Render(w, r, http.StatusOK, "report-account", v)
}

// ReportAccount sends the form (POST /admin/report-account).
func (h *Handler) ReportAccount(w http.ResponseWriter, r *http.Request) {
	if !h.ParseForm(w, r) {
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
		if form.Place(err) {
			v := reportAccountView{Layout: h.Page(r, "Report an account", "followers"), Coop: coop, Form: form}
			v.Invalid = true
			h.Render(w, r, http.StatusBadRequest, "report-account", v)
			return
		}
	}
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	done := "kept"
	if rep.ForwardedAt != nil {
		done = "forwarded"
	}
	http.Redirect(w, r, ui.ReportAccountPath+"?"+url.Values{"coop": {coop}, done: {""}}.Encode(), http.StatusSeeOther)
}

// HideComment hides, or shows again, a comment on the gathering (POST
// /admin/gatherings/{id}/comments/{comment}/hide and …/unhide).
func (h *Handler) HideComment(hide bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, ok := h.PathID(w, r)
		if !ok {
			return
		}
		comment, err := strconv.ParseInt(chi.URLParam(r, "comment"), 10, 64)
		if err != nil || comment < 1 {
			h.Fail(w, r, ui.ErrNotFound)
			return
		}
		if !h.ParseForm(w, r) {
			return
		}
		if err := h.App.HideComment(r.Context(), id, comment, hide); err != nil {
			h.Fail(w, r, err)
			return
		}
		done := "comment-hidden"
		if !hide {
			done = "comment-shown"
		}
		http.Redirect(w, r, ui.SignupsPath(id)+"?"+done+"#comment-"+strconv.FormatInt(comment, 10), http.StatusSeeOther)
	}
}
