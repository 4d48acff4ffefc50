package sqlite

import (
	"context"
	"fmt"
)

// ExecForTest runs raw SQL on the write pool.
func (s *Store) ExecForTest(ctx context.Context, sql string) error {
	_, err := s.write.ExecContext(ctx, sql)
	return err
}

// MigrateToForTest applies the migrations up to version, and no further.
func (s *Store) MigrateToForTest(ctx context.Context, version int) error {
	return s.migrateTo(ctx, version)
}

// QueryForTest runs raw SQL on the read pool and returns its rows, each
// value printed with fmt.Sprint ("<nil>" for NULL).
func (s *Store) QueryForTest(ctx context.Context, query string) ([][]string, error) {
	rows, err := s.read.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out [][]string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		row := make([]string, len(vals))
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				v = string(b)
			}
			row[i] = fmt.Sprint(v)
		}
		out = append(out, row)
	}
	return out, rows.Err()
}
