package postgres_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite"

	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/postgres"
	"github.com/gather-coop/gather/internal/store/sqlite"
	"github.com/gather-coop/gather/internal/store/storetest"
)

type copiedJob struct{ N int }

func (copiedJob) Kind() string { return "copy_test" }

// TestCopyFromSQLiteKeepsJobsToRun: the jobs still to run (due now, due
// later, unique) arrive in PostgreSQL as they were; finished ones stay
// behind.
func TestCopyFromSQLiteKeepsJobsToRun(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := storetest.SQLitePath(t)
	src, err := sqlite.Open(ctx, path, store.JobsConfig{})
	require.NoError(t, err)
	require.NoError(t, src.Migrate(ctx))
	later := time.Now().Add(time.Hour).UTC().Truncate(time.Second)
	require.NoError(t, src.InTx(ctx, func(tx store.Tx) error {
		if err := tx.Enqueue(ctx, copiedJob{N: 1}, nil); err != nil {
			return err
		}
		if err := tx.Enqueue(ctx, copiedJob{N: 2}, &river.InsertOpts{ScheduledAt: later,
			UniqueOpts: river.UniqueOpts{ByArgs: true}}); err != nil {
			return err
		}
		return tx.Enqueue(ctx, copiedJob{N: 3}, nil)
	}))
	require.NoError(t, src.Close())
	raw, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	_, err = raw.ExecContext(ctx, `UPDATE river_job SET state = 'completed', finalized_at = CURRENT_TIMESTAMP
		WHERE json_extract(args, '$.N') = 3`)
	require.NoError(t, err)
	require.NoError(t, raw.Close())

	dst, err := postgres.Open(ctx, storetest.PostgresURL(t), store.JobsConfig{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = dst.Close() })
	require.NoError(t, dst.Migrate(ctx))
	reader, err := sqlite.OpenReader(path)
	require.NoError(t, err)
	defer reader.Close()
	rep, err := dst.CopyFromSQLite(ctx, reader)
	require.NoError(t, err)
	require.Equal(t, 2, rep.Jobs)
	require.Equal(t, 1, rep.FinishedJobs)

	conn, err := pgx.Connect(ctx, dst.URLForTest())
	require.NoError(t, err)
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT (args->>'N')::int, state::text, scheduled_at, unique_key IS NOT NULL,
		coalesce(unique_states::text, '') FROM river_job ORDER BY 1`)
	require.NoError(t, err)
	type job struct {
		n            int
		state        string
		at           time.Time
		unique       bool
		uniqueStates string
	}
	var got []job
	var j job
	_, err = pgx.ForEachRow(rows, []any{&j.n, &j.state, &j.at, &j.unique, &j.uniqueStates}, func() error {
		got = append(got, j)
		return nil
	})
	require.NoError(t, err)
	require.Len(t, got, 2)
	require.Equal(t, 1, got[0].n)
	require.Equal(t, "available", got[0].state)
	require.False(t, got[0].unique)
	require.Equal(t, 2, got[1].n)
	require.Equal(t, "scheduled", got[1].state)
	require.True(t, later.Equal(got[1].at), "due at %s, not %s", later, got[1].at)
	require.True(t, got[1].unique)
	// River's default unique states (all but cancelled and discarded),
	// in PostgreSQL's bit order: scheduled first, available last.
	require.Equal(t, "11110101", got[1].uniqueStates)
}
