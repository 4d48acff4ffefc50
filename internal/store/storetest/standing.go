package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// testStanding: a standing RSVP is one row per person per series; saving
// it again while it stands changes nothing, withdrawing it leaves the
// row, and standing again revives it with the new reply.
func testStanding(t *testing.T, h Harness) {
	ctx := context.Background()
	b := setup(t, h)
	actor, err := b.store.ActorCreate(ctx, newActor("north"))
	require.NoError(t, err)
	call := newSeries(actor.ID, "General circle call")
	call.ID, err = b.store.SeriesCreate(ctx, call)
	require.NoError(t, err)
	other := newSeries(actor.ID, "Allotment day")
	other.ID, err = b.store.SeriesCreate(ctx, other)
	require.NoError(t, err)
	alice, err := b.store.RemoteActorUpsert(ctx, remote("social.example", "alice", true))
	require.NoError(t, err)
	bob, err := b.store.RemoteActorUpsert(ctx, remote("social.example", "bob", true))
	require.NoError(t, err)

	at := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	stand := func(seriesID, personID int64, reply string, when time.Time) (model.StandingRSVP, bool) {
		t.Helper()
		s, anew, err := b.store.StandingSave(ctx, &model.StandingRSVP{SeriesID: seriesID, RemoteActorID: personID,
			ActivityURI: reply, CreatedAt: when})
		require.NoError(t, err)
		return s, anew
	}
	first, anew := stand(call.ID, alice.ID, "https://social.example/notes/1", at)
	require.True(t, anew)
	require.Equal(t, model.StandingRSVP{ID: first.ID, SeriesID: call.ID, RemoteActorID: alice.ID,
		ActivityURI: "https://social.example/notes/1", CreatedAt: at}, first)
	again, anew := stand(call.ID, alice.ID, "https://social.example/notes/2", at.Add(time.Hour))
	require.False(t, anew, "saying it twice stands once")
	require.Equal(t, first, again, "the first reply still names it")
	stand(call.ID, bob.ID, "https://social.example/notes/3", at.Add(time.Minute))
	stand(other.ID, bob.ID, "https://social.example/notes/4", at)

	list, err := b.store.StandingList(ctx, call.ID)
	require.NoError(t, err)
	require.Len(t, list, 2)
	require.Equal(t, []int64{alice.ID, bob.ID}, []int64{list[0].RemoteActorID, list[1].RemoteActorID}, "oldest first")
	n, err := b.store.StandingCount(ctx, call.ID)
	require.NoError(t, err)
	require.Equal(t, 2, n)

	gone, err := b.store.StandingWithdraw(ctx, call.ID, alice.ID, at.Add(2*time.Hour))
	require.NoError(t, err)
	require.NotNil(t, gone.WithdrawnAt)
	require.True(t, gone.WithdrawnAt.Equal(at.Add(2*time.Hour)))
	_, err = b.store.StandingWithdraw(ctx, call.ID, alice.ID, at.Add(3*time.Hour))
	require.ErrorIs(t, err, store.ErrNotFound, "withdrawn already")
	_, err = b.store.StandingWithdraw(ctx, other.ID, alice.ID, at)
	require.ErrorIs(t, err, store.ErrNotFound, "never stood")
	n, err = b.store.StandingCount(ctx, call.ID)
	require.NoError(t, err)
	require.Equal(t, 1, n, "a withdrawn one does not count")
	got, err := b.store.StandingGet(ctx, call.ID, alice.ID)
	require.NoError(t, err)
	require.NotNil(t, got.WithdrawnAt, "the row stays, withdrawn")

	back, anew := stand(call.ID, alice.ID, "https://social.example/notes/5", at.Add(4*time.Hour))
	require.True(t, anew, "standing again after withdrawing")
	require.Equal(t, first.ID, back.ID)
	require.Nil(t, back.WithdrawnAt)
	require.Equal(t, "https://social.example/notes/5", back.ActivityURI)
	list, err = b.store.StandingList(ctx, call.ID)
	require.NoError(t, err)
	require.Equal(t, []int64{bob.ID, alice.ID}, []int64{list[0].RemoteActorID, list[1].RemoteActorID}, "alice stands anew, after bob")

	_, err = b.store.StandingGet(ctx, other.ID, alice.ID)
	require.ErrorIs(t, err, store.ErrNotFound)

	// A split copies those standing, keeping their reply, time and order;
	// someone with a row in the new series keeps theirs.
	split := newSeries(actor.ID, "Members' call")
	split.ID, err = b.store.SeriesCreate(ctx, split)
	require.NoError(t, err)
	stand(split.ID, alice.ID, "https://social.example/notes/6", at.Add(5*time.Hour))
	copied, err := b.store.StandingCopy(ctx, call.ID, split.ID)
	require.NoError(t, err)
	require.Equal(t, 1, copied, "bob; alice stands there already")
	list, err = b.store.StandingList(ctx, split.ID)
	require.NoError(t, err)
	require.Len(t, list, 2)
	require.Equal(t, bob.ID, list[0].RemoteActorID)
	require.Equal(t, "https://social.example/notes/3", list[0].ActivityURI)
	require.True(t, list[0].CreatedAt.Equal(at.Add(time.Minute)))
	require.Equal(t, "https://social.example/notes/6", list[1].ActivityURI)
	// A series deleted takes its standing RSVPs with it.
	require.NoError(t, b.store.SeriesDelete(ctx, other.ID))
	_, err = b.store.StandingGet(ctx, other.ID, bob.ID)
	require.ErrorIs(t, err, store.ErrNotFound)
}
