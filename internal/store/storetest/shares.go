package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// testShares: an account shares an event once at a time; an undone
// share keeps its Announce id (found, marked undone) and the event may be
// shared again under a new one.
func testShares(t *testing.T, h Harness) {
	ctx := context.Background()
	b := setup(t, h)
	us, err := b.store.ActorCreate(ctx, newActor("north"))
	require.NoError(t, err)
	them, err := b.store.ActorCreate(ctx, newActor("south"))
	require.NoError(t, err)
	const event = "https://oxford.example/events/7"

	first := &model.Share{ActorID: us.ID, ObjectURI: event, Title: "Oxford gathering",
		AnnounceURI: "https://us.example/activities/a1", SharedAt: networkNow}
	id, err := b.store.ShareCreate(ctx, first)
	require.NoError(t, err)
	_, err = b.store.ShareCreate(ctx, &model.Share{ActorID: us.ID, ObjectURI: event, Title: "again",
		AnnounceURI: "https://us.example/activities/a2", SharedAt: networkNow})
	require.ErrorIs(t, err, store.ErrConflict, "one live share of an event per account")
	_, err = b.store.ShareCreate(ctx, &model.Share{ActorID: them.ID, ObjectURI: event, Title: "Oxford gathering",
		AnnounceURI: "https://us.example/activities/b1", SharedAt: networkNow.Add(time.Minute)})
	require.NoError(t, err, "another account may share it too")

	live, err := b.store.ShareLive(ctx, us.ID, event)
	require.NoError(t, err)
	require.Equal(t, id, live.ID)
	require.Equal(t, "Oxford gathering", live.Title)
	require.Nil(t, live.UndoneAt)
	list, err := b.store.ShareList(ctx, us.ID)
	require.NoError(t, err)
	require.Len(t, list, 1)

	require.NoError(t, b.store.ShareUndo(ctx, id, "https://us.example/activities/u1", networkNow.Add(time.Hour)))
	require.ErrorIs(t, b.store.ShareUndo(ctx, id, "https://us.example/activities/u2", networkNow.Add(2*time.Hour)), store.ErrNotFound)
	_, err = b.store.ShareLive(ctx, us.ID, event)
	require.ErrorIs(t, err, store.ErrNotFound)
	list, err = b.store.ShareList(ctx, us.ID)
	require.NoError(t, err)
	require.Empty(t, list)
	undone, err := b.store.ShareGetByAnnounce(ctx, "https://us.example/activities/a1")
	require.NoError(t, err)
	require.NotNil(t, undone.UndoneAt)
	require.Equal(t, "https://us.example/activities/u1", undone.UndoURI)

	_, err = b.store.ShareCreate(ctx, &model.Share{ActorID: us.ID, ObjectURI: event, Title: "Oxford gathering",
		AnnounceURI: "https://us.example/activities/a3", SharedAt: networkNow.Add(3 * time.Hour)})
	require.NoError(t, err, "shared again after the undo")
	_, err = b.store.ShareCreate(ctx, &model.Share{ActorID: us.ID, ObjectURI: "https://oxford.example/events/8", Title: "x",
		AnnounceURI: "https://us.example/activities/a3", SharedAt: networkNow})
	require.ErrorIs(t, err, store.ErrConflict, "an Announce id names one share")
}
