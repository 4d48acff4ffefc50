package moderation

import (
	"cmp"
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/web/admin/ui"
)

// The blocks page: the servers (domains) and accounts that are blocked,
// forms to block more, and buttons to lift a block. Blocking asks first,
// on a page that says what happens; the forms that lead there are GET
// forms, so that a mistyped name comes back next to its field and the
// confirmation can be reloaded. Lifting a block changes nothing elsewhere
// and does not ask.

const (
	moderationPath     = ui.Prefix + "/moderation"
	blockDomainPath    = moderationPath + "/block-domain"
	unblockDomainPath  = moderationPath + "/unblock-domain"
	blockAccountPath   = moderationPath + "/block-account"
	unblockAccountPath = moderationPath + "/unblock-account"
)

// moderationView is the blocks page.
type moderationView struct {
	ui.Layout
	Notice      string
	DomainForm  *ui.Form
	AccountForm *ui.Form
	Domains     []domainRow
	Accounts    []followerRow
}

type domainRow struct {
	Domain   string
	Since    string
	SinceISO string
}

// moderationConfirmView asks before a block or a removal, saying what
// other servers receive, and sends Hidden with the POST.
type moderationConfirmView struct {
	ui.Layout
	Lead      string
	Federates string // what other servers receive; "" when nothing
	Action    string
	Hidden    []ui.Hidden
	Submit    string
	Danger    bool
	BackURL   string
	Instead   *link // a gentler or firmer way to the same end
}

// link is a link with its text.
type link struct{ URL, Label string }

var moderationNotices = []struct{ key, msg string }{
	{"domain-blocked", "The server is blocked."},
	{"domain-unblocked", "The server is no longer blocked."},
	{"account-blocked", "The account is blocked."},
	{"account-unblocked", "The account is no longer blocked."},
}

func blockAccountURL(uri string) string {
	return blockAccountPath + "?" + url.Values{"account": {uri}}.Encode()
}

func domainForm(domain string) *ui.Form {
	return &ui.Form{Action: blockDomainPath, Submit: "Block the server…", Fields: []*ui.Field{{
		Name: "domain", Label: "Server’s domain", Type: "text", Value: domain, Autocomplete: "off", Verbatim: true,
		Hint: "Such as spam.example: its subdomains are blocked too."}}}
}

func accountForm(account string) *ui.Form {
	return &ui.Form{Action: blockAccountPath, Submit: "Block the account…", Fields: []*ui.Field{{
		Name: "account", Label: "Account", Type: "text", Value: account, Autocomplete: "off", Verbatim: true,
		Hint: "Its handle, such as @someone@example.social, or the address of its profile."}}}
}

// ModerationPage lists what is blocked (GET /admin/moderation).
func (h *Handler) ModerationPage(w http.ResponseWriter, r *http.Request) {
	h.renderModeration(w, r, http.StatusOK, domainForm(""), accountForm(""))
}

// renderModeration shows the blocks page with the two forms as given.
func (h *Handler) renderModeration(w http.ResponseWriter, r *http.Request, status int, df, af *ui.Form) {
	ctx := r.Context()
	domains, err := h.App.DomainBlocks(ctx)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	accounts, err := h.App.BlockedAccounts(ctx)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	v := moderationView{Layout: h.Page(r, "Blocked servers and accounts", "followers"), DomainForm: df, AccountForm: af}
	v.Invalid = df.Invalid() || af.Invalid()
	for _, n := range moderationNotices {
		if r.URL.Query().Has(n.key) && !v.Invalid {
			v.Notice = n.msg
		}
	}
	for _, d := range domains {
		v.Domains = append(v.Domains, domainRow{Domain: d.Domain, Since: d.CreatedAt.UTC().Format("2 Jan 2006"),
			SinceISO: d.CreatedAt.UTC().Format(time.RFC3339)})
	}
	for _, a := range accounts {
		v.Accounts = append(v.Accounts, newFollowerRow(a))
	}
	h.Render(w, r, status, "moderation", v)
}

// ConfirmBlockDomain asks before blocking a domain (GET
// /admin/moderation/block-domain?domain=…), or shows the blocks page
// again with what is wrong with the name.
func (h *Handler) ConfirmBlockDomain(w http.ResponseWriter, r *http.Request) {
	typed := r.URL.Query().Get("domain")
	d, err := app.CheckDomain(typed)
	if err != nil {
		h.badModeration(w, r, err, domainForm(typed), accountForm(""))
		return
	}
	v := moderationConfirmView{Layout: h.Page(r, "Block "+d+"?", "followers"),
		Lead: "Accounts on " + d + " and its subdomains can no longer follow the co-op accounts here, answer their gatherings, " +
			"or fetch anything that needs a signature. Those that follow now stop following, and do not come back if you unblock it.",
		Action: blockDomainPath, Hidden: []ui.Hidden{{Name: "domain", Value: d}}, Submit: "Block " + d, Danger: true, BackURL: moderationPath}
	h.Render(w, r, http.StatusOK, "moderation-confirm", v)
}

// BlockDomain blocks a domain (POST /admin/moderation/block-domain).
func (h *Handler) BlockDomain(w http.ResponseWriter, r *http.Request) {
	if !h.ParseForm(w, r) {
		return
	}
	typed := r.PostForm.Get("domain")
	if err := h.App.BlockDomain(r.Context(), typed); err != nil {
		h.badModeration(w, r, err, domainForm(typed), accountForm(""))
		return
	}
	http.Redirect(w, r, moderationPath+"?domain-blocked#blocked-domains", http.StatusSeeOther)
}

// UnblockDomain lifts a domain's block (POST /admin/moderation/unblock-domain).
func (h *Handler) UnblockDomain(w http.ResponseWriter, r *http.Request) {
	if !h.ParseForm(w, r) {
		return
	}
	if err := h.App.UnblockDomain(r.Context(), r.PostForm.Get("domain")); err != nil {
		h.badModeration(w, r, err, domainForm(""), accountForm(""))
		return
	}
	http.Redirect(w, r, moderationPath+"?domain-unblocked#blocked-domains", http.StatusSeeOther)
}

// ConfirmBlockAccount finds the account named and asks before blocking
// it (GET /admin/moderation/block-account?account=…), or shows the
// blocks page again with why it could not be found.
func (h *Handler) ConfirmBlockAccount(w http.ResponseWriter, r *http.Request) {
	typed := r.URL.Query().Get("account")
	acc, err := h.App.FindAccount(r.Context(), typed)
	if err != nil {
		h.badModeration(w, r, err, domainForm(""), accountForm(typed))
		return
	}
	who := cmp.Or(acc.Name, acc.Handle())
	v := moderationConfirmView{Layout: h.Page(r, "Block "+who+"?", "followers"),
		Lead: acc.Handle() + " can no longer answer the gatherings here, follow the co-op accounts, or ask to.",
		Federates: "If they follow a co-op account here, or asked to, their server receives a Reject of the follow, and they stop following. " +
			"They are not told that they are blocked.",
		Action: blockAccountPath, Hidden: []ui.Hidden{{Name: "account", Value: acc.URI}}, Submit: "Block the account", Danger: true, BackURL: moderationPath}
	h.Render(w, r, http.StatusOK, "moderation-confirm", v)
}

// BlockAccount blocks an account (POST /admin/moderation/block-account).
func (h *Handler) BlockAccount(w http.ResponseWriter, r *http.Request) {
	if !h.ParseForm(w, r) {
		return
	}
	typed := r.PostForm.Get("account")
	if _, err := h.App.BlockAccount(r.Context(), typed); err != nil {
		h.badModeration(w, r, err, domainForm(""), accountForm(typed))
		return
	}
	http.Redirect(w, r, moderationPath+"?account-blocked#blocked-accounts", http.StatusSeeOther)
}

// UnblockAccount lifts an account's block (POST
// /admin/moderation/unblock-account).
func (h *Handler) UnblockAccount(w http.ResponseWriter, r *http.Request) {
	if !h.ParseForm(w, r) {
		return
	}
	if err := h.App.UnblockAccount(r.Context(), r.PostForm.Get("actor")); err != nil {
		h.Fail(w, r, err)
		return
	}
	http.Redirect(w, r, moderationPath+"?account-unblocked#blocked-accounts", http.StatusSeeOther)
}

// badModeration shows the blocks page with err next to its field, or
// fails when err is not a person's mistake.
func (h *Handler) badModeration(w http.ResponseWriter, r *http.Request, err error, df, af *ui.Form) {
	var v *app.ValidationError
	if !errors.As(err, &v) {
		h.Fail(w, r, err)
		return
	}
	f := df
	if af.Field(v.Field) != nil {
		f = af
	}
	f.Place(err)
	h.renderModeration(w, r, http.StatusBadRequest, df, af)
}
