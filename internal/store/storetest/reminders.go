package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/store"
)

func runReminders(t *testing.T, h Harness) {
	t.Run("Reminders", func(t *testing.T) { t.Parallel(); testReminders(t, h) })
}

// testReminders: a gathering's own offsets as written, none for the
// default; who was reminded, per start and offset, each person once.
func testReminders(t *testing.T, h Harness) {
	ctx := context.Background()
	b := setup(t, h)
	actor, err := b.store.ActorCreate(ctx, newActor("north"))
	require.NoError(t, err)
	start := time.Date(2027, 1, 12, 18, 0, 0, 0, time.UTC)
	id, err := b.store.GatheringCreate(ctx, newGathering(actor.ID, "Circle call", start))
	require.NoError(t, err)

	own, err := b.store.GatheringReminders(ctx, id)
	require.NoError(t, err)
	require.Empty(t, own, "a new gathering keeps the default")
	require.NoError(t, b.store.GatheringRemindersSet(ctx, id, []time.Duration{48 * time.Hour, time.Hour}))
	own, err = b.store.GatheringReminders(ctx, id)
	require.NoError(t, err)
	require.Equal(t, []time.Duration{48 * time.Hour, time.Hour}, own)
	_, err = b.store.GatheringReminders(ctx, 999)
	require.ErrorIs(t, err, store.ErrNotFound)
	require.ErrorIs(t, b.store.GatheringRemindersSet(ctx, 999, nil), store.ErrNotFound)

	alice, err := b.store.RemoteActorUpsert(ctx, remote("social.example", "alice", true))
	require.NoError(t, err)
	bob, err := b.store.RemoteActorUpsert(ctx, remote("social.example", "bob", true))
	require.NoError(t, err)
	sent, err := b.store.RemindersSent(ctx, id, start, time.Hour)
	require.NoError(t, err)
	require.Empty(t, sent)
	require.NoError(t, b.store.ReminderSentMark(ctx, id, start, time.Hour, []int64{alice.ID, bob.ID}, start.Add(-time.Hour)))
	sent, err = b.store.RemindersSent(ctx, id, start.In(time.FixedZone("X", 3600)), time.Hour)
	require.NoError(t, err)
	require.Equal(t, map[int64]bool{alice.ID: true, bob.ID: true}, sent, "whichever zone the start is in")
	sent, err = b.store.RemindersSent(ctx, id, start.Add(time.Hour), time.Hour)
	require.NoError(t, err)
	require.Empty(t, sent, "a new start is reminded afresh")
	sent, err = b.store.RemindersSent(ctx, id, start, 48*time.Hour)
	require.NoError(t, err)
	require.Empty(t, sent, "each offset on its own")
	err = b.store.ReminderSentMark(ctx, id, start, time.Hour, []int64{bob.ID}, start)
	require.ErrorIs(t, err, store.ErrConflict, "once each")
}
