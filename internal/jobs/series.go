package jobs

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"github.com/gather-coop/gather/internal/app"
)

// SeriesFillEvery is how often every series' window is moved on: each
// occurrence is made and published within this long of coming into it.
const SeriesFillEvery = time.Hour

// Periodic is the jobs River enqueues on a schedule.
func Periodic() []*river.PeriodicJob {
	return []*river.PeriodicJob{
		river.NewPeriodicJob(river.PeriodicInterval(SeriesFillEvery),
			func() (river.JobArgs, *river.InsertOpts) { return app.SeriesFillArgs{}, nil },
			// Not on start: a series fills its window when it is made
			// and changed, so the hourly tick only moves windows on, and
			// a job queued at start would land in the middle of whatever
			// the process was started for (tests count jobs).
			nil),
	}
}

// SeriesFillWorker makes the coming occurrences every series' window lacks.
type SeriesFillWorker struct {
	river.WorkerDefaults[app.SeriesFillArgs]
	app *app.App
}

// Work implements river.Worker.
func (w *SeriesFillWorker) Work(ctx context.Context, _ *river.Job[app.SeriesFillArgs]) error {
	_, err := w.app.FillAllSeries(ctx)
	return err
}

// StandingWorker answers a new occurrence of a series for those who said
// they would come to all of them.
type StandingWorker struct {
	river.WorkerDefaults[app.StandingOccurrenceArgs]
	app *app.App
}

// Work implements river.Worker.
func (w *StandingWorker) Work(ctx context.Context, job *river.Job[app.StandingOccurrenceArgs]) error {
	return w.app.ApplyStanding(ctx, job.Args)
}
