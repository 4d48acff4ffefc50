package postgres

import (
	"context"
	"fmt"
)

// EventLock implements store.Queries with a row lock on the session, or
// the gathering, held until the transaction ends.
func (q queries) EventLock(ctx context.Context, gatheringID int64, sessionID *int64) error {
	var err error
	if sessionID != nil {
		_, err = q.q.Exec(ctx, `SELECT 1 FROM sessions WHERE id = $1 FOR UPDATE`, *sessionID)
	} else {
		_, err = q.q.Exec(ctx, `SELECT 1 FROM gatherings WHERE id = $1 FOR UPDATE`, gatheringID)
	}
	if err != nil {
		return fmt.Errorf("lock event: %w", interpretError(err))
	}
	return nil
}
