package jobs

import (
	"context"

	"github.com/riverqueue/river"

	"github.com/gather-coop/gather/internal/app"
)

// MyDayWorker sends those with a place in a day's sessions their day, on
// its morning.
type MyDayWorker struct {
	river.WorkerDefaults[app.MyDayArgs]
	app *app.App
}

// Work implements river.Worker.
func (w *MyDayWorker) Work(ctx context.Context, job *river.Job[app.MyDayArgs]) error {
	return w.app.SendMyDay(ctx, job.Args)
}
