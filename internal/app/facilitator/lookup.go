package facilitator

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// LookupArgs is the job that looks up again a facilitator's
// handle whose server did not answer when the session was saved.
type LookupArgs struct {
	SessionID int64  `json:"session_id"`
	Handle    string `json:"handle"`
	// GatheringID, set instead of SessionID, makes it the look-up of a
	// gathering's co-host: the same search, recorded elsewhere.
	GatheringID int64 `json:"gathering_id,omitempty"`
}

// Kind implements river.JobArgs.
func (LookupArgs) Kind() string { return "facilitator_lookup" }

// LookupAttempts is how many times a pending handle is looked
// up before the job gives up (with LookupBackoff, about a day). Saving the
// session again starts over.
const LookupAttempts = 36

// LookupBackoff is how long the lookup worker waits before attempt+1: it
// looks again soon, then less and less often, from 2 seconds doubling to
// a cap of an hour, with ±20% jitter. A server restarting is caught
// within seconds, one down for an afternoon within the hour, and the
// LookupAttempts span about a day.
func LookupBackoff(attempt int) time.Duration {
	const base, limit = 2 * time.Second, time.Hour
	d := limit
	if attempt >= 1 && attempt < 12 {
		d = min(base<<(attempt-1), limit)
	}
	return time.Duration(float64(d) * (0.8 + 0.4*rand.Float64()))
}

// Enqueue enqueues, in tx, a lookup of each of s's pending
// facilitators; a lookup of the same handle for the same session already
// waiting is not doubled.
func Enqueue(ctx context.Context, tx store.Tx, s model.Session) error {
	for _, f := range s.Facilitators {
		if f.Lookup != model.LookupPending {
			continue
		}
		err := tx.Enqueue(ctx, LookupArgs{SessionID: s.ID, Handle: f.Handle}, &river.InsertOpts{
			MaxAttempts: LookupAttempts,
			UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: []rivertype.JobState{rivertype.JobStateAvailable,
				rivertype.JobStatePending, rivertype.JobStateRetryable, rivertype.JobStateRunning, rivertype.JobStateScheduled}},
		})
		if err != nil {
			return fmt.Errorf("enqueue lookup of %s: %w", f.Handle, err)
		}
	}
	return nil
}

// EnqueueCoHosts enqueues, in tx, a lookup of each of the pending
// co-hosts of gathering id, as Enqueue does for facilitators.
func EnqueueCoHosts(ctx context.Context, tx store.Tx, gatheringID int64, hosts []model.CoHost) error {
	for _, h := range hosts {
		if h.Lookup != model.LookupPending {
			continue
		}
		err := tx.Enqueue(ctx, LookupArgs{GatheringID: gatheringID, Handle: h.Handle}, &river.InsertOpts{
			MaxAttempts: LookupAttempts,
			UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: []rivertype.JobState{rivertype.JobStateAvailable,
				rivertype.JobStatePending, rivertype.JobStateRetryable, rivertype.JobStateRunning, rivertype.JobStateScheduled}},
		})
		if err != nil {
			return fmt.Errorf("enqueue lookup of co-host %s: %w", h.Handle, err)
		}
	}
	return nil
}
