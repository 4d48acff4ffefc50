package e2e_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/internal/server/servertest"
)

// TestSlotPollFollowsItsSessions: when a session moves out of its slot
// after publication, the slot has one session left and its poll is
// closed for followers (an Update with closed), still served at its id;
// when the session moves back, the same poll opens again under the same
// id, never a new one for the same slot.
func TestSlotPollFollowsItsSessions(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			gather := servertest.Start(t, db)
			masto, _ := followedBy(t, gather, fedtest.Mastodon, "mia", "/inbox")
			tok := token(t, gather)
			body := `{"title": "Co-op day", "timezone": "Europe/London", "starts_at": "2027-04-10T10:00", "ends_at": "2027-04-10T17:00",
				"venue": {"name": "Co-op hall"},
				"rooms": [{"name": "Main", "capacity": 40}, {"name": "Small", "capacity": 15}],
				"sessions": [
					{"title": "Co-op law", "kind": "workshop", "room": "Main", "starts_at": "2027-04-10T10:30", "ends_at": "2027-04-10T12:00"},
					{"title": "Bookkeeping", "kind": "workshop", "room": "Small", "starts_at": "2027-04-10T10:30", "ends_at": "2027-04-10T12:00"}]}`
			var created struct {
				APID     string `json:"ap_id"`
				Sessions []struct {
					ID int64 `json:"id"`
				} `json:"sessions"`
			}
			require.Equal(t, http.StatusCreated, apiCall(t, http.MethodPost, gather.Base+"/api/v1/gatherings?publish=true", tok, []byte(body), &created))
			slot := created.APID + "/slots/1"
			about := func(typ string) func(fedtest.Delivery) bool {
				return func(d fedtest.Delivery) bool {
					return d.Activity != nil && d.Activity.Type == typ && d.Activity.Object.ID == slot
				}
			}
			masto.WaitForDelivery(t, about("Create"), wait)
			type poll struct {
				Closed string                  `json:"closed"`
				OneOf  []struct{ Name string } `json:"oneOf"`
			}
			var p poll
			getJSON(t, slot, &p)
			require.Empty(t, p.Closed)
			require.Len(t, p.OneOf, 2)

			books := gather.Base + "/api/v1/sessions/" + itoa(created.Sessions[1].ID)
			require.Equal(t, http.StatusOK, apiCall(t, http.MethodPatch, books, tok,
				[]byte(`{"starts_at": "2027-04-10T14:00", "ends_at": "2027-04-10T15:30"}`), nil))
			masto.WaitForDelivery(t, about("Update"), wait)
			p = poll{}
			getJSON(t, slot, &p)
			require.NotEmpty(t, p.Closed, "one session left at 10:30: nothing to choose, the poll is closed")

			require.Equal(t, http.StatusOK, apiCall(t, http.MethodPatch, books, tok,
				[]byte(`{"starts_at": "2027-04-10T10:30", "ends_at": "2027-04-10T12:00"}`), nil))
			waitFor(t, "the poll opens again", func() bool {
				var again poll
				getJSON(t, slot, &again)
				return again.Closed == "" && len(again.OneOf) == 2
			})
			for _, d := range masto.Deliveries() {
				if d.Activity != nil && d.Activity.Type == "Create" && d.Activity.Object.Type == "Question" {
					require.Contains(t, []string{slot, created.APID + "/poll"}, d.Activity.Object.ID, "the slot keeps its poll's id")
				}
			}
		})
	}
}
