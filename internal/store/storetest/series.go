package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

func runSeries(t *testing.T, h Harness) {
	t.Run("Series", func(t *testing.T) { t.Parallel(); testSeries(t, h) })
	t.Run("SeriesOccurrences", func(t *testing.T) { t.Parallel(); testSeriesOccurrences(t, h) })
	t.Run("StandingRSVPs", func(t *testing.T) { t.Parallel(); testStanding(t, h) })
	t.Run("SlotPolls", func(t *testing.T) { t.Parallel(); testSlotPolls(t, h) })
	t.Run("Proposals", func(t *testing.T) { t.Parallel(); testProposals(t, h) })
}

func newSeries(actorID int64, title string) *model.Series {
	at := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	return &model.Series{
		ActorID: actorID, Title: title, Summary: "Every month", Description: "**Bring** a cuppa",
		Rule:     `{"start":"2027-01-12T18:00","freq":"monthly","interval":1,"weekdays":["TU"],"week":2}`,
		Timezone: "Europe/London", Duration: 90 * time.Minute, Online: true,
		CallURL: "https://call.example/circle", LinkForAttendees: true,
		Reminders: model.DefaultReminders(true), CreatedAt: at, UpdatedAt: at,
	}
}

func testSeries(t *testing.T, h Harness) {
	ctx := context.Background()
	b := setup(t, h)
	north, err := b.store.ActorCreate(ctx, newActor("north"))
	require.NoError(t, err)
	south, err := b.store.ActorCreate(ctx, newActor("south"))
	require.NoError(t, err)

	call := newSeries(north.ID, "General circle call")
	call.ID, err = b.store.SeriesCreate(ctx, call)
	require.NoError(t, err)
	inPerson := newSeries(north.ID, "Allotment day")
	inPerson.Online, inPerson.CallURL, inPerson.LinkForAttendees, inPerson.Reminders = false, "", false, model.DefaultReminders(false)
	inPerson.ID, err = b.store.SeriesCreate(ctx, inPerson)
	require.NoError(t, err)
	_, err = b.store.SeriesCreate(ctx, newSeries(south.ID, "South's call"))
	require.NoError(t, err)

	got, err := b.store.SeriesGet(ctx, call.ID)
	require.NoError(t, err)
	require.True(t, got.CreatedAt.Equal(call.CreatedAt) && got.UpdatedAt.Equal(call.UpdatedAt), "%v %v", got.CreatedAt, got.UpdatedAt)
	want := *call
	want.Version, want.CreatedAt, want.UpdatedAt = 1, got.CreatedAt, got.UpdatedAt
	require.Equal(t, want, got, "every field as written")
	require.Equal(t, []time.Duration{24 * time.Hour, 15 * time.Minute}, got.Reminders)

	list, err := b.store.SeriesList(ctx, north.ID)
	require.NoError(t, err)
	require.Len(t, list, 2, "south's series is not north's")
	require.Equal(t, "General circle call", list[0].Title, "oldest first")
	require.False(t, list[1].Online)
	require.Equal(t, []time.Duration{24 * time.Hour}, list[1].Reminders, "a day before, in person")

	_, err = b.store.SeriesGet(ctx, 999)
	require.ErrorIs(t, err, store.ErrNotFound)

	// An edit on a stale form is refused; one on the current form lands.
	edit := got
	edit.Title, edit.CallURL, edit.UpdatedAt = "Circle call", "https://call.example/rotated", got.UpdatedAt.Add(time.Hour)
	updated, err := b.store.SeriesUpdate(ctx, &edit, 1)
	require.NoError(t, err)
	require.Equal(t, 2, updated.Version)
	require.Equal(t, "https://call.example/rotated", updated.CallURL)
	edit.Title = "Lost edit"
	_, err = b.store.SeriesUpdate(ctx, &edit, 1)
	require.ErrorIs(t, err, store.ErrStale)
	again, err := b.store.SeriesGet(ctx, call.ID)
	require.NoError(t, err)
	require.Equal(t, "Circle call", again.Title)
	edit.ID = 999
	_, err = b.store.SeriesUpdate(ctx, &edit, 0)
	require.ErrorIs(t, err, store.ErrNotFound)
}

func testSeriesOccurrences(t *testing.T, h Harness) {
	ctx := context.Background()
	b := setup(t, h)
	actor, err := b.store.ActorCreate(ctx, newActor("north"))
	require.NoError(t, err)
	call := newSeries(actor.ID, "General circle call")
	call.ID, err = b.store.SeriesCreate(ctx, call)
	require.NoError(t, err)

	jan := time.Date(2027, 1, 12, 18, 0, 0, 0, time.UTC)
	apr := time.Date(2027, 4, 13, 17, 0, 0, 0, time.UTC) // 18:00 BST
	gathering := func(title string, start time.Time) int64 {
		id, err := b.store.GatheringCreate(ctx, newGathering(actor.ID, title, start))
		require.NoError(t, err)
		return id
	}
	first, april, twin, alone := gathering("January call", jan), gathering("April call", apr),
		gathering("April call again", apr), gathering("A day of its own", apr)

	// April first, so the order below is the recurrence id's, not the link's.
	require.NoError(t, b.store.SeriesOccurrenceLink(ctx, &model.SeriesOccurrence{SeriesID: call.ID, GatheringID: april, RecurrenceID: apr}))
	require.NoError(t, b.store.SeriesOccurrenceLink(ctx, &model.SeriesOccurrence{SeriesID: call.ID, GatheringID: first, RecurrenceID: jan}))
	err = b.store.SeriesOccurrenceLink(ctx, &model.SeriesOccurrence{SeriesID: call.ID, GatheringID: twin,
		RecurrenceID: apr.In(time.FixedZone("BST", 3600))})
	require.ErrorIs(t, err, store.ErrConflict, "one gathering per occurrence, whichever zone the instant is in")
	err = b.store.SeriesOccurrenceLink(ctx, &model.SeriesOccurrence{SeriesID: call.ID, GatheringID: 999, RecurrenceID: jan.AddDate(0, 1, 0)})
	require.ErrorIs(t, err, store.ErrNotFound)

	occurrences, err := b.store.SeriesOccurrences(ctx, call.ID)
	require.NoError(t, err)
	require.Equal(t, []model.SeriesOccurrence{
		{SeriesID: call.ID, GatheringID: first, RecurrenceID: jan},
		{SeriesID: call.ID, GatheringID: april, RecurrenceID: apr},
	}, occurrences)

	// Moving April's call leaves it April's occurrence.
	g, err := b.store.GatheringGet(ctx, april)
	require.NoError(t, err)
	g.StartsAt, g.EndsAt = apr.AddDate(0, 0, 7), apr.AddDate(0, 0, 7).Add(time.Hour)
	_, err = b.store.GatheringUpdate(ctx, &g, g.Version)
	require.NoError(t, err)
	of, err := b.store.SeriesOccurrenceOf(ctx, april)
	require.NoError(t, err)
	require.Equal(t, model.SeriesOccurrence{SeriesID: call.ID, GatheringID: april, RecurrenceID: apr}, of)
	_, err = b.store.SeriesOccurrenceOf(ctx, alone)
	require.ErrorIs(t, err, store.ErrNotFound, "a gathering of its own is no occurrence")

	// A deleted series leaves its gatherings, each on its own.
	require.NoError(t, b.store.InTx(ctx, func(tx store.Tx) error { return tx.SeriesDelete(ctx, call.ID) }))
	_, err = b.store.SeriesGet(ctx, call.ID)
	require.ErrorIs(t, err, store.ErrNotFound)
	kept, err := b.store.GatheringGet(ctx, first)
	require.NoError(t, err)
	require.Equal(t, "January call", kept.Title)
	_, err = b.store.SeriesOccurrenceOf(ctx, first)
	require.ErrorIs(t, err, store.ErrNotFound)
	require.ErrorIs(t, b.store.SeriesDelete(ctx, call.ID), store.ErrNotFound)
}
