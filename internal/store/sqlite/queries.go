package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/sqlstore"
	"github.com/gather-coop/gather/internal/store/sqlstore/accountsql"
	"github.com/gather-coop/gather/internal/store/sqlstore/fedsql"
)

// querier is what *sql.DB and *sql.Tx have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// queries runs statements: reads on read, writes on write. Outside a
// transaction they are the two pools; inside one, both are the transaction.
// Most are sqlstore's; the few written for SQLite alone are here.
type queries struct {
	sqlstore.Queries
	fedsql.Plumbing
	accountsql.Accounts
	read  querier
	write querier
}

func newQueries(read, write querier) queries {
	return queries{Queries: sqlstore.New(db{read}, db{write}), Plumbing: fedsql.New(db{read}, db{write}),
		Accounts: accountsql.New(db{read}, db{write}), read: read, write: write}
}

// db is a querier as sqlstore wants it, with driver errors mapped onto
// the store's.
type db struct{ q querier }

func (d db) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	res, err := d.q.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, interpretError(err)
	}
	n, err := res.RowsAffected()
	return n, interpretError(err)
}

func (d db) Query(ctx context.Context, query string, args ...any) (sqlstore.Rows, error) {
	r, err := d.q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, interpretError(err)
	}
	return rows{r}, nil
}

func (d db) QueryRow(ctx context.Context, query string, args ...any) sqlstore.Row {
	return row{d.q.QueryRowContext(ctx, query, args...)}
}

// rows is *sql.Rows with pgx's Close, which reports nothing: its error,
// if any, is Err's.
type rows struct{ *sql.Rows }

func (r rows) Close() { _ = r.Rows.Close() }

// row maps the error of QueryRow, which comes only with Scan.
type row struct{ *sql.Row }

func (r row) Scan(dest ...any) error { return interpretError(r.Row.Scan(dest...)) }

// interpretError maps driver errors onto the store's sentinel errors.
func interpretError(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return store.ErrNotFound
	}
	var serr *sqlite.Error
	if errors.As(err, &serr) {
		switch serr.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return fmt.Errorf("%w: %w", store.ErrConflict, err)
		}
	}
	return err
}

const jobCountsSQL = `SELECT state, count(*) FROM river_job GROUP BY state`

// jobsOldestAvailableSQL reads the column itself, not min() of it: SQLite
// keeps a column's declared type, which the driver reads back as a time,
// only for the column.
const jobsOldestAvailableSQL = `SELECT scheduled_at FROM river_job WHERE state IN ('available', 'scheduled', 'retryable') ORDER BY scheduled_at LIMIT 1`

func jobsOldestAvailable(ctx context.Context, q querier) (time.Time, bool, error) {
	var at time.Time
	err := q.QueryRowContext(ctx, jobsOldestAvailableSQL).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, fmt.Errorf("oldest available job: %w", err)
	}
	return at, !at.After(time.Now()), nil
}

func jobCounts(ctx context.Context, q querier) (map[string]int, error) {
	rows, err := q.QueryContext(ctx, jobCountsSQL)
	if err != nil {
		return nil, fmt.Errorf("count jobs: %w", err)
	}
	defer rows.Close()
	counts := map[string]int{}
	for rows.Next() {
		var state string
		var n int
		if err := rows.Scan(&state, &n); err != nil {
			return nil, fmt.Errorf("count jobs: %w", err)
		}
		counts[state] = n
	}
	return counts, rows.Err()
}
