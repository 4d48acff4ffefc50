package jobs

import (
	"context"

	"github.com/riverqueue/river"

	"github.com/gather-coop/gather/internal/app"
)

// ReminderWorker reminds those going to a gathering, at the time its
// job was scheduled for.
type ReminderWorker struct {
	river.WorkerDefaults[app.ReminderArgs]
	app *app.App
}

// Work implements river.Worker.
func (w *ReminderWorker) Work(ctx context.Context, job *river.Job[app.ReminderArgs]) error {
	return w.app.SendReminder(ctx, job.Args)
}

// CallLinkWorker tells those going to a coming occurrence of a series
// its new call link, after the organiser rotated it.
type CallLinkWorker struct {
	river.WorkerDefaults[app.CallLinkArgs]
	app *app.App
}

// Work implements river.Worker.
func (w *CallLinkWorker) Work(ctx context.Context, job *river.Job[app.CallLinkArgs]) error {
	return w.app.SendCallLink(ctx, job.Args)
}
