package postgres

import (
	"context"
	"fmt"
	"math"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/sqlstore"
	"github.com/gather-coop/gather/migrations"
)

// migrationLock is the advisory lock key that keeps two gather processes
// from migrating the same database at once.
const migrationLock = 0x6761746865 // "gathe"

// dialect is what PostgreSQL does its own way when migrating; the runner
// is sqlstore's. InTx is set where the connection is known: each migration
// is one plain transaction on the connection holding the lock (PostgreSQL's
// DDL is transactional, so a failing one leaves nothing behind).
var dialect = sqlstore.Dialect{
	Name:           "postgres",
	TimestampType:  "TIMESTAMPTZ",
	TableExistsSQL: `SELECT to_regclass('schema_migrations') IS NOT NULL`,
}

// Migrate implements store.Store.
func (s *Store) Migrate(ctx context.Context) error {
	if err := s.migrateTo(ctx, math.MaxInt); err != nil {
		return err
	}
	return store.MigrateJobs(ctx, riverpgxv5.New(s.pool))
}

// migrateTo applies our pending migrations up to version last, holding
// the lock that keeps two gather processes from migrating at once. The
// lock is the connection's, so every step runs on that one connection.
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
	d := dialect
	d.InTx = func(ctx context.Context, _ migrations.Migration, fn func(sqlstore.DB) error) error {
		return pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error { return fn(db{tx}) })
	}
	return sqlstore.MigrateTo(ctx, d, db{conn}, last)
}

// SchemaStatus implements store.Store.
func (s *Store) SchemaStatus(ctx context.Context) (store.SchemaStatus, error) {
	return sqlstore.SchemaStatus(ctx, dialect, db{s.pool})
}

func appliedVersion(ctx context.Context, q querier) (int, error) {
	return sqlstore.AppliedVersion(ctx, dialect, db{q})
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
