package admin_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/config"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/server/servertest"
)

// TestDoctorPage runs the doctor from the admin, on a healthy instance:
// one row a check, the plain-http base URL a warning with its fix (this
// instance is on loopback), the signed request verified, nothing failing.
// Then a clock peer that never answers: the page still answers, its row a
// warning, not a page that hangs.
func TestDoctorPage(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			var hang atomic.Bool
			peer := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if hang.Load() {
					<-r.Context().Done()
					return
				}
				w.Header().Set("Date", time.Now().UTC().Format(http.TimeFormat))
			}))
			t.Cleanup(peer.Close)
			inst := servertest.Start(t, db, func(c *config.Config) { c.ClockPeer = peer.URL })
			b := &testBundle{inst: inst, base: inst.Base}
			b.user(t, "ada", model.RoleAdmin)
			admin := b.browser(t)
			admin.signIn("ada")

			settings := admin.get("/admin/settings")
			require.Equal(t, http.StatusOK, settings.Status)
			require.NotNil(t, findLink(settings, "/admin/doctor"), "the settings page links to the doctor")

			res := admin.get("/admin/doctor")
			require.Equal(t, http.StatusOK, res.Status, res.Body)
			rows := doctorRows(t, res)
			require.Len(t, rows, 10, "one row a check")
			require.Contains(t, rows["base URL"], "Warning")
			require.Contains(t, rows["base URL"], "plain http")
			require.Contains(t, rows["base URL"], "--domain", "a warning says what to do")
			for _, check := range []string{"webfinger", "actor", "inbox", "signature", "clock", "data dir", "schema", "queue"} {
				require.True(t, strings.HasPrefix(rows[check], check+" Passed"), "%s: %s", check, rows[check])
			}
			require.Contains(t, rows["signature"], "verified")
			require.NotContains(t, res.Body, "Failed")
			require.Contains(t, text(findAll(res.Doc, "main")[0]), "Nothing fails, with 1 warning")
			require.Equal(t, "page", attr(findLink(res, "/admin/settings"), "aria-current"), "the doctor is part of the settings")

			hang.Store(true)
			res = admin.get("/admin/doctor")
			require.Equal(t, http.StatusOK, res.Status, res.Body)
			rows = doctorRows(t, res)
			require.Contains(t, rows["clock"], "Warning")
			require.Contains(t, rows["clock"], "cannot ask "+peer.URL+" the time")
			require.Contains(t, rows["signature"], "Passed", "the other checks do not wait for it")
		})
	}
}

// doctorRows are the doctor page's rows by check, each row's text.
func doctorRows(t *testing.T, res response) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, row := range tableRows(res.Doc, "The doctor's checks") {
		check, _, _ := strings.Cut(row, " Passed")
		for _, status := range []string{" Warning", " Failed", " Skipped"} {
			check, _, _ = strings.Cut(check, status)
		}
		out[check] = row
	}
	return out
}

func TestOrganisersCannotOpenTheDoctor(t *testing.T) {
	t.Parallel()
	b := setup(t, "sqlite")
	b.user(t, "grace", model.RoleOrganiser)
	organiser := b.browser(t)
	organiser.signIn("grace")
	res := organiser.get("/admin/doctor")
	require.Equal(t, http.StatusForbidden, res.Status)
	require.Contains(t, text(findAll(res.Doc, "h1")[0]), "Only admins can open this page")
	require.Nil(t, findLink(organiser.get("/admin"), "/admin/doctor"))
}
