package postgres

import "context"

// ExecForTest runs raw SQL on the pool.
func (s *Store) ExecForTest(ctx context.Context, sql string) error {
	_, err := s.pool.Exec(ctx, sql)
	return err
}
