// Package sqlstore holds the queries the SQLite and PostgreSQL backends
// share: one file per table, each query written once, and the migration
// runner. The federation plumbing tables (activities, remote actors, hosts,
// follows) are in the sub-package fedsql, and the accounts' (our actors,
// users, web sessions, sign-in failures, memberships) in accountsql, on
// the same DB. The backends hand
// it a DB for reads and one for writes (the same one on PostgreSQL, and
// inside any transaction) and keep only what differs: opening,
// transactions, locks, how a migration's transaction is made, and jobs.
//
// The SQL here is what both dialects accept: $n placeholders (SQLite reads
// $1 as the first argument, as PostgreSQL does, and the same $n may appear
// twice), CAST(… AS …) where PostgreSQL cannot infer a parameter's type,
// and lists of values spelled out as IN ($n, …) rather than arrays.
package sqlstore

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/rowscan"
)

// DB runs statements: a pool or a transaction, on either driver. Errors
// come back already mapped onto the store's sentinels (store.ErrNotFound
// for no row, store.ErrConflict for a broken uniqueness rule), so the
// queries here never look at a driver's error types.
type DB interface {
	// Exec runs a statement and returns how many rows it changed.
	Exec(ctx context.Context, query string, args ...any) (int64, error)
	Query(ctx context.Context, query string, args ...any) (Rows, error)
	QueryRow(ctx context.Context, query string, args ...any) Row
}

// Rows is what pgx.Rows and (wrapped) *sql.Rows have in common.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close()
}

// Row is one row of QueryRow: pgx.Row or *sql.Row.
type Row interface {
	Scan(dest ...any) error
}

// Queries implements store.Queries on the DBs it was made with, but for
// the federation plumbing tables (fedsql's), the accounts' tables
// (accountsql's) and the few methods whose SQL the dialects do not share
// (EventLock).
type Queries struct {
	read  DB
	write DB
}

// Queries does every table's queries but fedsql's, accountsql's and
// EventLock, a lock each dialect takes its own way.
var _ interface {
	store.CommentQueries
	store.GatheringQueries
	store.ModerationQueries
	store.ProfileQueries
	store.ProposalQueries
	store.RemoteEventQueries
	store.ReportQueries
	store.AuditQueries
	store.CommentHideQueries
	store.ReminderQueries
	store.SeriesQueries
	store.StandingQueries
	store.SessionQueries
	store.SlotPollQueries
	store.SourceQueries
} = Queries{}

// New returns the queries that read on read and write on write. SQLite
// gives a read-only pool and its single writer; PostgreSQL, and any
// transaction, give the same DB twice.
func New(read, write DB) Queries { return Queries{read: read, write: write} }

// list is List, the short name the table files here use.
func list[T any](ctx context.Context, db DB, scan func(rowscan.Row) (T, error), query string, args ...any) ([]T, error) {
	return List(ctx, db, scan, query, args...)
}

// inList is InList, the short name the table files here use.
func inList[T any](args *[]any, vals []T) string { return InList(args, vals) }

// param is Param, the short name the table files here use.
func param(args *[]any, v any) string { return Param(args, v) }

// List runs a query and reads each of its rows with scan. It, InList and
// Param (and OneRow) are exported for the sub-packages' queries
// (fedsql, accountsql).
func List[T any](ctx context.Context, db DB, scan func(rowscan.Row) (T, error), query string, args ...any) ([]T, error) {
	rows, err := db.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// oneRow is OneRow, the short name the table files here use.
func oneRow(n int64, err error) error { return OneRow(n, err) }

// OneRow turns the outcome of a statement on one row by key into an
// error: ErrNotFound if it changed none.
func OneRow(n int64, err error) error {
	if err != nil {
		return err
	}
	if n == 0 {
		return store.ErrNotFound
	}
	return nil
}

// InList appends vals to args and returns their placeholders, "$k, $k+1,
// …", to spell a list out in IN (…) the same way in both dialects.
func InList[T any](args *[]any, vals []T) string {
	var b strings.Builder
	for i, v := range vals {
		if i > 0 {
			b.WriteString(", ")
		}
		*args = append(*args, v)
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(len(*args)))
	}
	return b.String()
}

// Param appends v to args and returns its placeholder, for a query built
// piece by piece.
func Param(args *[]any, v any) string {
	*args = append(*args, v)
	return "$" + strconv.Itoa(len(*args))
}

func utcOrNil(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC()
}

func errorIsNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }
