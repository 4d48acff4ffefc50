// Package storetest is the conformance suite every store.Store backend
// passes, and its harness. The suite is in three parts, each with its own
// Run that the SQLite and PostgreSQL tests both call with one [Harness]:
// this package (accounts, jobs, migrations and upgrades, series, the
// network calendar), storetest/fed (federation, moderation, reports,
// change notices) and storetest/events (gatherings, RSVPs, ids,
// memberships, profiles, web sessions). The fixtures the parts share are
// exported from fixtures.go.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/migrations"
)

// Harness is what a backend gives the suite.
type Harness struct {
	// Open opens a new, empty, unmigrated database for one test, with jobs
	// configured by cfg, and closes it when the test ends.
	Open func(t *testing.T, cfg store.JobsConfig) store.Store
	// Exec runs raw SQL on s, to arrange states no Store method makes.
	Exec func(ctx context.Context, s store.Store, sql string) error
	// MigrateTo applies s's migrations up to version and no further, to
	// test a later migration on the data an earlier schema held.
	MigrateTo func(ctx context.Context, s store.Store, version int) error
	// Query runs raw SQL on s and returns its rows, each value printed
	// with fmt.Sprint ("<nil>" for NULL).
	Query func(ctx context.Context, s store.Store, sql string) ([][]string, error)
	// OpenAgain opens another Store on s's database, as a second node
	// would, closed when the test ends; nil for a backend that serves one
	// process (SQLite).
	OpenAgain func(t *testing.T, s store.Store) store.Store
	// DropListener cuts the connection that listens for s's change
	// notices, as a network failure would; nil when nothing listens.
	DropListener func(ctx context.Context, s store.Store) error
}

// Run runs the whole suite against the backend h opens.
func Run(t *testing.T, h Harness) {
	t.Run("Migrate", func(t *testing.T) { t.Parallel(); testMigrate(t, h) })
	t.Run("Actors", func(t *testing.T) { t.Parallel(); testActors(t, h) })
	t.Run("Users", func(t *testing.T) { t.Parallel(); testUsers(t, h) })
	t.Run("Tokens", func(t *testing.T) { t.Parallel(); testTokens(t, h) })
	t.Run("TxRollback", func(t *testing.T) { t.Parallel(); testTxRollback(t, h) })
	t.Run("ConcurrentWriters", func(t *testing.T) { t.Parallel(); testConcurrentWriters(t, h) })
	t.Run("JobsEnqueuedWithTheirData", func(t *testing.T) { t.Parallel(); testJobs(t, h) })
	t.Run("JobsRescue", func(t *testing.T) { t.Parallel(); testJobsRescue(t, h) })
	t.Run("JobsWorkedWithoutWaitingForAPoll", func(t *testing.T) { t.Parallel(); testJobsWithoutPolling(t, h) })
	t.Run("JobsOldestAvailable", func(t *testing.T) { t.Parallel(); testJobsOldestAvailable(t, h) })
	t.Run("HostHealth", func(t *testing.T) { t.Parallel(); testHostHealth(t, h) })
	runSeries(t, h)
	runReminders(t, h)
	runMyDay(t, h)
	runNetwork(t, h)
	t.Run("UpgradeFromEveryVersion", func(t *testing.T) { t.Parallel(); testUpgradeFromEveryVersion(t, h) })
}

// testArgs is a job kind used only by this suite.
type testArgs struct {
	Username string `json:"username"`
}

func (testArgs) Kind() string { return "storetest_touch" }

type testWorker struct {
	river.WorkerDefaults[testArgs]
	done chan string
}

func (w *testWorker) Work(ctx context.Context, job *river.Job[testArgs]) error {
	w.done <- job.Args.Username
	return nil
}

type bundle struct {
	store  store.Store
	worked chan string
}

func setup(t *testing.T, h Harness) *bundle {
	t.Helper()
	workers := river.NewWorkers()
	w := &testWorker{done: make(chan string, 16)}
	river.AddWorker(workers, w)
	s := h.Open(t, store.JobsConfig{Workers: workers, MaxWorkers: 2})
	require.NoError(t, s.Migrate(context.Background()))
	return &bundle{store: s, worked: w.done}
}

func newActor(handle string) *store.ActorCreateParams {
	return &store.ActorCreateParams{
		Handle: handle, Kind: model.ActorGroup, Name: "Co-op " + handle,
		PrivateKeyPEM: "private", PublicKeyPEM: "public",
		CreatedAt: time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC),
	}
}

func testMigrate(t *testing.T, h Harness) {
	ctx := context.Background()
	b := setup(t, h)

	status, err := b.store.SchemaStatus(ctx)
	require.NoError(t, err)
	require.True(t, status.Current(), "status after migrate: %+v", status)
	require.Positive(t, status.Latest)

	// Running it again changes nothing and fails nothing.
	require.NoError(t, b.store.Migrate(ctx))

	// A database touched by a newer binary is refused, with the versions.
	_, err = b.store.UserCreate(ctx, &store.UserCreateParams{Username: "keep", PasswordHash: "x", Role: model.RoleAdmin, CreatedAt: time.Now()})
	require.NoError(t, err)
	require.NoError(t, h.Exec(ctx, b.store, fmt.Sprintf(
		`INSERT INTO schema_migrations (version, name, applied_at) VALUES (%d, 'from_the_future', CURRENT_TIMESTAMP)`, status.Latest+1)))
	err = b.store.Migrate(ctx)
	var tooNew *migrations.TooNewError
	require.ErrorAs(t, err, &tooNew)
	require.Equal(t, status.Latest+1, tooNew.Applied)
	status, err = b.store.SchemaStatus(ctx)
	require.NoError(t, err)
	require.True(t, status.TooNew())
	n, err := b.store.UserCount(ctx)
	require.NoError(t, err)
	require.Equal(t, 1, n, "refusing a newer schema must not touch the data")
}

func testActors(t *testing.T, h Harness) {
	ctx := context.Background()
	b := setup(t, h)

	created, err := b.store.ActorCreate(ctx, newActor("events"))
	require.NoError(t, err)
	require.NotZero(t, created.ID)
	require.Equal(t, "Co-op events", created.Name)
	require.False(t, created.ManuallyApprovesFollowers)
	require.True(t, created.Discoverable)
	require.True(t, created.CreatedAt.Equal(time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC)), "created_at round trip: %v", created.CreatedAt)

	got, err := b.store.ActorGetByHandle(ctx, "events")
	require.NoError(t, err)
	require.Equal(t, created.ID, got.ID)
	require.Equal(t, "private", got.PrivateKeyPEM)

	byID, err := b.store.ActorGetByID(ctx, created.ID)
	require.NoError(t, err)
	require.Equal(t, "events", byID.Handle)

	_, err = b.store.ActorCreate(ctx, newActor("events"))
	require.ErrorIs(t, err, store.ErrConflict)

	_, err = b.store.ActorGetByHandle(ctx, "nobody")
	require.ErrorIs(t, err, store.ErrNotFound)

	app := newActor("instance")
	app.Kind = model.ActorApplication
	_, err = b.store.ActorCreate(ctx, app)
	require.NoError(t, err)
	_, err = b.store.ActorCreate(ctx, newActor("second"))
	require.NoError(t, err)

	updated, err := b.store.ActorUpdate(ctx, &store.ActorUpdateParams{ID: created.ID, Name: "Events", Summary: "<p>Hi</p>",
		ManuallyApprovesFollowers: true, Discoverable: false})
	require.NoError(t, err)
	require.Equal(t, "Events", updated.Name)
	require.True(t, updated.ManuallyApprovesFollowers)
	require.False(t, updated.Discoverable)
	_, err = b.store.ActorUpdate(ctx, &store.ActorUpdateParams{ID: 99999, Name: "x"})
	require.ErrorIs(t, err, store.ErrNotFound)

	groups, err := b.store.ActorList(ctx, model.ActorGroup)
	require.NoError(t, err)
	require.Len(t, groups, 2)
	require.Equal(t, "events", groups[0].Handle, "oldest first")
	require.Equal(t, "second", groups[1].Handle)
}

func testUsers(t *testing.T, h Harness) {
	ctx := context.Background()
	b := setup(t, h)

	n, err := b.store.UserCount(ctx)
	require.NoError(t, err)
	require.Zero(t, n)

	u, err := b.store.UserCreate(ctx, &store.UserCreateParams{Username: "ada", PasswordHash: "hash", Role: model.RoleAdmin, CreatedAt: time.Now()})
	require.NoError(t, err)
	require.Equal(t, model.RoleAdmin, u.Role)

	got, err := b.store.UserGetByUsername(ctx, "ada")
	require.NoError(t, err)
	require.Equal(t, u.ID, got.ID)
	require.Equal(t, "hash", got.PasswordHash)

	_, err = b.store.UserCreate(ctx, &store.UserCreateParams{Username: "ada", PasswordHash: "other", Role: model.RoleOrganiser, CreatedAt: time.Now()})
	require.ErrorIs(t, err, store.ErrConflict)

	_, err = b.store.UserGetByUsername(ctx, "grace")
	require.ErrorIs(t, err, store.ErrNotFound)

	n, err = b.store.UserCount(ctx)
	require.NoError(t, err)
	require.Equal(t, 1, n)
}

func testTokens(t *testing.T, h Harness) {
	ctx := context.Background()
	b := setup(t, h)

	u, err := b.store.UserCreate(ctx, &store.UserCreateParams{Username: "ada", PasswordHash: "hash", Role: model.RoleOrganiser, CreatedAt: time.Now()})
	require.NoError(t, err)
	require.NoError(t, b.store.TokenCreate(ctx, &store.TokenCreateParams{UserID: u.ID, Hash: "abc", Scope: model.ScopeWrite, CreatedAt: time.Now()}))

	got, _, err := b.store.TokenUser(ctx, "abc", time.Now())
	require.NoError(t, err)
	require.Equal(t, "ada", got.Username)
	require.Equal(t, model.RoleOrganiser, got.Role)

	_, _, err = b.store.TokenUser(ctx, "wrong", time.Now())
	require.ErrorIs(t, err, store.ErrNotFound)

	err = b.store.TokenCreate(ctx, &store.TokenCreateParams{UserID: u.ID, Hash: "abc", Scope: model.ScopeWrite, CreatedAt: time.Now()})
	require.ErrorIs(t, err, store.ErrConflict)
}

func testTxRollback(t *testing.T, h Harness) {
	ctx := context.Background()
	b := setup(t, h)

	boom := errors.New("boom")
	err := b.store.InTx(ctx, func(tx store.Tx) error {
		if _, err := tx.ActorCreate(ctx, newActor("half")); err != nil {
			return err
		}
		if err := tx.Enqueue(ctx, testArgs{Username: "half"}, nil); err != nil {
			return err
		}
		return boom
	})
	require.ErrorIs(t, err, boom)

	_, err = b.store.ActorGetByHandle(ctx, "half")
	require.ErrorIs(t, err, store.ErrNotFound, "a failed transaction leaves nothing behind")
	counts, err := b.store.JobCounts(ctx)
	require.NoError(t, err)
	require.Zero(t, counts["available"], "nor its job")
}

// testConcurrentWriters shows that writers wait their turn instead of
// failing (SQLite allows one writer at a time).
func testConcurrentWriters(t *testing.T, h Harness) {
	ctx := context.Background()
	b := setup(t, h)

	const writers = 40
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- b.store.InTx(ctx, func(tx store.Tx) error {
				n, err := tx.UserCount(ctx)
				if err != nil {
					return err
				}
				_, err = tx.UserCreate(ctx, &store.UserCreateParams{
					Username: fmt.Sprintf("user%d", i), PasswordHash: fmt.Sprint(n), Role: model.RoleOrganiser, CreatedAt: time.Now(),
				})
				return err
			})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	n, err := b.store.UserCount(ctx)
	require.NoError(t, err)
	require.Equal(t, writers, n)
}

// testJobsWithoutPolling: a job enqueued in a transaction is worked as
// soon as the transaction commits, not at River's next poll (here an hour
// away): PostgreSQL notifies, and the SQLite backend wakes River itself.
func testJobsWithoutPolling(t *testing.T, h Harness) {
	ctx := context.Background()
	workers := river.NewWorkers()
	w := &testWorker{done: make(chan string, 16)}
	river.AddWorker(workers, w)
	s := h.Open(t, store.JobsConfig{Workers: workers, MaxWorkers: 2, FetchPollInterval: time.Hour})
	require.NoError(t, s.Migrate(ctx))
	// A job waiting at start is found by River's first fetch; once it is
	// worked, River has nothing left to find but what it is told of.
	require.NoError(t, s.InTx(ctx, func(tx store.Tx) error { return tx.Enqueue(ctx, testArgs{Username: "first"}, nil) }))
	require.NoError(t, s.JobsStart(ctx))
	t.Cleanup(func() {
		stopCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		require.NoError(t, s.JobsStop(stopCtx))
	})
	require.Equal(t, "first", <-w.done)
	// River 0.51 may miss a SQLite wake-up that comes right after a fetch
	// (see sqlite/wake.go); what is checked is a commit on an idle queue.
	time.Sleep(200 * time.Millisecond)

	for _, name := range []string{"one", "many"} {
		require.NoError(t, s.InTx(ctx, func(tx store.Tx) error {
			if name == "one" {
				return tx.Enqueue(ctx, testArgs{Username: name}, nil)
			}
			return tx.EnqueueMany(ctx, []river.InsertManyParams{{Args: testArgs{Username: name}}})
		}))
		select {
		case got := <-w.done:
			require.Equal(t, name, got)
		case <-time.After(30 * time.Second):
			t.Fatalf("the job enqueued as %q waited for a poll", name)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func testJobs(t *testing.T, h Harness) {
	ctx := context.Background()
	b := setup(t, h)
	require.NoError(t, b.store.JobsStart(ctx))
	t.Cleanup(func() {
		stopCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		require.NoError(t, b.store.JobsStop(stopCtx))
	})

	require.NoError(t, b.store.InTx(ctx, func(tx store.Tx) error {
		if _, err := tx.UserCreate(ctx, &store.UserCreateParams{Username: "ada", PasswordHash: "x", Role: model.RoleAdmin, CreatedAt: time.Now()}); err != nil {
			return err
		}
		return tx.Enqueue(ctx, testArgs{Username: "ada"}, nil)
	}))

	select {
	case got := <-b.worked:
		require.Equal(t, "ada", got)
	case <-time.After(30 * time.Second):
		t.Fatal("the job enqueued with its data was never worked")
	}
}
