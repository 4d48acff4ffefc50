package admin_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/server/servertest"
)

// TestReports: a Mastodon moderator's signed Flag of @events and one of
// its gatherings shows on the admins' Reports page, with its comment as
// text; a Flag that names nothing of ours is accepted (202, as every
// inbox POST) and dropped; organisers are refused the page.
func TestReports(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			b := setup(t, db)
			b.user(t, "ada", model.RoleAdmin)
			b.organiserOf(t, "grace", "events")
			remote := fedtest.NewServer(t, fedtest.Mastodon)
			mod := remote.AddActor("mod")
			coop, inbox := b.base+"/actors/events", b.base+"/inbox"
			gathering := b.base + "/gatherings/1"

			elsewhere, err := mod.Post(ctx, inbox, mod.Flag("not yours", "https://other.example/users/spammer"))
			require.NoError(t, err)
			require.Equal(t, http.StatusAccepted, elsewhere.Status)
			flag := mod.Flag("Spam <script>alert(1)</script> in the replies", coop, gathering, "https://other.example/users/x")
			res, err := mod.Post(ctx, inbox, flag)
			require.NoError(t, err)
			require.Equal(t, http.StatusAccepted, res.Status)
			again, err := mod.Post(ctx, inbox, flag)
			require.NoError(t, err)
			require.Equal(t, http.StatusAccepted, again.Status, "a Flag sent twice is accepted")
			require.Eventually(t, func() bool {
				list, err := b.inst.Store.ReportList(ctx, 10)
				require.NoError(t, err)
				return len(list) > 0
			}, federationWait, 10*time.Millisecond)
			b.settle(t, 0)

			ada := b.browser(t)
			ada.signIn("ada")
			page := ada.get("/admin")
			require.NotNil(t, findLink(page, "/admin/reports"), "the admin navigation links to Reports")
			page = ada.get("/admin/reports")
			require.Equal(t, http.StatusOK, page.Status)
			require.Equal(t, "page", attr(findLink(page, "/admin/reports"), "aria-current"))
			rows := tableRows(page.Doc, "Reports")
			require.Len(t, rows, 1, "the Flag naming nothing of ours and the repeat stored nothing")
			require.Contains(t, rows[0], "@events")
			require.Contains(t, rows[0], mod.ID, "who sent it")
			require.Contains(t, rows[0], gathering, "which of our objects")
			require.NotContains(t, rows[0], "other.example", "only our ids are kept")
			require.Contains(t, rows[0], "Spam <script>alert(1)</script> in the replies", "the comment, as text")
			require.NotContains(t, page.Body, "<script>alert", "the comment is escaped")
			require.Contains(t, rows[0], time.Now().UTC().Format("2 Jan 2006"), "when")

			grace := b.browser(t)
			grace.signIn("grace")
			require.Nil(t, findLink(grace.get("/admin"), "/admin/reports"), "organisers get no link")
			require.Equal(t, http.StatusForbidden, grace.get("/admin/reports").Status)
			require.False(t, strings.Contains(grace.get("/admin/reports").Body, "Spam"))
		})
	}
}
