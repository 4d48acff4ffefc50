package e2e_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/internal/server/servertest"
)

// TestSlotPollsSwitch: a gathering published with "slot_polls": false
// sends its followers no slot poll, and its API says so; turned on by an
// edit, the slot's poll goes out; turned off again, the poll is closed
// (an Update with closed) but its id keeps answering, as ids do.
func TestSlotPollsSwitch(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			gather := servertest.Start(t, db)
			masto, _ := followedBy(t, gather, fedtest.Mastodon, "mia", "/inbox")
			tok := token(t, gather)
			body := `{"title": "Co-op day", "timezone": "Europe/London", "starts_at": "2027-04-10T10:00", "ends_at": "2027-04-10T17:00",
				"venue": {"name": "Co-op hall"}, "slot_polls": false,
				"rooms": [{"name": "Main", "capacity": 40}, {"name": "Small", "capacity": 15}],
				"sessions": [
					{"title": "Co-op law", "kind": "workshop", "room": "Main", "starts_at": "2027-04-10T10:30", "ends_at": "2027-04-10T12:00"},
					{"title": "Bookkeeping", "kind": "workshop", "room": "Small", "starts_at": "2027-04-10T10:30", "ends_at": "2027-04-10T12:00"}]}`
			var created struct {
				ID        int64  `json:"id"`
				APID      string `json:"ap_id"`
				SlotPolls *bool  `json:"slot_polls"`
			}
			require.Equal(t, http.StatusCreated, apiCall(t, http.MethodPost, gather.Base+"/api/v1/gatherings?publish=true", tok, []byte(body), &created))
			require.NotEmpty(t, created.APID)
			isSlotPoll := func(typ string) func(fedtest.Delivery) bool {
				return func(d fedtest.Delivery) bool {
					return d.Activity != nil && d.Activity.Type == typ && strings.Contains(d.Activity.Object.ID, "/slots/")
				}
			}
			// The RSVP poll is sent after the Event: once it is in, so
			// would a slot poll be.
			masto.WaitForDelivery(t, func(d fedtest.Delivery) bool {
				return d.Activity != nil && d.Activity.Type == "Create" && d.Activity.Object.Type == "Question"
			}, wait)
			for _, d := range masto.Deliveries() {
				require.False(t, isSlotPoll("Create")(d), "switched off: no slot poll goes out")
			}
			var got struct {
				SlotPolls *bool `json:"slot_polls"`
			}
			require.Equal(t, http.StatusOK, apiCall(t, http.MethodGet, gather.Base+"/api/v1/gatherings/"+itoa(created.ID), tok, nil, &got))
			require.NotNil(t, got.SlotPolls)
			require.False(t, *got.SlotPolls)

			require.Equal(t, http.StatusOK, apiCall(t, http.MethodPatch, gather.Base+"/api/v1/gatherings/"+itoa(created.ID), tok,
				[]byte(`{"slot_polls": true}`), nil))
			sent := masto.WaitForDelivery(t, isSlotPoll("Create"), wait)
			var q struct {
				Type  string
				OneOf []struct{ Name string } `json:"oneOf"`
			}
			getJSON(t, sent.Activity.Object.ID, &q)
			require.Equal(t, "Question", q.Type)
			require.Len(t, q.OneOf, 2)
			require.Equal(t, http.StatusOK, apiCall(t, http.MethodGet, gather.Base+"/api/v1/gatherings/"+itoa(created.ID), tok, nil, &got))
			require.True(t, *got.SlotPolls)

			require.Equal(t, http.StatusOK, apiCall(t, http.MethodPatch, gather.Base+"/api/v1/gatherings/"+itoa(created.ID), tok,
				[]byte(`{"slot_polls": false}`), nil))
			masto.WaitForDelivery(t, isSlotPoll("Update"), wait)
			var closed struct {
				Closed string `json:"closed"`
			}
			getJSON(t, sent.Activity.Object.ID, &closed)
			require.NotEmpty(t, closed.Closed, "served closed at its id")
		})
	}
}
