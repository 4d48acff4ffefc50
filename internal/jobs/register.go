package jobs

import (
	"context"
	"errors"
	"time"

	"github.com/riverqueue/river"

	"github.com/gather-coop/gather/internal/app"
)

// Register adds every Gather worker to workers.
func Register(workers *river.Workers, a *app.App, m *Metrics) {
	river.AddWorker(workers, &ProcessInboxWorker{app: a})
	river.AddWorker(workers, &DeliverWorker{app: a, metrics: m})
	river.AddWorker(workers, &EventUpdateWorker{app: a})
	river.AddWorker(workers, &FacilitatorLookupWorker{app: a})
	river.AddWorker(workers, &ReminderWorker{app: a})
	river.AddWorker(workers, &CallLinkWorker{app: a})
	river.AddWorker(workers, &MyDayWorker{app: a})
	river.AddWorker(workers, &SeriesFillWorker{app: a})
	river.AddWorker(workers, &StandingWorker{app: a})
	river.AddWorker(workers, &NetworkBackfillWorker{app: a})
}

// NetworkBackfillWorker reads a followed source's upcoming events from
// its outbox, once it accepted.
type NetworkBackfillWorker struct {
	river.WorkerDefaults[app.NetworkBackfillArgs]
	app *app.App
}

// Work implements river.Worker.
func (w *NetworkBackfillWorker) Work(ctx context.Context, job *river.Job[app.NetworkBackfillArgs]) error {
	return w.app.NetworkBackfill(ctx, job.Args)
}

// NextRetry follows app.NetworkBackfillBackoff, which sits beside the
// attempts it spreads.
func (w *NetworkBackfillWorker) NextRetry(job *river.Job[app.NetworkBackfillArgs]) time.Time {
	return time.Now().Add(app.NetworkBackfillBackoff(job.Attempt))
}

// FacilitatorLookupWorker looks up again a facilitator's handle whose
// server did not answer when the session was saved.
type FacilitatorLookupWorker struct {
	river.WorkerDefaults[app.FacilitatorLookupArgs]
	app *app.App
}

// Work implements river.Worker.
func (w *FacilitatorLookupWorker) Work(ctx context.Context, job *river.Job[app.FacilitatorLookupArgs]) error {
	return w.app.LookUpFacilitator(ctx, job.Args)
}

// NextRetry follows app.LookupBackoff, which sits beside the attempts it
// spreads.
func (w *FacilitatorLookupWorker) NextRetry(job *river.Job[app.FacilitatorLookupArgs]) time.Time {
	return time.Now().Add(app.LookupBackoff(job.Attempt))
}

// EventUpdateWorker sends an event's new counts to followers.
type EventUpdateWorker struct {
	river.WorkerDefaults[app.EventUpdateArgs]
	app *app.App
}

// Work implements river.Worker.
func (w *EventUpdateWorker) Work(ctx context.Context, job *river.Job[app.EventUpdateArgs]) error {
	return w.app.SendEventUpdate(ctx, job.Args)
}

// ProcessInboxWorker acts on one incoming activity.
type ProcessInboxWorker struct {
	river.WorkerDefaults[app.ProcessInboxArgs]
	app *app.App
}

// Work implements river.Worker.
func (w *ProcessInboxWorker) Work(ctx context.Context, job *river.Job[app.ProcessInboxArgs]) error {
	return w.app.ProcessInbox(ctx, job.Args.ID)
}

// DeliverWorker POSTs one activity to one inbox.
type DeliverWorker struct {
	river.WorkerDefaults[app.DeliverArgs]
	app     *app.App
	metrics *Metrics
}

// Work implements river.Worker. A delivery that can never succeed is
// cancelled rather than retried.
func (w *DeliverWorker) Work(ctx context.Context, job *river.Job[app.DeliverArgs]) error {
	start := time.Now()
	err := w.app.Deliver(ctx, job.Args)
	outcome := "delivered"
	switch {
	case errors.Is(err, app.ErrInboxGone):
		outcome = "gone"
	case errors.Is(err, app.ErrGiveUp):
		outcome = "abandoned"
	case err != nil:
		outcome = "retry"
	}
	if w.metrics != nil {
		w.metrics.deliveries.WithLabelValues(outcome).Inc()
		w.metrics.deliveryLatency.Observe(time.Since(start).Seconds())
	}
	if outcome == "gone" || outcome == "abandoned" {
		return river.JobCancel(err)
	}
	if err != nil && ctx.Err() != nil {
		// Cut off by shutdown, not failed: try again soon, without
		// spending an attempt.
		return river.JobSnooze(5 * time.Second)
	}
	return err
}

// NextRetry follows app.DeliveryBackoff, which sits beside the attempts it
// spreads: the 20 attempts span 2.2 to 3.4 days.
func (w *DeliverWorker) NextRetry(job *river.Job[app.DeliverArgs]) time.Time {
	return time.Now().Add(app.DeliveryBackoff(job.Attempt))
}
