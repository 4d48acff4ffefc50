package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// testSlotPolls: a slot poll keeps its id while its slot stands, takes the
// options it is given, is retired (not deleted) when its slot goes, and
// has its id back when the slot returns.
func testSlotPolls(t *testing.T, h Harness) {
	ctx := context.Background()
	b := setup(t, h)
	actor, err := b.store.ActorCreate(ctx, newActor("north"))
	require.NoError(t, err)
	start := time.Date(2027, 3, 6, 10, 30, 0, 0, time.UTC)
	gid, err := b.store.GatheringCreate(ctx, newGathering(actor.ID, "Co-op day", start))
	require.NoError(t, err)
	on, err := b.store.GatheringSlotPolls(ctx, gid)
	require.NoError(t, err)
	require.True(t, on, "on unless turned off")
	var sessions []int64
	for _, title := range []string{"Co-op law", "Bookkeeping", "Lunch"} {
		id, err := b.store.SessionCreate(ctx, &model.Session{GatheringID: gid, Title: title, Kind: model.KindWorkshop,
			StartsAt: start, EndsAt: start.Add(time.Hour), CreatedAt: start, UpdatedAt: start})
		require.NoError(t, err)
		sessions = append(sessions, id)
	}
	at := time.Date(2027, 1, 1, 9, 0, 0, 0, time.UTC)
	slot := model.SlotPoll{StartsAt: start, Options: []model.SlotPollOption{
		{SessionID: sessions[0], Name: "Co-op law · Main"}, {SessionID: sessions[1], Name: "Bookkeeping · Small"}}}
	later := model.SlotPoll{StartsAt: start.Add(2 * time.Hour), Options: []model.SlotPollOption{
		{SessionID: sessions[2], Name: "Lunch"}, {SessionID: sessions[1], Name: "Bookkeeping · Small"}}}

	polls, err := b.store.SlotPollSync(ctx, gid, []model.SlotPoll{later, slot}, at)
	require.NoError(t, err)
	require.Len(t, polls, 2)
	first := polls[0]
	require.True(t, first.StartsAt.Equal(start), "by start")
	require.Equal(t, slot.Options, first.Options)
	require.Nil(t, first.RetiredAt)
	got, err := b.store.SlotPollGet(ctx, first.ID)
	require.NoError(t, err)
	require.Equal(t, first, got)

	// The first slot loses Bookkeeping for Lunch; the later one goes.
	slot.Options = []model.SlotPollOption{{SessionID: sessions[0], Name: "Co-op law · Main"}, {SessionID: sessions[2], Name: "Lunch"}}
	polls, err = b.store.SlotPollSync(ctx, gid, []model.SlotPoll{slot}, at.Add(time.Hour))
	require.NoError(t, err)
	require.Len(t, polls, 2, "a retired poll stays")
	require.Equal(t, first.ID, polls[0].ID, "its id names it still")
	require.Equal(t, slot.Options, polls[0].Options)
	require.Nil(t, polls[0].RetiredAt)
	require.NotNil(t, polls[1].RetiredAt)
	require.True(t, polls[1].RetiredAt.Equal(at.Add(time.Hour)))
	require.Equal(t, later.Options, polls[1].Options, "its options stay, for reading old votes")

	polls, err = b.store.SlotPollSync(ctx, gid, []model.SlotPoll{slot, later}, at.Add(2*time.Hour))
	require.NoError(t, err)
	require.Nil(t, polls[1].RetiredAt, "back with its id")
	listed, err := b.store.SlotPollList(ctx, gid)
	require.NoError(t, err)
	require.Equal(t, polls, listed)

	_, err = b.store.SlotPollGet(ctx, polls[1].ID+100)
	require.ErrorIs(t, err, store.ErrNotFound)
}
