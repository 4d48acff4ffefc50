package postgres

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/migrations"
)

// migrationLock is the advisory lock key that keeps two gather processes
// from migrating the same database at once.
const migrationLock = 0x6761746865 // "gathe"

const createMigrationsTableSQL = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version    INTEGER PRIMARY KEY,
	name       TEXT NOT NULL,
	applied_at TIMESTAMPTZ NOT NULL
)`

// Migrate implements store.Store.
func (s *Store) Migrate(ctx context.Context) error {
	if err := s.migrateTo(ctx, math.MaxInt); err != nil {
		return err
	}
	migrator, err := rivermigrate.New(riverpgxv5.New(s.pool), nil)
	if err != nil {
		return fmt.Errorf("job schema: %w", err)
	}
	if _, err := migrator.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("migrate job schema: %w", err)
	}
	return nil
}

// migrateTo applies our pending migrations up to version last, holding
// the lock that keeps two gather processes from migrating at once.
func (s *Store) migrateTo(ctx context.Context, last int) error {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, migrationLock); err != nil {
		return fmt.Errorf("migrate: take lock: %w", err)
	}
	defer func() { _, _ = conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, migrationLock) }()

	if _, err := conn.Exec(ctx, createMigrationsTableSQL); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	ms, err := migrations.List("postgres")
	if err != nil {
		return err
	}
	applied, err := appliedVersion(ctx, conn)
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
		if err := apply(ctx, conn, m); err != nil {
			return err
		}
	}
	return nil
}

func apply(ctx context.Context, conn *pgxpool.Conn, m migrations.Migration) error {
	return pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, m.SQL); err != nil {
			return fmt.Errorf("migration %04d_%s: %w", m.Version, m.Name, err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
			m.Version, m.Name, time.Now().UTC()); err != nil {
			return fmt.Errorf("record migration %04d: %w", m.Version, err)
		}
		return nil
	})
}

// SchemaStatus implements store.Store.
func (s *Store) SchemaStatus(ctx context.Context) (store.SchemaStatus, error) {
	ms, err := migrations.List("postgres")
	if err != nil {
		return store.SchemaStatus{}, err
	}
	applied, err := appliedVersion(ctx, s.pool)
	if err != nil {
		return store.SchemaStatus{}, err
	}
	return store.SchemaStatus{Applied: applied, Latest: migrations.Latest(ms)}, nil
}

func appliedVersion(ctx context.Context, q querier) (int, error) {
	var exists bool
	if err := q.QueryRow(ctx, `SELECT to_regclass('schema_migrations') IS NOT NULL`).Scan(&exists); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	if !exists {
		return 0, nil
	}
	var v *int
	if err := q.QueryRow(ctx, `SELECT max(version) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	if v == nil {
		return 0, nil
	}
	return *v, nil
}

// PendingMigrations lists what Migrate would apply, ours then River's
// ("0019_name", "river 006 bulk unique"), changing nothing.
func (s *Store) PendingMigrations(ctx context.Context) ([]string, error) {
	applied, err := appliedVersion(ctx, s.pool)
	if err != nil {
		return nil, err
	}
	return store.PendingMigrations(ctx, "postgres", applied, riverpgxv5.New(s.pool))
}
