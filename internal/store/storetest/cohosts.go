package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// testCoHosts: a gathering's co-hosts come back with it, in order, each
// handle once; a pending one is resolved once; they go with the gathering.
func testCoHosts(t *testing.T, h Harness) {
	ctx := context.Background()
	b := setup(t, h)
	us, err := b.store.ActorCreate(ctx, newActor("cohosting"))
	require.NoError(t, err)
	id, err := b.store.GatheringCreate(ctx, newGathering(us.ID, "Joint meet-up", networkNow.Add(48*time.Hour)))
	require.NoError(t, err)

	hosts := []model.CoHost{
		{Handle: "@south@south.example", ActorURI: "https://south.example/@south", Name: "South co-op", Inbox: "https://south.example/inbox"},
		{Handle: "@east@east.example", Lookup: model.LookupPending},
		{Handle: "@SOUTH@south.example"},
	}
	require.NoError(t, b.store.CoHostsSet(ctx, id, hosts))
	g, err := b.store.GatheringGet(ctx, id)
	require.NoError(t, err)
	require.Equal(t, hosts[:2], g.CoHosts, "in order, a handle given twice kept once")

	found := model.CoHost{Handle: "@east@east.example", ActorURI: "https://east.example/@east", Name: "East", Inbox: "https://east.example/inbox"}
	require.NoError(t, b.store.CoHostResolve(ctx, id, "@east@east.example", found))
	require.ErrorIs(t, b.store.CoHostResolve(ctx, id, "@east@east.example", found), store.ErrNotFound, "found already")
	list, err := b.store.CoHostList(ctx, id)
	require.NoError(t, err)
	require.Equal(t, found, list[1])

	require.NoError(t, b.store.CoHostsSet(ctx, id, hosts[1:2]))
	list, err = b.store.CoHostList(ctx, id)
	require.NoError(t, err)
	require.Equal(t, []string{"@east@east.example"}, []string{list[0].Handle}, "a co-host removed is gone")

	require.NoError(t, b.store.GatheringDelete(ctx, id))
	list, err = b.store.CoHostList(ctx, id)
	require.NoError(t, err)
	require.Empty(t, list)
}

// testCoHosted: an event naming our accounts is kept once per account,
// replaced only by a newer copy of its own host, listed when accepted and
// upcoming, decided by an organiser, and deleted for one account or all.
func testCoHosted(t *testing.T, h Harness) {
	ctx := context.Background()
	b := setup(t, h)
	north, err := b.store.ActorCreate(ctx, newActor("north"))
	require.NoError(t, err)
	west, err := b.store.ActorCreate(ctx, newActor("west"))
	require.NoError(t, err)
	const event, host = "https://a.example/gatherings/1", "https://a.example/@events"
	v1, v2 := networkNow, networkNow.Add(time.Hour)
	end := networkNow.Add(50 * time.Hour)
	row := func(actorID int64, state model.CoHostedState, title string, version time.Time) *model.CoHosted {
		return &model.CoHosted{ActorID: actorID, ObjectURI: event, HostURI: host, HostHandle: "@events@a.example", State: state,
			Title: title, StartsAt: networkNow.Add(48 * time.Hour), EndsAt: &end, Timezone: "Europe/London",
			PlaceName: "The hall", Version: &version, ReceivedAt: networkNow}
	}
	wrote, err := b.store.CoHostedUpsert(ctx, row(north.ID, model.CoHostedPending, "Joint meet-up", v1))
	require.NoError(t, err)
	require.True(t, wrote)
	wrote, err = b.store.CoHostedUpsert(ctx, row(west.ID, model.CoHostedAccepted, "Joint meet-up", v1))
	require.NoError(t, err)
	require.True(t, wrote)

	wrote, err = b.store.CoHostedUpsert(ctx, row(north.ID, model.CoHostedPending, "Older", v1.Add(-time.Minute)))
	require.NoError(t, err)
	require.False(t, wrote, "an older copy changes nothing")
	spoof := row(north.ID, model.CoHostedAccepted, "Spoofed", v2)
	spoof.HostURI = "https://c.example/@mallory"
	wrote, err = b.store.CoHostedUpsert(ctx, spoof)
	require.NoError(t, err)
	require.False(t, wrote, "another host's copy changes nothing")

	upcoming, err := b.store.CoHostedUpcoming(ctx, networkNow, 10)
	require.NoError(t, err)
	require.Len(t, upcoming, 1, "only the accepted row is listed")
	require.Equal(t, west.ID, upcoming[0].ActorID)
	require.Equal(t, "Europe/London", upcoming[0].Timezone)
	require.Equal(t, end, *upcoming[0].EndsAt)
	upcoming, err = b.store.CoHostedUpcoming(ctx, end, 10)
	require.NoError(t, err)
	require.Empty(t, upcoming, "ended")

	pending, err := b.store.CoHostedList(ctx, north.ID, model.CoHostedPending)
	require.NoError(t, err)
	require.Len(t, pending, 1)
	require.Equal(t, "Joint meet-up", pending[0].Title)
	require.NoError(t, b.store.CoHostedDecide(ctx, pending[0].ID, model.CoHostedDeclined, networkNow))
	require.ErrorIs(t, b.store.CoHostedDecide(ctx, pending[0].ID+1000, model.CoHostedAccepted, networkNow), store.ErrNotFound)

	wrote, err = b.store.CoHostedUpsert(ctx, row(north.ID, model.CoHostedAccepted, "Joint meet-up, renamed", v2))
	require.NoError(t, err)
	require.True(t, wrote)
	got, err := b.store.CoHostedGet(ctx, pending[0].ID)
	require.NoError(t, err)
	require.Equal(t, model.CoHostedDeclined, got.State, "a decline stands through later updates")
	require.Equal(t, "Joint meet-up, renamed", got.Title)
	require.NotNil(t, got.DecidedAt)

	rows, err := b.store.CoHostedByObject(ctx, event)
	require.NoError(t, err)
	require.Len(t, rows, 2)
	n, err := b.store.CoHostedDelete(ctx, event, west.ID)
	require.NoError(t, err)
	require.EqualValues(t, 1, n)
	n, err = b.store.CoHostedDelete(ctx, event, 0)
	require.NoError(t, err)
	require.EqualValues(t, 1, n)
	rows, err = b.store.CoHostedByObject(ctx, event)
	require.NoError(t, err)
	require.Empty(t, rows)
}
