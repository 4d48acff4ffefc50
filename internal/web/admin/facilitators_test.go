package admin_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/server/servertest"
)

// TestUnconfirmedFacilitatorIsSavedAndSaidNextToTheField: adding a
// session whose facilitator's server is down saves it and opens its page,
// where the message next to the facilitators field names the handle; once
// the server is back the message goes and the facilitator shows as found.
// A server saying there is no such account is an error on the field.
func TestUnconfirmedFacilitatorIsSavedAndSaidNextToTheField(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			b := setup(t, db)
			b.user(t, "grace", model.RoleOrganiser)
			in := &app.GatheringInput{}
			exampleInput(in)
			ref, err := b.inst.App.CreateGathering(t.Context(), "events", in, true)
			require.NoError(t, err)
			editor := "/admin/gatherings/" + strconv.FormatInt(ref.ID, 10)
			add := editor + "/sessions"
			remote := fedtest.NewServer(t, fedtest.Mastodon)
			sam := remote.AddActor("sam")
			remote.SetDown(http.StatusServiceUnavailable)
			br := b.browser(t)
			br.signIn("grace")

			form := formValues(t, br.get(editor).Doc, add)
			form.Set("session.title", "Pricing")
			form.Set("session.facilitators", "Ada\n"+sam.Handle)
			res := br.post(add, form)
			require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
			page, _, _ := strings.Cut(res.location(), "?")
			require.True(t, strings.HasPrefix(page, "/admin/sessions/"), res.location())
			require.True(t, strings.HasSuffix(res.location(), "?session-added#session.facilitators"), res.location())

			res = br.get(res.location())
			require.Equal(t, http.StatusOK, res.Status)
			require.Contains(t, text(byID(res.Doc, "main")), "The session is added.")
			field := byID(res.Doc, "session.facilitators")
			require.Contains(t, attr(field, "aria-describedby"), "session.facilitators-notice")
			notice := text(byID(res.Doc, "session.facilitators-notice"))
			require.Contains(t, notice, sam.Handle+" is not confirmed yet")
			require.Contains(t, notice, "Gather keeps looking")

			remote.SetDown(0)
			eventually(t, "Sam is found", func() bool {
				return byID(br.get(page).Doc, "session.facilitators-notice") == nil
			})
			res = br.get(page)
			require.Contains(t, text(byID(res.Doc, "facilitators-title").Parent), sam.Handle, "shown as found, with the handle beside the name")

			// No such account: the form comes back with the error on the field.
			form.Set("session.title", "Pricing again")
			form.Set("session.starts_at", "2027-03-27T14:00")
			form.Set("session.ends_at", "2027-03-27T15:00")
			form.Set("session.facilitators", "@nobody@"+remote.Host())
			res = br.post(add, form)
			require.Equal(t, http.StatusBadRequest, res.Status)
			requireFieldError(t, res.Doc, "session.facilitators", "there is no such account")
		})
	}
}
