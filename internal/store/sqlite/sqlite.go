// Package sqlite is the SQLite backend of store.Store, on the pure-Go
// modernc.org/sqlite driver, so the binary needs no C toolchain and the
// whole instance is one file to back up.
//
// SQLite lets one writer in at a time. Rather than have concurrent writers
// fail with SQLITE_BUSY, every write goes through a pool of one connection:
// writers queue in Go and each waits its turn. Reads use a separate pool of
// read-only connections, which WAL mode lets run beside the writer. River
// shares the write pool, so a job inserted with Tx.Enqueue commits with the
// change it belongs to.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"runtime"
	"time"

	"github.com/riverqueue/river"

	"github.com/gather-coop/gather/internal/store"
)

var _ store.Store = (*Store)(nil)

// Store is a SQLite database.
type Store struct {
	queries
	write *sql.DB
	read  *sql.DB
	river *river.Client[*sql.Tx]
	jobs  *wakingDriver
	hub   store.Hub
}

// FileName is the database's file in a data dir: what serve opens, and
// what backup, restore, copy-to and the doctor look for.
const FileName = "gather.db"

// PathIn is the database file of the data dir dataDir.
func PathIn(dataDir string) string { return filepath.Join(dataDir, FileName) }

// Open opens (creating if needed) the SQLite database at path. It does not
// migrate: call Migrate.
func Open(ctx context.Context, path string, jobs store.JobsConfig) (*Store, error) {
	write, err := openPool(path, false)
	if err != nil {
		return nil, err
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	if err := write.PingContext(ctx); err != nil {
		_ = write.Close()
		return nil, fmt.Errorf("open sqlite database %s: %w", path, err)
	}
	read, err := openPool(path, true)
	if err != nil {
		_ = write.Close()
		return nil, err
	}
	conns := max(4, runtime.GOMAXPROCS(0)*2)
	read.SetMaxOpenConns(conns)
	read.SetMaxIdleConns(conns)

	driver := newWakingDriver(write)
	client, err := river.NewClient[*sql.Tx](driver, jobs.RiverConfig())
	if err != nil {
		_ = write.Close()
		_ = read.Close()
		return nil, fmt.Errorf("create job client: %w", err)
	}
	return &Store{
		queries: newQueries(read, write),
		write:   write,
		read:    read,
		river:   client,
		jobs:    driver,
	}, nil
}

func openPool(path string, readOnly bool) (*sql.DB, error) {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Set("_txlock", "immediate")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	}
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	registerDriver()
	db, err := sql.Open(driverName, dsn)
	if err != nil {
		return nil, fmt.Errorf("open sqlite database %s: %w", path, err)
	}
	return db, nil
}

// InTx implements store.Store.
func (s *Store) InTx(ctx context.Context, fn func(store.Tx) error) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", interpretError(err))
	}
	t := &Tx{queries: newQueries(tx, tx), tx: tx, river: s.river}
	if err := fn(t); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", interpretError(err))
	}
	if t.enqueued {
		s.jobs.wake(ctx)
	}
	t.pending.DeliverTo(&s.hub)
	return nil
}

// Ping implements store.Store.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.read.PingContext(ctx); err != nil {
		return fmt.Errorf("ping sqlite: %w", err)
	}
	return nil
}

// JobsStart implements store.Store.
func (s *Store) JobsStart(ctx context.Context) error { return s.river.Start(ctx) }

// JobsStop implements store.Store.
func (s *Store) JobsStop(ctx context.Context) error { return store.StopJobs(ctx, s.river) }

// JobCounts implements store.Store.
func (s *Store) JobCounts(ctx context.Context) (map[string]int, error) {
	return jobCounts(ctx, s.read)
}

// JobsOldestAvailable implements store.Store.
func (s *Store) JobsOldestAvailable(ctx context.Context) (time.Time, bool, error) {
	return jobsOldestAvailable(ctx, s.read)
}

// jobsRescueSQL frees the jobs whose latest attempt was by a given client.
// A running job's scheduled_at is already past, so available is enough
// for the next fetch to take it.
const jobsRescueSQL = `UPDATE river_job SET state = 'available'
WHERE state = 'running' AND json_extract(attempted_by, '$[#-1]') = ?`

// JobsRescue implements store.Store.
func (s *Store) JobsRescue(ctx context.Context, clientID string) (int, error) {
	res, err := s.write.ExecContext(ctx, jobsRescueSQL, clientID)
	if err != nil {
		return 0, fmt.Errorf("rescue jobs of %s: %w", clientID, err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// Close implements store.Store.
func (s *Store) Close() error {
	return errors.Join(s.read.Close(), s.write.Close())
}

// Tx is a SQLite write transaction.
type Tx struct {
	queries
	tx       *sql.Tx
	river    *river.Client[*sql.Tx]
	enqueued bool // River should look for jobs once this commits
	pending  store.Pending
}

// Enqueue implements store.Tx.
func (t *Tx) Enqueue(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) error {
	if _, err := t.river.InsertTx(ctx, t.tx, args, opts); err != nil {
		return fmt.Errorf("enqueue %s: %w", args.Kind(), err)
	}
	t.enqueued = true
	return nil
}

// EnqueueMany implements store.Tx.
func (t *Tx) EnqueueMany(ctx context.Context, jobs []river.InsertManyParams) error {
	if len(jobs) == 0 {
		return nil
	}
	if _, err := t.river.InsertManyFastTx(ctx, t.tx, jobs); err != nil {
		return fmt.Errorf("enqueue %d %s jobs: %w", len(jobs), jobs[0].Args.Kind(), err)
	}
	t.enqueued = true
	return nil
}
