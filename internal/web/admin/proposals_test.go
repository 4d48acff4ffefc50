package admin_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
)

// TestProposalsPage: the page lists what was proposed; a slot already
// taken, or a topic placed once already, is refused on the page with
// the reason; a declined topic moves to Declined, recorded in the audit
// log; another site cannot place topics for the organiser.
func TestProposalsPage(t *testing.T) {
	t.Parallel()
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			b := setup(t, db)
			b.user(t, "grace", model.RoleOrganiser)
			gid, _, _ := moveFixture(t, b) // the clinic is in the Small room at 10:30
			now := time.Now().UTC().Truncate(time.Second)
			propose := func(title, guest string) model.Proposal {
				p, _, err := b.inst.Store.ProposalSave(t.Context(), &model.Proposal{GatheringID: gid, Kind: model.ProposalOpenSpace, Title: title,
					GuestName: guest, GuestKey: guest, CreatedAt: now, UpdatedAt: now})
				require.NoError(t, err)
				return p
			}
			finance, tools := propose("Co-op finance", "Sam"), propose("Tool <libraries>", "Kim")
			br := b.browser(t)
			br.signIn("grace")
			page := "/admin/gatherings/" + strconv.FormatInt(gid, 10) + "/proposals"
			place := func(p model.Proposal) string { return page + "/" + strconv.FormatInt(p.ID, 10) + "/place" }

			res := br.get(page)
			require.Equal(t, http.StatusOK, res.Status)
			require.Contains(t, text(res.Doc), "Tool <libraries> proposed by Kim (at the venue)")
			require.Contains(t, res.Body, `<option value="2027-03-27T14:00|Small room">14:00 · Small room</option>`)
			require.NotContains(t, res.Body, `value="2027-03-27T10:30|Small room"`, "the clinic's slot is not free")

			res = br.post(place(finance), url.Values{"slot": {"2027-03-27T10:30|Small room"}, "length": {"30"}})
			require.Equal(t, http.StatusBadRequest, res.Status)
			require.Contains(t, text(res.Doc), "Small room already holds \"Estimating clinic\" then.")
			res = br.post(place(finance), url.Values{"slot": {"2027-03-27T14:00|Small room"}, "length": {"60"}})
			require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
			require.Equal(t, page+"?placed", res.location())
			res = br.post(place(finance), url.Values{"slot": {"2027-03-27T16:00|Small room"}, "length": {"60"}})
			require.Equal(t, http.StatusBadRequest, res.Status)
			require.Contains(t, text(res.Doc), "“Co-op finance” is placed already.")

			res = br.post(page+"/"+strconv.FormatInt(tools.ID, 10)+"/decline", nil)
			require.Equal(t, page+"?declined", res.location())
			require.Contains(t, text(br.get(page).Doc), "Declined")
			require.Equal(t, http.StatusForbidden, br.post(place(tools), url.Values{"slot": {"2027-03-27T16:00|Small room"}},
				"Sec-Fetch-Site", "cross-site").Status, "another site cannot place topics")

			log, err := b.inst.App.AuditLog(t.Context(), "", 1)
			require.NoError(t, err)
			var actions []string
			for _, e := range log.Entries {
				actions = append(actions, e.Action)
			}
			require.Contains(t, actions, app.AuditProposalPlace)
			require.Contains(t, actions, app.AuditProposalDecline)
			require.Contains(t, actions, app.AuditSessionAdd, "the topic's session is added as any session is")
		})
	}
}
