package storetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/store"
)

func runMyDay(t *testing.T, h Harness) {
	t.Run("MyDay", func(t *testing.T) { t.Parallel(); testMyDay(t, h) })
}

// testMyDay: a gathering's "my day" time, 08:00 unless set, off as "";
// who was sent which day's note, each person once a day; and a person's
// calendar address, one per person and gathering, kept when asked
// again, answering with no gathering once it is deleted.
func testMyDay(t *testing.T, h Harness) {
	ctx := context.Background()
	b := setup(t, h)
	actor, err := b.store.ActorCreate(ctx, newActor("north"))
	require.NoError(t, err)
	start := time.Date(2027, 4, 10, 9, 0, 0, 0, time.UTC)
	id, err := b.store.GatheringCreate(ctx, newGathering(actor.ID, "Co-op day", start))
	require.NoError(t, err)

	at, err := b.store.GatheringMyDay(ctx, id)
	require.NoError(t, err)
	require.Equal(t, "08:00", at, "a new gathering sends its notes at 08:00")
	require.NoError(t, b.store.GatheringMyDaySet(ctx, id, "07:45"))
	at, err = b.store.GatheringMyDay(ctx, id)
	require.NoError(t, err)
	require.Equal(t, "07:45", at)
	require.NoError(t, b.store.GatheringMyDaySet(ctx, id, ""))
	at, err = b.store.GatheringMyDay(ctx, id)
	require.NoError(t, err)
	require.Empty(t, at, "turned off")
	_, err = b.store.GatheringMyDay(ctx, 999)
	require.ErrorIs(t, err, store.ErrNotFound)
	require.ErrorIs(t, b.store.GatheringMyDaySet(ctx, 999, "08:00"), store.ErrNotFound)

	alice, err := b.store.RemoteActorUpsert(ctx, remote("social.example", "alice", true))
	require.NoError(t, err)
	bob, err := b.store.RemoteActorUpsert(ctx, remote("social.example", "bob", true))
	require.NoError(t, err)
	sent, err := b.store.MyDaySent(ctx, id, "2027-04-10")
	require.NoError(t, err)
	require.Empty(t, sent)
	require.NoError(t, b.store.MyDaySentMark(ctx, id, "2027-04-10", []int64{alice.ID, bob.ID}, start))
	sent, err = b.store.MyDaySent(ctx, id, "2027-04-10")
	require.NoError(t, err)
	require.Equal(t, map[int64]bool{alice.ID: true, bob.ID: true}, sent)
	sent, err = b.store.MyDaySent(ctx, id, "2027-04-11")
	require.NoError(t, err)
	require.Empty(t, sent, "each day on its own")
	require.ErrorIs(t, b.store.MyDaySentMark(ctx, id, "2027-04-10", []int64{bob.ID}, start), store.ErrConflict, "once a day")

	first, second := strings.Repeat("a", 32), strings.Repeat("c", 32)
	tok, err := b.store.MyCalendarToken(ctx, id, alice.ID, first, start)
	require.NoError(t, err)
	require.Equal(t, first, tok)
	tok, err = b.store.MyCalendarToken(ctx, id, alice.ID, second, start)
	require.NoError(t, err)
	require.Equal(t, first, tok, "a person keeps one address")
	tok, err = b.store.MyCalendarToken(ctx, id, bob.ID, second, start)
	require.NoError(t, err)
	require.Equal(t, second, tok)
	g, person, err := b.store.MyCalendarGet(ctx, first)
	require.NoError(t, err)
	require.Equal(t, [2]int64{id, alice.ID}, [2]int64{g, person})
	_, _, err = b.store.MyCalendarGet(ctx, strings.Repeat("d", 32))
	require.ErrorIs(t, err, store.ErrNotFound)

	require.NoError(t, b.store.GatheringDelete(ctx, id))
	g, person, err = b.store.MyCalendarGet(ctx, first)
	require.NoError(t, err, "the address stays")
	require.Equal(t, [2]int64{0, alice.ID}, [2]int64{g, person}, "with its gathering gone")
}
