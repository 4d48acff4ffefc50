package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/gather-coop/gather/internal/store"
)

// inboxCountSQL counts POSTs in one statement, a round trip: the CTE
// forgets the host's earlier windows (found by the primary key's prefix,
// at most one or two rows) and the upsert adds to the current one. Both
// see the same snapshot, so the DELETE never touches the row the INSERT
// writes.
const inboxCountSQL = `WITH forget AS (
	DELETE FROM inbox_counts WHERE host = $1 AND window_start < $2
)
INSERT INTO inbox_counts (host, window_start, n) VALUES ($1, $2, $3)
ON CONFLICT (host, window_start) DO UPDATE SET n = inbox_counts.n + $3
RETURNING n`

// InboxCount implements store.Store.
func (s *Store) InboxCount(ctx context.Context, p *store.InboxCountParams) (int, error) {
	var n int
	if err := s.pool.QueryRow(ctx, inboxCountSQL, p.Host, p.Window.UTC(), max(p.N, 1)).Scan(&n); err != nil {
		return 0, fmt.Errorf("count inbox POST from %s: %w", p.Host, err)
	}
	return n, nil
}

// InboxCountForget implements store.Store.
func (s *Store) InboxCountForget(ctx context.Context, before time.Time) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM inbox_counts WHERE window_start < $1`, before.UTC()); err != nil {
		return fmt.Errorf("forget old inbox counts: %w", err)
	}
	return nil
}
