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
}
