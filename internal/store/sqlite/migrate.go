package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"math"

	"github.com/riverqueue/river/riverdriver/riversqlite"

	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/sqlstore"
	"github.com/gather-coop/gather/migrations"
)

// dialect is what SQLite does its own way when migrating; the runner is
// sqlstore's, and each migration runs inside applyTx.
var dialect = sqlstore.Dialect{
	Name:           "sqlite",
	TimestampType:  "TIMESTAMP",
	TableExistsSQL: `SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`,
}

// Migrate implements store.Store.
func (s *Store) Migrate(ctx context.Context) error {
	if err := s.migrateTo(ctx, math.MaxInt); err != nil {
		return err
	}
	return store.MigrateJobs(ctx, riversqlite.New(s.write))
}

// migrateTo applies our pending migrations up to version last. SQLite's
// single write connection is lock enough against a second migrator.
func (s *Store) migrateTo(ctx context.Context, last int) error {
	d := dialect
	d.InTx = s.applyTx
	return sqlstore.MigrateTo(ctx, d, db{s.write}, last)
}

// applyTx runs one migration's fn in its own transaction, with foreign
// keys off for its length, as SQLite's procedure for changing a table
// requires: a migration that rebuilds a table drops the old one, which
// with foreign keys on would first delete (ON DELETE CASCADE) every row
// referring to it. Before committing, every foreign key is checked; one
// that no longer holds fails the migration and nothing of it is kept.
func (s *Store) applyTx(ctx context.Context, m migrations.Migration, fn func(sqlstore.DB) error) (err error) {
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("migration %04d: %w", m.Version, err)
	}
	defer conn.Close()
	// The pragma is a no-op inside a transaction: set it before.
	if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		return fmt.Errorf("migration %04d: foreign keys off: %w", m.Version, err)
	}
	defer func() {
		if _, ferr := conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA foreign_keys = ON`); ferr != nil && err == nil {
			err = fmt.Errorf("migration %04d: foreign keys back on: %w", m.Version, ferr)
		}
	}()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migration %04d: %w", m.Version, err)
	}
	defer func() { _ = tx.Rollback() }()
	if err := fn(db{tx}); err != nil {
		return err
	}
	if err := checkForeignKeys(ctx, tx); err != nil {
		return fmt.Errorf("migration %04d_%s: %w", m.Version, m.Name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit migration %04d: %w", m.Version, err)
	}
	return nil
}

// checkForeignKeys fails, naming the first, if any row refers to a row
// that is not there.
func checkForeignKeys(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return fmt.Errorf("check foreign keys: %w", err)
	}
	defer rows.Close()
	if rows.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var fk int
		if err := rows.Scan(&table, &rowid, &parent, &fk); err != nil {
			return fmt.Errorf("check foreign keys: %w", err)
		}
		return fmt.Errorf("row %d of %s refers to a missing row of %s", rowid.Int64, table, parent)
	}
	return rows.Err()
}

// SchemaStatus implements store.Store.
func (s *Store) SchemaStatus(ctx context.Context) (store.SchemaStatus, error) {
	return sqlstore.SchemaStatus(ctx, dialect, db{s.read})
}

// appliedVersion is the newest migration recorded in the database q reads.
func appliedVersion(ctx context.Context, q querier) (int, error) {
	return sqlstore.AppliedVersion(ctx, dialect, db{q})
}

// PendingMigrations lists what Migrate would apply, ours then River's
// ("0019_name", "river 006 bulk unique"), changing nothing.
func (s *Store) PendingMigrations(ctx context.Context) ([]string, error) {
	applied, err := appliedVersion(ctx, s.read)
	if err != nil {
		return nil, err
	}
	return store.PendingMigrations(ctx, "sqlite", applied, riversqlite.New(s.read))
}
