package store

import (
	"context"

	"github.com/gather-coop/gather/internal/model"
)

// SeriesQueries keep series and which gatherings are their occurrences
// (sqlstore/series.go).
type SeriesQueries interface {
	// SeriesCreate inserts a series and returns its id.
	SeriesCreate(ctx context.Context, s *model.Series) (int64, error)
	// SeriesGet returns one series, or ErrNotFound.
	SeriesGet(ctx context.Context, id int64) (model.Series, error)
	// SeriesList returns an actor's series, oldest first.
	SeriesList(ctx context.Context, actorID int64) ([]model.Series, error)
	// SeriesUpdate writes every field of s and increments its version.
	// With expectedVersion set, it fails with ErrStale unless the stored
	// version is that one.
	SeriesUpdate(ctx context.Context, s *model.Series, expectedVersion int) (model.Series, error)
	// SeriesDelete removes a series. Its gatherings stay, no longer
	// occurrences of anything; run it in a Tx to do both or neither.
	SeriesDelete(ctx context.Context, id int64) error

	// SeriesOccurrenceLink makes a gathering an occurrence of a series;
	// ErrConflict when that occurrence (series and recurrence id) has a
	// gathering already, ErrNotFound when the gathering does not exist.
	SeriesOccurrenceLink(ctx context.Context, o *model.SeriesOccurrence) error
	// SeriesOccurrences returns a series' occurrences, by recurrence id.
	SeriesOccurrences(ctx context.Context, seriesID int64) ([]model.SeriesOccurrence, error)
	// SeriesOccurrenceOf returns the series occurrence a gathering is, or
	// ErrNotFound for a gathering of its own.
	SeriesOccurrenceOf(ctx context.Context, gatheringID int64) (model.SeriesOccurrence, error)
}
