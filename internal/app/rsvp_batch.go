package app

import (
	"context"
	"sync"
	"time"

	"github.com/gather-coop/gather/internal/store"
)

// rsvpBatches run the transactions of answers to one gathering that
// arrive together as one transaction, one after the other inside it: a
// burst of replies to one gathering then costs one event lock and one
// commit per batch, not per reply. The database's lock on the event
// (store.Tx.EventLock) stays what keeps answers consistent, across
// processes too; the batching is this process's only. Without it every
// answer waiting for that lock holds a connection while it waits, and a
// burst to one gathering holds the whole PostgreSQL pool, leaving none
// for the inbox POSTs that bring the next replies; and each waits for
// the commit (an fsync) of the one before. Waiting here holds nothing.
type rsvpBatches struct {
	mu      sync.Mutex
	running map[int64]*rsvpQueue
}

// rsvpQueue is the answers to one gathering waiting for the batch that
// is running to end.
type rsvpQueue struct {
	waiting []*rsvpWork
}

// rsvpWork is one answer's transaction and where its outcome goes.
type rsvpWork struct {
	fn   func(store.Tx) error
	done chan error
}

// maxRSVPBatch bounds one batch, so the event's lock is never held long.
const maxRSVPBatch = 50

// rsvpBatchTimeout bounds a batch's transaction: it runs for several
// callers, so none of their contexts may end it.
const rsvpBatchTimeout = time.Minute

// run runs fn in a transaction, alone or with others answering the same
// gathering, and returns fn's error or the transaction's. If a batch
// fails, each of its answers is tried again in a transaction of its own,
// so one answer's error is never another's.
func (b *rsvpBatches) run(ctx context.Context, s store.Store, gatheringID int64, fn func(store.Tx) error) error {
	w := &rsvpWork{fn: fn, done: make(chan error, 1)}
	b.mu.Lock()
	if b.running == nil {
		b.running = map[int64]*rsvpQueue{}
	}
	if q, ok := b.running[gatheringID]; ok {
		q.waiting = append(q.waiting, w)
		b.mu.Unlock()
		select {
		case err := <-w.done:
			return err
		case <-ctx.Done():
			// The batch may still run it: the caller cannot know, as after
			// any commit whose answer was lost, and will retry; an answer
			// applied twice changes nothing the second time.
			return ctx.Err()
		}
	}
	// No batch runs for this gathering: this caller runs them until none
	// are left waiting.
	q := &rsvpQueue{}
	b.running[gatheringID] = q
	b.mu.Unlock()
	batchCtx := context.WithoutCancel(ctx)
	batch := []*rsvpWork{w}
	for {
		b.runBatch(batchCtx, s, batch)
		b.mu.Lock()
		if len(q.waiting) == 0 {
			delete(b.running, gatheringID)
			b.mu.Unlock()
			break
		}
		n := min(len(q.waiting), maxRSVPBatch)
		batch = append([]*rsvpWork(nil), q.waiting[:n]...)
		q.waiting = q.waiting[n:]
		b.mu.Unlock()
	}
	return <-w.done
}

func (b *rsvpBatches) runBatch(ctx context.Context, s store.Store, batch []*rsvpWork) {
	ctx, cancel := context.WithTimeout(ctx, rsvpBatchTimeout)
	defer cancel()
	err := s.InTx(ctx, func(tx store.Tx) error {
		for _, w := range batch {
			if err := w.fn(tx); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil || len(batch) == 1 {
		for _, w := range batch {
			w.done <- err
		}
		return
	}
	for _, w := range batch {
		w.done <- s.InTx(ctx, w.fn)
	}
}
