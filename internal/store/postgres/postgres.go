// Package postgres is the PostgreSQL backend of store.Store, on pgx v5.
// Several gather processes may share one database: River spreads jobs
// among them, and migrations take an advisory lock.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/sqlstore"
	"github.com/gather-coop/gather/internal/store/sqlstore/accountsql"
	"github.com/gather-coop/gather/internal/store/sqlstore/fedsql"
)

var _ store.Store = (*Store)(nil)

// Store is a PostgreSQL database.
type Store struct {
	queries
	pool    *pgxpool.Pool
	river   *river.Client[pgx.Tx]
	changes *changes
}

// Open connects to the database at url (postgres://…). It does not migrate:
// call Migrate.
func Open(ctx context.Context, url string, jobs store.JobsConfig) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("database URL: %w", err)
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = 10 * time.Second
	}
	if !strings.Contains(url, "pool_max_conns") {
		// pgxpool's default, one connection per core (at least 4), is
		// shared here by up to 200 River workers, River's own listener and
		// leader, and every HTTP request; most of them hold a connection
		// only for a query or a short transaction, so a few more keep
		// them from queueing while well inside PostgreSQL's default of
		// 100. ?pool_max_conns=N in the URL overrides it.
		cfg.MaxConns = max(cfg.MaxConns, int32(4*runtime.GOMAXPROCS(0)), 8)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect to postgres: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to postgres at %s:%d: %w", cfg.ConnConfig.Host, cfg.ConnConfig.Port, err)
	}
	client, err := river.NewClient(riverpgxv5.New(pool), jobs.RiverConfig())
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("create job client: %w", err)
	}
	s := &Store{queries: newQueries(pool), pool: pool, river: client}
	if s.changes, err = newChanges(ctx, s, jobs.Logger); err != nil {
		pool.Close()
		return nil, err
	}
	return s, nil
}

// InTx implements store.Store.
func (s *Store) InTx(ctx context.Context, fn func(store.Tx) error) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	t := &Tx{queries: newQueries(tx), tx: tx, river: s.river, changes: s.changes}
	if err := fn(t); err != nil {
		_ = tx.Rollback(ctx)
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit: %w", interpretError(err))
	}
	t.pending.DeliverTo(&s.changes.hub)
	return nil
}

// Ping implements store.Store.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.pool.Ping(ctx); err != nil {
		return fmt.Errorf("ping postgres: %w", err)
	}
	return nil
}

// JobsStart implements store.Store.
func (s *Store) JobsStart(ctx context.Context) error { return s.river.Start(ctx) }

// JobsStop implements store.Store.
func (s *Store) JobsStop(ctx context.Context) error { return store.StopJobs(ctx, s.river) }

// JobCounts implements store.Store.
func (s *Store) JobCounts(ctx context.Context) (map[string]int, error) {
	rows, err := s.pool.Query(ctx, `SELECT state::text, count(*) FROM river_job GROUP BY state`)
	if err != nil {
		return nil, fmt.Errorf("count jobs: %w", err)
	}
	counts := map[string]int{}
	var state string
	var n int
	_, err = pgx.ForEachRow(rows, []any{&state, &n}, func() error { counts[state] = n; return nil })
	if err != nil {
		return nil, fmt.Errorf("count jobs: %w", err)
	}
	return counts, nil
}

// JobsOldestAvailable implements store.Store.
func (s *Store) JobsOldestAvailable(ctx context.Context) (time.Time, bool, error) {
	var at time.Time
	err := s.pool.QueryRow(ctx, `SELECT scheduled_at FROM river_job WHERE state IN ('available', 'scheduled', 'retryable') ORDER BY scheduled_at LIMIT 1`).Scan(&at)
	if errors.Is(err, pgx.ErrNoRows) {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, fmt.Errorf("oldest available job: %w", err)
	}
	return at, !at.After(time.Now()), nil
}

// jobsRescueSQL frees the jobs whose latest attempt was by a given client.
// A running job's scheduled_at is already past, so available is enough
// for the next fetch to take it.
const jobsRescueSQL = `UPDATE river_job SET state = 'available'
WHERE state = 'running' AND attempted_by[array_upper(attempted_by, 1)] = $1`

// JobsRescue implements store.Store.
func (s *Store) JobsRescue(ctx context.Context, clientID string) (int, error) {
	tag, err := s.pool.Exec(ctx, jobsRescueSQL, clientID)
	if err != nil {
		return 0, fmt.Errorf("rescue jobs of %s: %w", clientID, err)
	}
	return int(tag.RowsAffected()), nil
}

// Close implements store.Store.
func (s *Store) Close() error {
	s.changes.close()
	s.pool.Close()
	return nil
}

// Tx is a PostgreSQL transaction.
type Tx struct {
	queries
	tx      pgx.Tx
	river   *river.Client[pgx.Tx]
	changes *changes
	pending store.Pending
}

// Enqueue implements store.Tx.
func (t *Tx) Enqueue(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) error {
	if _, err := t.river.InsertTx(ctx, t.tx, args, opts); err != nil {
		return fmt.Errorf("enqueue %s: %w", args.Kind(), err)
	}
	return nil
}

// querier is what *pgxpool.Pool and pgx.Tx have in common.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// queries runs statements on the pool, or inside a transaction: the
// shared ones of sqlstore, and the few written for PostgreSQL alone.
type queries struct {
	sqlstore.Queries
	fedsql.Plumbing
	accountsql.Accounts
	q querier
}

func newQueries(q querier) queries {
	d := db{q}
	return queries{Queries: sqlstore.New(d, d), Plumbing: fedsql.New(d, d), Accounts: accountsql.New(d, d), q: q}
}

// db is a querier as sqlstore wants it: driver errors mapped onto the
// store's, pgx's rows as they are.
type db struct{ q querier }

func (d db) Exec(ctx context.Context, sql string, args ...any) (int64, error) {
	tag, err := d.q.Exec(ctx, sql, args...)
	if err != nil {
		return 0, interpretError(err)
	}
	return tag.RowsAffected(), nil
}

func (d db) Query(ctx context.Context, sql string, args ...any) (sqlstore.Rows, error) {
	rows, err := d.q.Query(ctx, sql, args...)
	if err != nil {
		return nil, interpretError(err)
	}
	return rows, nil
}

func (d db) QueryRow(ctx context.Context, sql string, args ...any) sqlstore.Row {
	return row{d.q.QueryRow(ctx, sql, args...)}
}

// row maps the error of pgx's QueryRow, which comes only with Scan.
type row struct{ pgx.Row }

func (r row) Scan(dest ...any) error { return interpretError(r.Row.Scan(dest...)) }

// interpretError maps driver errors onto the store's sentinel errors.
func interpretError(err error) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return store.ErrNotFound
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" { // unique_violation
		return fmt.Errorf("%w: %w", store.ErrConflict, err)
	}
	return err
}

// EnqueueMany implements store.Tx.
func (t *Tx) EnqueueMany(ctx context.Context, jobs []river.InsertManyParams) error {
	if len(jobs) == 0 {
		return nil
	}
	if _, err := t.river.InsertManyFastTx(ctx, t.tx, jobs); err != nil {
		return fmt.Errorf("enqueue %d %s jobs: %w", len(jobs), jobs[0].Args.Kind(), err)
	}
	return nil
}
