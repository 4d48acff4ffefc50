package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

func runReports(t *testing.T, h Harness) {
	t.Run("Reports", func(t *testing.T) { t.Parallel(); testReports(t, h) })
}

func testReports(t *testing.T, h Harness) {
	ctx := context.Background()
	b := setup(t, h)
	north, err := b.store.ActorCreate(ctx, newActor("north"))
	require.NoError(t, err)
	south, err := b.store.ActorCreate(ctx, newActor("south"))
	require.NoError(t, err)

	list, err := b.store.ReportList(ctx, 10)
	require.NoError(t, err)
	require.Empty(t, list)

	at := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	first := &model.Report{URI: "https://m.example/1", ReporterURI: "https://m.example/actor", ActorID: north.ID,
		ObjectURIs: []string{"https://g.example/actors/north", "https://g.example/gatherings/1"}, Content: "Spam <b>\n</b> é", ReceivedAt: at}
	_, err = b.store.ReportInsert(ctx, first)
	require.NoError(t, err)
	_, err = b.store.ReportInsert(ctx, &model.Report{URI: "https://m.example/2", ReporterURI: "https://m.example/actor", ActorID: south.ID,
		ObjectURIs: []string{"https://g.example/actors/south"}, ReceivedAt: at.Add(time.Minute)})
	require.NoError(t, err)
	_, err = b.store.ReportInsert(ctx, &model.Report{URI: first.URI, ReporterURI: first.ReporterURI, ActorID: south.ID, ReceivedAt: at})
	require.ErrorIs(t, err, store.ErrConflict, "a Flag sent twice is one report")

	list, err = b.store.ReportList(ctx, 10)
	require.NoError(t, err)
	require.Len(t, list, 2)
	require.Equal(t, "https://m.example/2", list[0].URI, "newest first")
	got := list[1]
	require.Equal(t, "north", got.ActorHandle)
	require.Equal(t, north.ID, got.ActorID)
	require.Equal(t, first.ObjectURIs, got.ObjectURIs)
	require.Equal(t, first.Content, got.Content)
	require.Equal(t, first.ReporterURI, got.ReporterURI)
	require.True(t, got.ReceivedAt.Equal(at), "received at %v", got.ReceivedAt)

	list, err = b.store.ReportList(ctx, 1)
	require.NoError(t, err)
	require.Len(t, list, 1)
}
