package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/store"
)

// holdArgs is a job that runs until released.
type holdArgs struct{}

func (holdArgs) Kind() string { return "storetest_hold" }

type holdWorker struct {
	river.WorkerDefaults[holdArgs]
	started chan int
	release chan struct{}
}

func (w *holdWorker) Work(ctx context.Context, job *river.Job[holdArgs]) error {
	w.started <- job.Attempt
	select {
	case <-w.release:
	case <-ctx.Done():
	}
	return nil
}

// testJobsRescue: JobsRescue frees the jobs whose latest attempt was by the
// client it names, and only those; a freed job is worked again at once.
// (Here the client is alive, standing in for a dead one: the point is
// which rows change.)
func testJobsRescue(t *testing.T, h Harness) {
	ctx := context.Background()
	workers := river.NewWorkers()
	w := &holdWorker{started: make(chan int, 4), release: make(chan struct{})}
	river.AddWorker(workers, w)
	s := h.Open(t, store.JobsConfig{Workers: workers, MaxWorkers: 4, ID: "storetest_node_1"})
	require.NoError(t, s.Migrate(ctx))
	require.NoError(t, s.JobsStart(ctx))
	t.Cleanup(func() {
		close(w.release)
		stopCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		require.NoError(t, s.JobsStop(stopCtx))
	})
	require.NoError(t, s.InTx(ctx, func(tx store.Tx) error { return tx.Enqueue(ctx, holdArgs{}, nil) }))
	started := func() int {
		t.Helper()
		select {
		case attempt := <-w.started:
			return attempt
		case <-time.After(30 * time.Second):
			t.Fatal("the job never started")
			return 0
		}
	}
	require.Equal(t, 1, started())

	n, err := s.JobsRescue(ctx, "storetest_node_2")
	require.NoError(t, err)
	require.Zero(t, n, "another client's jobs are left alone")
	n, err = s.JobsRescue(ctx, "storetest_node_1")
	require.NoError(t, err)
	require.Equal(t, 1, n)
	require.Equal(t, 2, started(), "taken back and worked again at once")
}
