package sqlite

import "context"

// ExecForTest runs raw SQL on the write pool.
func (s *Store) ExecForTest(ctx context.Context, sql string) error {
	_, err := s.write.ExecContext(ctx, sql)
	return err
}
