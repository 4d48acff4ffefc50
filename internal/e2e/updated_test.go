package e2e_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/server/servertest"
)

// TestNewObjectsAreNotEdited: GoToSocial shows "(edited)" on any post
// whose object carries "updated". What we publish for the first time (the
// gathering, its poll, its sessions' posts, and a session announced later)
// carries none; an edit does, later than its publication.
func TestNewObjectsAreNotEdited(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	gather := servertest.Start(t, "sqlite")
	gts := fedtest.NewServer(t, fedtest.GoToSocial)
	alice := gts.AddActor("alice")
	_, err := alice.Follow(ctx, gather.Base+"/actors/events", gather.Base+"/inbox")
	require.NoError(t, err)
	gts.WaitForDelivery(t, fedtest.OfType("Accept"), wait)

	gathering, workshop := smallGathering(t, gather, 10)
	_, gid, _ := gather.App.URLs().EventOf(gathering)
	// A second later, so that "the same second" cannot hide an updated.
	time.Sleep(1100 * time.Millisecond)
	later, err := gather.App.AddSession(ctx, gid, &app.SessionInput{Title: "Pub", Kind: "social", Announce: true,
		StartsAt: "2027-04-10T16:00", EndsAt: "2027-04-10T17:00"})
	require.NoError(t, err)

	// Each announced session is one post, its poll (issue 13.7).
	for _, id := range []string{gathering, gathering + "/poll", workshop + "/poll", later.APID + "/poll"} {
		d := gts.WaitForDelivery(t, func(d fedtest.Delivery) bool {
			return d.Activity.Type == "Create" && d.Activity.Object.ID == id
		}, wait)
		require.NotContains(t, object(t, d), "updated", id)
	}
	var fetched map[string]any
	getJSON(t, later.APID, &fetched)
	require.NotContains(t, fetched, "updated", "nor when fetched")

	_, err = gather.App.UpdateGathering(ctx, gid, []byte(`{"title": "Spring meet-up, renamed"}`), 0)
	require.NoError(t, err)
	d := gts.WaitForDelivery(t, func(d fedtest.Delivery) bool {
		return d.Activity.Type == "Update" && d.Activity.Object.ID == gathering
	}, wait)
	edited := object(t, d)
	require.Greater(t, edited["updated"], edited["published"], "an edit is dated after the publication")
}
