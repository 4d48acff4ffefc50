package postgres

import "context"

// ExecForTest runs raw SQL on the pool.
func (s *Store) ExecForTest(ctx context.Context, sql string) error {
	_, err := s.pool.Exec(ctx, sql)
	return err
}

// MigrateToForTest applies the migrations up to version, and no further.
func (s *Store) MigrateToForTest(ctx context.Context, version int) error {
	return s.migrateTo(ctx, version)
}

// URLForTest is the connection string the pool was made with.
func (s *Store) URLForTest() string { return s.pool.Config().ConnString() }
