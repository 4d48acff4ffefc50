package app

import (
	"context"

	"github.com/gather-coop/gather/internal/app/series"
	"github.com/gather-coop/gather/internal/app/standing"
	"github.com/gather-coop/gather/internal/model"
)

// The series' room (package series), passed on.
type (
	// SeriesInput is a series as organisers write it.
	SeriesInput = series.Input
	// SeriesOccurrence is a made occurrence of a series and its gathering.
	SeriesOccurrence = series.Occurrence
)

// SeriesWindow is how many coming occurrences a series keeps as gatherings.
const SeriesWindow = series.Window

// CreateSeries saves a new series of the co-op handle and makes its
// first occurrences, published.
func (a *App) CreateSeries(ctx context.Context, handle string, in *SeriesInput) (model.Series, error) {
	return a.series.Create(ctx, handle, in)
}

// Series returns a series, for its organisers.
func (a *App) Series(ctx context.Context, id int64) (model.Series, error) {
	return a.series.Get(ctx, id)
}

// PublicSeries returns a series and its co-op account, for anyone.
func (a *App) PublicSeries(ctx context.Context, id int64) (model.Series, model.Actor, error) {
	return a.series.Public(ctx, id)
}

// ListSeries returns the co-op handle's series, oldest first.
func (a *App) ListSeries(ctx context.Context, handle string) ([]model.Series, error) {
	return a.series.List(ctx, handle)
}

// UpdateSeries replaces what a series is and fills its window by the new
// rule; occurrences already made stay as they are.
func (a *App) UpdateSeries(ctx context.Context, id int64, in *SeriesInput, expectedVersion int) (model.Series, error) {
	return a.series.Update(ctx, id, in, expectedVersion)
}

// RotateSeriesCallLink gives a series a new call link: its coming
// occurrences use it, and those going to them are sent it once.
func (a *App) RotateSeriesCallLink(ctx context.Context, id int64, callURL string) (model.Series, error) {
	return a.series.RotateCallLink(ctx, id, callURL)
}

// DeleteSeries removes a series; its occurrences stay as gatherings.
func (a *App) DeleteSeries(ctx context.Context, id int64) error { return a.series.Delete(ctx, id) }

// PublicSeriesOf returns the series of the co-op account actor and the
// made occurrences of each, for anyone: the co-op's calendar shows a
// series whole, by its rule.
func (a *App) PublicSeriesOf(ctx context.Context, actor model.Actor) ([]model.Series, map[int64][]SeriesOccurrence, error) {
	list, err := a.series.PublicOf(ctx, actor)
	if err != nil {
		return nil, nil, err
	}
	occ := make(map[int64][]SeriesOccurrence, len(list))
	for _, s := range list {
		if occ[s.ID], err = a.series.Occurrences(ctx, s.ID); err != nil {
			return nil, nil, err
		}
	}
	return list, occ, nil
}

// SeriesOccurrences returns a series' made occurrences, by recurrence id.
func (a *App) SeriesOccurrences(ctx context.Context, id int64) ([]SeriesOccurrence, error) {
	return a.series.Occurrences(ctx, id)
}

// FillSeries makes the coming occurrences a series' window lacks.
func (a *App) FillSeries(ctx context.Context, id int64) (int, error) { return a.series.Fill(ctx, id) }

// FillAllSeries is FillSeries for every series: the periodic job's work.
func (a *App) FillAllSeries(ctx context.Context) (int, error) { return a.series.FillAll(ctx) }

// SplitSeries changes "this occurrence and the following": see
// series.Service.SplitFrom.
func (a *App) SplitSeries(ctx context.Context, gatheringID int64, in *SeriesInput) (model.Series, error) {
	return a.series.SplitFrom(ctx, gatheringID, in)
}

// SeriesFillArgs is the periodic job that runs FillAllSeries.
type SeriesFillArgs = series.FillArgs

// SeriesStanding returns how many stand for a series ("I'll come to all
// of them"), for its organisers.
func (a *App) SeriesStanding(ctx context.Context, id int64) (int, error) {
	if _, err := a.series.Get(ctx, id); err != nil {
		return 0, err
	}
	return a.standing.Count(ctx, id)
}

// StandingOccurrenceArgs is the job that answers a new occurrence for
// those standing for its series.
type StandingOccurrenceArgs = standing.OccurrenceArgs

// ApplyStanding is that job's work.
func (a *App) ApplyStanding(ctx context.Context, args StandingOccurrenceArgs) error {
	return a.standing.Apply(ctx, args.GatheringID)
}
