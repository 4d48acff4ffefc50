package sqlite

import (
	"context"
	"time"

	"github.com/gather-coop/gather/internal/store"
)

// InboxCount implements store.Store: one process, so the caller's own
// in-memory count is the whole count.
func (s *Store) InboxCount(context.Context, *store.InboxCountParams) (int, error) {
	return 0, store.ErrNotShared
}

// InboxCountForget implements store.Store: there is nothing to forget.
func (s *Store) InboxCountForget(context.Context, time.Time) error { return nil }
