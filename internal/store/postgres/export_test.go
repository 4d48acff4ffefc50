package postgres

import (
	"context"
	"fmt"
)

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

// QueryForTest runs raw SQL and returns its rows, each value printed with
// fmt.Sprint ("<nil>" for NULL).
func (s *Store) QueryForTest(ctx context.Context, query string) ([][]string, error) {
	rows, err := s.pool.Query(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][]string
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			return nil, err
		}
		row := make([]string, len(vals))
		for i, v := range vals {
			row[i] = fmt.Sprint(v)
		}
		out = append(out, row)
	}
	return out, rows.Err()
}

// DropListenerForTest ends the server process of the connection that
// listens for change notices, as a failover or a network cut does.
func (s *Store) DropListenerForTest(ctx context.Context) error {
	pid := s.changes.listenerPID()
	if pid == 0 {
		return fmt.Errorf("no connection listens for change notices")
	}
	var ended bool
	if err := s.pool.QueryRow(ctx, `SELECT pg_terminate_backend($1)`, int(pid)).Scan(&ended); err != nil {
		return err
	}
	if !ended {
		return fmt.Errorf("listener %d not ended", pid)
	}
	return nil
}
