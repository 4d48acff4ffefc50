package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/migrations"
)

// Dialect is what a backend does its own way when it migrates; the rest of
// the runner (the schema_migrations table, what is pending, the order, the
// record of each step) is written once here.
type Dialect struct {
	// Name is the folder of migrations/ to run: "sqlite" or "postgres".
	Name string
	// TimestampType is the column type of schema_migrations.applied_at.
	TimestampType string
	// TableExistsSQL answers one row of one boolean: is there a
	// schema_migrations table yet. A database never migrated has none,
	// and reading its version must not fail.
	TableExistsSQL string
	// InTx runs fn, which applies and records m, in one transaction of
	// the backend's making, committing only if fn and the backend's own
	// checks succeed.
	InTx func(ctx context.Context, m migrations.Migration, fn func(tx DB) error) error
}

// MigrateTo applies the pending migrations of d up to version last, each in
// its own transaction with its row in schema_migrations. db runs the
// bookkeeping; a backend that locks against a second migrating process
// holds that lock around the call.
func MigrateTo(ctx context.Context, d Dialect, db DB, last int) error {
	create := `CREATE TABLE IF NOT EXISTS schema_migrations (
	version    INTEGER PRIMARY KEY,
	name       TEXT NOT NULL,
	applied_at ` + d.TimestampType + ` NOT NULL
)`
	if _, err := db.Exec(ctx, create); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	ms, err := migrations.List(d.Name)
	if err != nil {
		return err
	}
	applied, err := AppliedVersion(ctx, d, db)
	if err != nil {
		return err
	}
	pending, err := migrations.Pending(ms, applied)
	if err != nil {
		return err
	}
	for _, m := range pending {
		if m.Version > last {
			break
		}
		if err := d.InTx(ctx, m, func(tx DB) error { return applyMigration(ctx, tx, m) }); err != nil {
			return err
		}
	}
	return nil
}

func applyMigration(ctx context.Context, tx DB, m migrations.Migration) error {
	if _, err := tx.Exec(ctx, m.SQL); err != nil {
		return fmt.Errorf("migration %04d_%s: %w", m.Version, m.Name, err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
		m.Version, m.Name, time.Now().UTC()); err != nil {
		return fmt.Errorf("record migration %04d: %w", m.Version, err)
	}
	return nil
}

// AppliedVersion is the newest migration recorded, 0 for a database never
// migrated.
func AppliedVersion(ctx context.Context, d Dialect, db DB) (int, error) {
	var exists bool
	if err := db.QueryRow(ctx, d.TableExistsSQL).Scan(&exists); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	if !exists {
		return 0, nil
	}
	var v *int
	if err := db.QueryRow(ctx, `SELECT max(version) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	if v == nil {
		return 0, nil
	}
	return *v, nil
}

// SchemaStatus says which migration the database has and which this
// build brings.
func SchemaStatus(ctx context.Context, d Dialect, db DB) (store.SchemaStatus, error) {
	ms, err := migrations.List(d.Name)
	if err != nil {
		return store.SchemaStatus{}, err
	}
	applied, err := AppliedVersion(ctx, d, db)
	if err != nil {
		return store.SchemaStatus{}, err
	}
	return store.SchemaStatus{Applied: applied, Latest: migrations.Latest(ms)}, nil
}
