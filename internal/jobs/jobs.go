// Package jobs holds Gather's River workers and what wraps every job: the
// metrics of how jobs fare and how many wait. Workers translate a job into
// one call on app.App.
package jobs

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/gather-coop/gather/internal/app"
)

// Metrics counts jobs by kind and outcome and exposes the queue's depth.
type Metrics struct {
	river.MiddlewareDefaults
	worked          *prometheus.CounterVec
	duration        *prometheus.HistogramVec
	deliveries      *prometheus.CounterVec
	deliveryLatency prometheus.Histogram
}

// NewMetrics registers the counts of worked jobs on reg and returns the
// middleware that keeps them.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		worked: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "gather_jobs_worked_total",
			Help: "Jobs worked by this process, by kind and outcome (ok, error, cancelled).",
		}, []string{"kind", "outcome"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "gather_job_duration_seconds",
			Help:    "Time to work a job, by kind.",
			Buckets: prometheus.ExponentialBuckets(0.001, 4, 9),
		}, []string{"kind"}),
	}
	m.deliveries = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "gather_deliveries_total",
		Help: "Delivery attempts by outcome: delivered, retry, abandoned (permanent refusal, blocked or unreachable), gone (410).",
	}, []string{"outcome"})
	m.deliveryLatency = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "gather_delivery_duration_seconds",
		Help:    "Time for one delivery attempt, signing and the remote's answer included.",
		Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	})
	reg.MustRegister(m.worked, m.duration, m.deliveries, m.deliveryLatency)
	return m
}

// RegisterQueueDepth registers the number of jobs in each state on reg. It
// is read from the database when scraped, so every process reports the
// same truth.
func RegisterQueueDepth(reg prometheus.Registerer, a *app.App, log *slog.Logger) {
	reg.MustRegister(&queueDepth{app: a, log: log})
}

// Work implements rivertype.WorkerMiddleware.
func (m *Metrics) Work(ctx context.Context, job *rivertype.JobRow, doInner func(context.Context) error) error {
	start := time.Now()
	err := doInner(ctx)
	outcome := "ok"
	switch {
	case err == nil:
	case errors.Is(err, context.Canceled):
		outcome = "cancelled"
	default:
		outcome = "error"
	}
	m.worked.WithLabelValues(job.Kind, outcome).Inc()
	m.duration.WithLabelValues(job.Kind).Observe(time.Since(start).Seconds())
	return err
}

var _ rivertype.WorkerMiddleware = (*Metrics)(nil)

var queueDepthDesc = prometheus.NewDesc("gather_jobs",
	"Jobs in the queue now, by state (available, scheduled, retryable, running…).", []string{"state"}, nil)

type queueDepth struct {
	app *app.App
	log *slog.Logger
}

func (q *queueDepth) Describe(ch chan<- *prometheus.Desc) { ch <- queueDepthDesc }

func (q *queueDepth) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	counts, err := q.app.JobCounts(ctx)
	if err != nil {
		q.log.Warn("count jobs for metrics", slog.Any("error", err))
		return
	}
	for _, state := range []string{"available", "scheduled", "retryable", "running", "pending", "completed", "discarded", "cancelled"} {
		ch <- prometheus.MustNewConstMetric(queueDepthDesc, prometheus.GaugeValue, float64(counts[state]), state)
	}
}
