package admin_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/server/servertest"
	"github.com/gather-coop/gather/internal/store"
)

// TestReportAccountSendsFlag: an organiser reports a Mastodon account,
// with one of its posts, for @events and sends it on; the Mastodon server
// receives a Flag signed by @events (verified as Mastodon verifies it),
// naming the account then the post, with the comment as content. The
// report waits for the admins, who resolve it; a report kept at home is
// forwarded when an admin resolves it.
func TestReportAccountSendsFlag(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			b := setup(t, db)
			b.user(t, "ada", model.RoleAdmin)
			b.organiserOf(t, "grace", "events")
			remote := fedtest.NewServer(t, fedtest.Mastodon)
			spammer := remote.AddActor("spammer")
			post := spammer.ID + "/statuses/1"

			grace := b.browser(t)
			grace.signIn("grace")
			form := grace.get("/admin/report-account?" + url.Values{"coop": {"events"}, "account": {spammer.ID}}.Encode())
			require.Equal(t, http.StatusOK, form.Status)
			require.Contains(t, form.Body, spammer.ID, "the account is filled in")

			bad := grace.post("/admin/report-account", url.Values{"coop": {"events"}, "account": {spammer.ID},
				"statuses": {"https://elsewhere.example/statuses/1"}, "comment": {"x"}})
			require.Equal(t, http.StatusBadRequest, bad.Status)
			require.Contains(t, bad.Body, "is not a post on", "a post must be on the account’s server")

			res := grace.post("/admin/report-account", url.Values{"coop": {"events"}, "account": {spammer.ID},
				"statuses": {post}, "comment": {"Spam in replies to our gathering"}, "forward": {"on"}})
			require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
			require.Contains(t, text(grace.get(res.location()).Doc), "sent to the account’s server")

			d := remote.WaitForDelivery(t, fedtest.OfType("Flag"), federationWait)
			require.True(t, d.Verified, "signed: %v", d.VerifyErr)
			require.Equal(t, b.base+"/actors/events", d.Activity.Actor, "from the co-op account")
			require.Equal(t, pathOf(spammer.SharedInbox), d.Path, "to the server’s shared inbox")
			var list []model.Report
			var flag struct {
				Object  []string `json:"object"`
				Content string   `json:"content"`
				ID      string   `json:"id"`
			}
			require.NoError(t, json.Unmarshal(d.Body, &flag))
			require.Equal(t, []string{spammer.ID, post}, flag.Object, "the account, then its post")
			require.Equal(t, "Spam in replies to our gathering", flag.Content)
			_, err := b.inst.App.ActivityDocument(context.Background(), flag.ID)
			require.ErrorIs(t, err, store.ErrNotFound, "the report is for their moderators, not for anyone who asks")

			// The admins see it, open, and resolve it.
			ada := b.browser(t)
			ada.signIn("ada")
			page := ada.get("/admin/reports")
			rows := tableRows(page.Doc, "Reports")
			require.Len(t, rows, 1)
			require.Contains(t, rows[0], "grace for @events")
			require.Contains(t, rows[0], "Sent to their server")
			list, err = b.inst.Store.ReportList(context.Background(), 10)
			require.NoError(t, err)
			resolveURL := "/admin/reports/" + strconv.FormatInt(list[0].ID, 10) + "/resolve"
			require.Equal(t, http.StatusForbidden, grace.post(resolveURL, url.Values{}).Status, "organisers do not resolve")
			res = ada.post(resolveURL, url.Values{})
			require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
			require.Empty(t, tableRows(ada.get("/admin/reports").Doc, "Reports"), "open ones only, by default")
			rows = tableRows(ada.get("/admin/reports?state=resolved").Doc, "Reports")
			require.Len(t, rows, 1)
			require.Contains(t, rows[0], "Resolved by ada")
			require.Equal(t, http.StatusBadRequest, ada.post(resolveURL, url.Values{}).Status, "resolved once")

			// Kept at home first, forwarded on resolving.
			res = grace.post("/admin/report-account", url.Values{"coop": {"events"}, "account": {spammer.ID}, "comment": {"Again"}})
			require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
			require.Len(t, remote.Deliveries(), 1, "not sent")
			list, err = b.inst.Store.ReportList(context.Background(), 10)
			require.NoError(t, err)
			res = ada.post("/admin/reports/"+strconv.FormatInt(list[0].ID, 10)+"/resolve", url.Values{"forward": {"on"}})
			require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
			require.Eventually(t, func() bool { return len(remote.Deliveries()) == 2 }, federationWait, 10*time.Millisecond)
			second := remote.Deliveries()[1]
			require.True(t, second.Verified)
			require.Equal(t, "Flag", second.Activity.Type)

			// Each step is in the log, with who did it.
			log, err := b.inst.App.AuditLog(context.Background(), "", 1)
			require.NoError(t, err)
			var actions []string
			for _, e := range log.Entries {
				actions = append(actions, e.Username+" "+e.Action)
			}
			require.Equal(t, []string{"ada " + app.AuditFlagSend, "ada " + app.AuditReportResolve, "grace " + app.AuditReportCreate,
				"ada " + app.AuditReportResolve, "grace " + app.AuditFlagSend, "grace " + app.AuditReportCreate}, actions)
			audit := grace.get("/admin/audit")
			require.Equal(t, http.StatusOK, audit.Status)
			require.Contains(t, audit.Body, app.AuditFlagSend)
		})
	}
}

func pathOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return u.Path
}

// TestHideComment: an organiser hides a reply on their gathering's
// sign-ups page and shows it again; the page says the answer stands.
func TestHideComment(t *testing.T) {
	t.Parallel()
	b := setup(t, "sqlite")
	v := b.victim(t)
	b.organiserOf(t, "vera", "events")
	vera := b.browser(t)
	vera.signIn("vera")
	signups := "/admin/gatherings/" + strconv.FormatInt(v.gathering, 10) + "/signups"
	page := vera.get(signups)
	require.Contains(t, page.Body, "Is there parking?")
	require.Contains(t, page.Body, "does not change any answer")
	hide := "/admin/gatherings/" + strconv.FormatInt(v.gathering, 10) + "/comments/"
	res := vera.post(hide+"999999/hide", url.Values{})
	require.Equal(t, http.StatusNotFound, res.Status)
	comments, err := b.inst.App.ListComments(context.Background(), v.gathering)
	require.NoError(t, err)
	id := strconv.FormatInt(comments[0].ID, 10)
	res = vera.post(hide+id+"/hide", url.Values{})
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	page = vera.get(res.location())
	require.Contains(t, text(page.Doc), "The comment is hidden. Any answer its author gave stands")
	require.Contains(t, text(byID(page.Doc, "comment-"+id)), "Hidden by vera")
	require.Contains(t, text(byID(page.Doc, "comment-"+id)), "Show again")
	res = vera.post(hide+id+"/unhide", url.Values{})
	require.Equal(t, http.StatusSeeOther, res.Status)
	require.NotContains(t, text(byID(vera.get(signups).Doc, "comment-"+id)), "Hidden by")

	// Switching day-of sign-up is an edit of the gathering, named as such.
	d, err := b.inst.App.GatheringDetail(context.Background(), v.gathering)
	require.NoError(t, err)
	res = vera.post(signups+"/day-of", url.Values{"version": {strconv.Itoa(d.Gathering.Version)}, "day_of_signup": {"on"}})
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	log := text(vera.get("/admin/audit").Doc)
	require.Contains(t, log, "gathering.edit")
	require.Contains(t, log, "day-of sign-up")
	require.Contains(t, log, "comment.unhide")
}

// TestAbuseAPI: the same through the JSON API: an organiser's token
// reports an account and hides a comment, an admin's lists, resolves and
// reads the log; mistakes answer 400 with the field.
func TestAbuseAPI(t *testing.T) {
	t.Parallel()
	b := setup(t, "sqlite")
	v := b.victim(t)
	b.user(t, "ada", model.RoleAdmin)
	b.organiserOf(t, "vera", "events")
	ctx := context.Background()
	veraToken, err := b.inst.App.CreateToken(ctx, "vera")
	require.NoError(t, err)
	adaToken, err := b.inst.App.CreateToken(ctx, "ada")
	require.NoError(t, err)
	remote := fedtest.NewServer(t, fedtest.Mastodon)
	spammer := remote.AddActor("spammer")

	status, body := b.api(t, http.MethodPost, "/api/v1/reports?actor=events", veraToken, `{"account": "`+spammer.ID+`", "comment": "Spam", "forward": true}`)
	require.Equal(t, http.StatusCreated, status, body)
	var rep struct {
		ID          int64   `json:"id"`
		Reporter    string  `json:"reporter"`
		Target      string  `json:"target"`
		ForwardedAt *string `json:"forwarded_at"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &rep))
	require.Equal(t, "vera", rep.Reporter)
	require.Equal(t, spammer.ID, rep.Target)
	require.NotNil(t, rep.ForwardedAt)
	remote.WaitForDelivery(t, fedtest.OfType("Flag"), federationWait)
	status, body = b.api(t, http.MethodPost, "/api/v1/reports?actor=events", veraToken, `{"account": "`+spammer.ID+`", "comment": "`+longText(1001)+`"}`)
	require.Equal(t, http.StatusBadRequest, status)
	require.Contains(t, body, `"field":"comment"`)

	status, body = b.api(t, http.MethodGet, "/api/v1/reports", veraToken, "")
	require.Equal(t, http.StatusForbidden, status, "reports are the admins'")
	status, body = b.api(t, http.MethodGet, "/api/v1/reports?state=all", adaToken, "")
	require.Equal(t, http.StatusOK, status, body)
	require.Contains(t, body, `"reporter":"vera"`)
	status, body = b.api(t, http.MethodGet, "/api/v1/reports?state=later", adaToken, "")
	require.Equal(t, http.StatusBadRequest, status)
	require.Contains(t, body, `"field":"state"`)
	status, body = b.api(t, http.MethodPost, "/api/v1/reports/"+strconv.FormatInt(rep.ID, 10)+"/resolve", adaToken, `{}`)
	require.Equal(t, http.StatusOK, status, body)
	require.Contains(t, body, `"resolved_by":"ada"`)

	status, body = b.api(t, http.MethodPost, "/api/v1/gatherings/"+strconv.FormatInt(v.gathering, 10)+"/comments/"+strconv.FormatInt(v.comment, 10)+"/hide", veraToken, "")
	require.Equal(t, http.StatusNoContent, status, body)
	status, body = b.api(t, http.MethodGet, "/api/v1/gatherings/"+strconv.FormatInt(v.gathering, 10)+"/comments", veraToken, "")
	require.Equal(t, http.StatusOK, status)
	require.Contains(t, body, `"hidden":{"by":"vera"`)

	status, body = b.api(t, http.MethodGet, "/api/v1/audit?actor=events", veraToken, "")
	require.Equal(t, http.StatusOK, status, body)
	for _, action := range []string{app.AuditReportCreate, app.AuditFlagSend, app.AuditReportResolve, app.AuditCommentHide} {
		require.Contains(t, body, `"action":"`+action+`"`)
	}
	require.Contains(t, body, `"via":"api"`)
	status, _ = b.api(t, http.MethodGet, "/api/v1/audit?page=0", veraToken, "")
	require.Equal(t, http.StatusBadRequest, status)
}

func longText(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = 'a'
	}
	return string(b)
}

// TestReportsAndAuditPaging: both lists come a page at a time, with a
// link to the next; organisers' log leaves out other co-op accounts.
func TestReportsAndAuditPaging(t *testing.T) {
	t.Parallel()
	b := setup(t, "sqlite")
	ctx := t.Context()
	b.user(t, "ada", model.RoleAdmin)
	b.organiserOf(t, "vera", "events")
	_, err := b.inst.App.CreateActor(ctx, "rival", "Rival co-op")
	require.NoError(t, err)
	b.organiserOf(t, "mallory", "rival")
	events, err := b.inst.Store.ActorGetByHandle(ctx, "events")
	require.NoError(t, err)
	now := time.Now().UTC()
	for i := range app.ReportsPerPage + 1 {
		_, err := b.inst.Store.ReportInsert(ctx, &model.Report{URI: "https://social.example/flag/" + strconv.Itoa(i), ReporterURI: "https://social.example/actor",
			ActorID: events.ID, ObjectURIs: []string{b.inst.App.URLs().Actor("events")}, Content: "Report " + strconv.Itoa(i), ReceivedAt: now.Add(time.Duration(i) * time.Second)})
		require.NoError(t, err)
	}
	for i := range app.AuditShown + 1 {
		require.NoError(t, b.inst.Store.AuditInsert(ctx, &model.AuditEntry{At: now, Username: "vera", Via: model.AuditViaWeb, ActorID: &events.ID, Coop: "events",
			Action: "gathering.edit", Target: "gathering " + strconv.Itoa(i)}))
	}

	ada := b.browser(t)
	ada.signIn("ada")
	page := ada.get("/admin/reports")
	require.Len(t, tableRows(page.Doc, "Reports"), app.ReportsPerPage)
	require.Contains(t, tableRows(page.Doc, "Reports")[0], "Report 50", "newest first")
	older := findLink(page, "/admin/reports?page=2&state=open")
	require.NotNil(t, older, "a link to the older ones")
	page = ada.get("/admin/reports?page=2&state=open")
	require.Len(t, tableRows(page.Doc, "Reports"), 1)
	require.Contains(t, tableRows(page.Doc, "Reports")[0], "Report 0")

	vera := b.browser(t)
	vera.signIn("vera")
	page = vera.get("/admin/audit")
	require.Equal(t, http.StatusOK, page.Status)
	require.Len(t, tableRows(page.Doc, "Changes"), app.AuditShown)
	require.NotNil(t, findLink(page, "/admin/audit?page=2"))
	require.Len(t, tableRows(vera.get("/admin/audit?page=2").Doc, "Changes"), 1)
	mallory := b.browser(t)
	mallory.signIn("mallory")
	require.Empty(t, tableRows(mallory.get("/admin/audit").Doc, "Changes"), "nothing of @events")
	require.Equal(t, http.StatusForbidden, mallory.get("/admin/audit?coop=events").Status)
}
