package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// CopyReport is what CopyFromSQLite moved.
type CopyReport struct {
	Tables, Rows int
	// Jobs are the River jobs still to run, copied; FinishedJobs the
	// finished ones (completed, cancelled, discarded), left behind.
	Jobs, FinishedJobs int
}

// pendingJobStates are the River jobs copied: work not done yet. A
// running one was cut short when the SQLite instance stopped: it runs
// again, as it would at the SQLite instance's next start.
const pendingJobStates = `('available', 'pending', 'retryable', 'running', 'scheduled')`

// CopyFromSQLite copies every row of a SQLite instance, read in one
// transaction of src, into this database, which must be migrated to the
// same schema and hold no instance yet. Every id stays as it was, and
// each id sequence is set past the highest id the SQLite instance ever
// gave out (its sqlite_sequence, which deleted rows do not lower), so no
// id is given twice. The pending River jobs are copied; the history of
// finished ones is not. It all happens in one transaction: on any
// failure, nothing is written.
func (s *Store) CopyFromSQLite(ctx context.Context, src *sql.DB) (CopyReport, error) {
	var rep CopyReport
	stx, err := src.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return rep, fmt.Errorf("read the SQLite database: %w", err)
	}
	defer func() { _ = stx.Rollback() }()
	var srcVersion, dstVersion int
	if err := stx.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&srcVersion); err != nil {
		return rep, fmt.Errorf("read the SQLite schema version: %w", err)
	}
	if dstVersion, err = appliedVersion(ctx, s.pool); err != nil {
		return rep, err
	}
	if srcVersion != dstVersion {
		return rep, fmt.Errorf("the SQLite database is at schema version %d and PostgreSQL at %d: migrate both with this gather first", srcVersion, dstVersion)
	}

	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var actors, jobs int
		if err := tx.QueryRow(ctx, `SELECT (SELECT count(*) FROM actors), (SELECT count(*) FROM river_job)`).Scan(&actors, &jobs); err != nil {
			return fmt.Errorf("check the PostgreSQL database is empty: %w", err)
		}
		if actors > 0 || jobs > 0 {
			return fmt.Errorf("the PostgreSQL database already holds an instance (%d co-op accounts, %d jobs): copy-to writes only into an empty one", actors, jobs)
		}
		tables, err := tableOrder(ctx, tx)
		if err != nil {
			return err
		}
		// What the migrations put in (instance_settings' one row) makes
		// way for the SQLite instance's own. Children first.
		for _, t := range slices.Backward(tables) {
			if _, err := tx.Exec(ctx, `DELETE FROM `+pgx.Identifier{t}.Sanitize()); err != nil {
				return fmt.Errorf("empty %s: %w", t, err)
			}
		}
		for _, t := range tables {
			n, err := copyTable(ctx, stx, tx, t)
			if err != nil {
				return err
			}
			rep.Tables++
			rep.Rows += n
		}
		if err := setSequences(ctx, stx, tx, tables); err != nil {
			return err
		}
		rep.Jobs, rep.FinishedJobs, err = copyJobs(ctx, stx, tx)
		return err
	})
	return rep, err
}

// tableOrder lists our tables (River's, schema_migrations and
// inbox_counts aside), each after the tables its foreign keys point to.
// inbox_counts is PostgreSQL's alone: SQLite keeps its counts in memory.
func tableOrder(ctx context.Context, tx pgx.Tx) ([]string, error) {
	rows, err := tx.Query(ctx, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
		  AND table_name NOT LIKE 'river\_%' AND table_name <> 'schema_migrations'
		  AND table_name <> 'inbox_counts'
		ORDER BY table_name`)
	if err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	rows, err = tx.Query(ctx, `SELECT c.relname, p.relname FROM pg_constraint k
		JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
		WHERE k.contype = 'f' AND k.connamespace = current_schema()::regnamespace AND c.oid <> p.oid`)
	if err != nil {
		return nil, fmt.Errorf("list foreign keys: %w", err)
	}
	parents := map[string][]string{}
	var child, parent string
	if _, err := pgx.ForEachRow(rows, []any{&child, &parent}, func() error {
		parents[child] = append(parents[child], parent)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("list foreign keys: %w", err)
	}
	var order []string
	state := map[string]int{} // 1: being placed, 2: placed
	var place func(string) error
	place = func(t string) error {
		switch state[t] {
		case 1:
			return fmt.Errorf("tables %s refer to each other in a circle", t)
		case 2:
			return nil
		}
		state[t] = 1
		for _, p := range parents[t] {
			if err := place(p); err != nil {
				return err
			}
		}
		state[t] = 2
		order = append(order, t)
		return nil
	}
	for _, t := range names {
		if err := place(t); err != nil {
			return nil, err
		}
	}
	return order, nil
}

type column struct{ name, typ string }

// copyTable copies table's rows, in id order, so rows that refer to
// older rows of their own table (replies, chains) come after them.
func copyTable(ctx context.Context, stx *sql.Tx, tx pgx.Tx, table string) (int, error) {
	rows, err := tx.Query(ctx, `SELECT column_name, data_type FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER'
		ORDER BY ordinal_position`, table)
	if err != nil {
		return 0, fmt.Errorf("columns of %s: %w", table, err)
	}
	cols, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (column, error) {
		var c column
		err := r.Scan(&c.name, &c.typ)
		return c, err
	})
	if err != nil {
		return 0, fmt.Errorf("columns of %s: %w", table, err)
	}
	names := make([]string, len(cols))
	quoted := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.name
		quoted[i] = `"` + c.name + `"`
	}
	src, err := stx.QueryContext(ctx, `SELECT `+strings.Join(quoted, ", ")+` FROM "`+table+`" ORDER BY rowid`)
	if err != nil {
		return 0, fmt.Errorf("read %s from SQLite: %w", table, err)
	}
	defer src.Close()
	// Streamed: a table is never held in memory whole.
	row := 0
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	next := func() ([]any, error) {
		if !src.Next() {
			if err := src.Err(); err != nil {
				return nil, fmt.Errorf("read %s from SQLite: %w", table, err)
			}
			return nil, nil
		}
		row++
		if err := src.Scan(ptrs...); err != nil {
			return nil, fmt.Errorf("read %s from SQLite: %w", table, err)
		}
		out := make([]any, len(cols))
		for i, c := range cols {
			var err error
			if out[i], err = convert(vals[i], c.typ); err != nil {
				return nil, fmt.Errorf("%s.%s of row %d: %w", table, c.name, row, err)
			}
		}
		return out, nil
	}
	// COPY writes the ids given, identity columns included.
	n, err := tx.CopyFrom(ctx, pgx.Identifier{table}, names, pgx.CopyFromFunc(next))
	if err != nil {
		return 0, fmt.Errorf("copy %s: %w", table, err)
	}
	return int(n), nil
}

// sqliteTimeLayouts are how SQLite columns hold times: the driver's
// time.Time text, and SQLite's own CURRENT_TIMESTAMP.
var sqliteTimeLayouts = []string{"2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano, "2006-01-02 15:04:05", "2006-01-02T15:04:05"}

// convert turns a value read from SQLite into what the PostgreSQL column
// of type typ takes: SQLite keeps booleans as integers and may give
// times as text.
func convert(v any, typ string) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch typ {
	case "boolean":
		switch x := v.(type) {
		case int64:
			return x != 0, nil
		case bool:
			return x, nil
		}
	case "timestamp with time zone", "timestamp without time zone", "date":
		switch x := v.(type) {
		case time.Time:
			return x, nil
		case string:
			for _, l := range sqliteTimeLayouts {
				if t, err := time.Parse(l, x); err == nil {
					return t, nil
				}
			}
		case int64:
			return time.Unix(x, 0).UTC(), nil
		}
	case "bigint", "integer", "smallint":
		if x, ok := v.(int64); ok {
			return x, nil
		}
	case "double precision", "real", "numeric":
		switch x := v.(type) {
		case float64:
			return x, nil
		case int64:
			return float64(x), nil
		}
	case "text", "character varying", "jsonb", "json":
		switch x := v.(type) {
		case string:
			return x, nil
		case []byte:
			return string(x), nil
		}
	case "bytea":
		switch x := v.(type) {
		case []byte:
			return x, nil
		case string:
			return []byte(x), nil
		}
	default:
		return nil, fmt.Errorf("no copy for PostgreSQL type %s", typ)
	}
	return nil, fmt.Errorf("%T %v does not fit PostgreSQL's %s", v, v, typ)
}

// setSequences moves each id sequence past the highest id SQLite gave:
// sqlite_sequence for the AUTOINCREMENT tables (deleted ids included),
// the highest row for the others.
func setSequences(ctx context.Context, stx *sql.Tx, tx pgx.Tx, tables []string) error {
	given := map[string]int64{}
	rows, err := stx.QueryContext(ctx, `SELECT name, seq FROM sqlite_sequence`)
	if err != nil {
		return fmt.Errorf("read sqlite_sequence: %w", err)
	}
	for rows.Next() {
		var name string
		var seq int64
		if err := rows.Scan(&name, &seq); err != nil {
			_ = rows.Close()
			return fmt.Errorf("read sqlite_sequence: %w", err)
		}
		given[name] = seq
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("read sqlite_sequence: %w", err)
	}
	for _, t := range tables {
		var seq *string
		err := tx.QueryRow(ctx, `SELECT pg_get_serial_sequence(quote_ident(table_name), 'id') FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name = $1 AND column_name = 'id'`, t).Scan(&seq)
		if errors.Is(err, pgx.ErrNoRows) || (err == nil && seq == nil) {
			continue // no id column, or no sequence behind it
		}
		if err != nil {
			return fmt.Errorf("id sequence of %s: %w", t, err)
		}
		var highest int64
		if err := tx.QueryRow(ctx, `SELECT coalesce(max(id), 0) FROM `+pgx.Identifier{t}.Sanitize()).Scan(&highest); err != nil {
			return fmt.Errorf("highest id of %s: %w", t, err)
		}
		highest = max(highest, given[t])
		if highest == 0 {
			continue
		}
		if _, err := tx.Exec(ctx, `SELECT setval($1, $2)`, *seq, highest); err != nil {
			return fmt.Errorf("set the id sequence of %s: %w", t, err)
		}
	}
	return nil
}

// copyJobs copies the River jobs still to run, with new job ids (nothing
// refers to them); attempts and errors of past runs are not kept beyond
// the attempt count, which keeps each job's retry budget.
func copyJobs(ctx context.Context, stx *sql.Tx, tx pgx.Tx) (copied, finished int, err error) {
	if err := stx.QueryRowContext(ctx, `SELECT count(*) FROM river_job WHERE state NOT IN `+pendingJobStates).Scan(&finished); err != nil {
		return 0, 0, fmt.Errorf("count finished jobs: %w", err)
	}
	rows, err := stx.QueryContext(ctx, `SELECT kind, json(args), json(metadata), json(tags), queue, priority, max_attempts,
		attempt, state, created_at, scheduled_at, unique_key, unique_states
		FROM river_job WHERE state IN `+pendingJobStates+` ORDER BY id`)
	if err != nil {
		return 0, 0, fmt.Errorf("read jobs: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind, args, metadata, tags, queue, state string
		var priority, maxAttempts, attempt int
		var created, scheduled any
		var uniqueKey []byte
		var uniqueStates sql.NullInt64
		if err := rows.Scan(&kind, &args, &metadata, &tags, &queue, &priority, &maxAttempts, &attempt, &state,
			&created, &scheduled, &uniqueKey, &uniqueStates); err != nil {
			return 0, 0, fmt.Errorf("read jobs: %w", err)
		}
		var tagList []string
		if err := json.Unmarshal([]byte(tags), &tagList); err != nil {
			return 0, 0, fmt.Errorf("job %s tags: %w", kind, err)
		}
		if state == "running" {
			state = "available"
		}
		createdAt, err := convert(created, "timestamp with time zone")
		if err != nil {
			return 0, 0, fmt.Errorf("job %s: %w", kind, err)
		}
		scheduledAt, err := convert(scheduled, "timestamp with time zone")
		if err != nil {
			return 0, 0, fmt.Errorf("job %s: %w", kind, err)
		}
		var bits *string
		if uniqueStates.Valid {
			// SQLite's integer has available in bit 0; PostgreSQL's bit(8)
			// string has it last (River's get_bit(unique_states, 7)).
			b := fmt.Sprintf("%08b", uniqueStates.Int64)
			bits = &b
		}
		if _, err := tx.Exec(ctx, `INSERT INTO river_job (kind, args, metadata, tags, queue, priority, max_attempts,
				attempt, state, created_at, scheduled_at, unique_key, unique_states)
			VALUES ($1, $2::jsonb, $3::jsonb, $4, $5, $6, $7, $8, $9::river_job_state, $10, $11, $12, $13::bit(8))`,
			kind, args, metadata, tagList, queue, priority, maxAttempts, attempt, state, createdAt, scheduledAt, uniqueKey, bits); err != nil {
			return 0, 0, fmt.Errorf("copy job %s: %w", kind, err)
		}
		copied++
	}
	if err := rows.Err(); err != nil {
		return 0, 0, fmt.Errorf("read jobs: %w", err)
	}
	return copied, finished, nil
}
