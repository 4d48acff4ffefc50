package rsvp

import (
	"context"
	"sync"
	"time"

	"github.com/riverqueue/river"

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

// rsvpWork is one answer's transaction and where its outcome goes; or,
// when the batch before it ends, the batch it is to run (lead).
type rsvpWork struct {
	fn   func(store.Tx) error
	done chan error
	lead chan []*rsvpWork
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
//
// A caller waits for its batch however its context ends: the batch
// runs under a timeout of its own, and whoever runs a batch hands the
// next one to one of the callers in it, so every caller runs at most one
// batch and nobody's answer is left unrun.
func (b *rsvpBatches) run(ctx context.Context, s store.Store, gatheringID int64, fn func(store.Tx) error) error {
	w := &rsvpWork{fn: fn, done: make(chan error, 1), lead: make(chan []*rsvpWork, 1)}
	b.mu.Lock()
	if b.running == nil {
		b.running = map[int64]*rsvpQueue{}
	}
	q, ok := b.running[gatheringID]
	if ok {
		q.waiting = append(q.waiting, w)
		b.mu.Unlock()
		select {
		case err := <-w.done:
			return err
		case batch := <-w.lead:
			b.lead(context.WithoutCancel(ctx), s, gatheringID, q, batch)
			return <-w.done
		}
	}
	// No batch runs for this gathering: this caller runs the first.
	q = &rsvpQueue{}
	b.running[gatheringID] = q
	b.mu.Unlock()
	b.lead(context.WithoutCancel(ctx), s, gatheringID, q, []*rsvpWork{w})
	return <-w.done
}

// lead runs batch, then hands the answers that came meanwhile to the
// first of them, or ends the gathering's queue when there are none.
func (b *rsvpBatches) lead(ctx context.Context, s store.Store, gatheringID int64, q *rsvpQueue, batch []*rsvpWork) {
	b.runBatch(ctx, s, batch)
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(q.waiting) == 0 {
		delete(b.running, gatheringID)
		return
	}
	n := min(len(q.waiting), maxRSVPBatch)
	next := append([]*rsvpWork(nil), q.waiting[:n]...)
	q.waiting = q.waiting[n:]
	next[0].lead <- next
}

func (b *rsvpBatches) runBatch(ctx context.Context, s store.Store, batch []*rsvpWork) {
	ctx, cancel := context.WithTimeout(ctx, rsvpBatchTimeout)
	defer cancel()
	err := s.InTx(ctx, func(tx store.Tx) error {
		shared := &batchTx{Tx: tx}
		for _, w := range batch {
			if err := w.fn(shared); err != nil {
				return err
			}
		}
		if err := tx.InboxActivityMarkProcessed(ctx, shared.processedAt, shared.processed...); err != nil {
			return err
		}
		return tx.EnqueueMany(ctx, shared.deliveries)
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

// batchTx is the transaction the answers of a batch share. Each answer
// runs as it would alone, but three of its round trips per answer are
// saved: the event's lock, once taken, is held until the transaction
// ends, so taking it again is skipped; and the deliveries the answers
// enqueue (their confirmations) and the marks of the activities they came
// in as processed are written together once the last answer is done,
// still in the transaction. On PostgreSQL the batch is the critical path
// of a burst to one gathering, and its length is its round trips.
type batchTx struct {
	store.Tx
	locked      map[eventLockKey]bool
	deliveries  []river.InsertManyParams
	processed   []int64
	processedAt time.Time
}

type eventLockKey struct {
	gatheringID, sessionID int64 // sessionID 0: the gathering itself
}

// EventLock implements store.Tx.
func (t *batchTx) EventLock(ctx context.Context, gatheringID int64, sessionID *int64) error {
	key := eventLockKey{gatheringID: gatheringID}
	if sessionID != nil {
		key.sessionID = *sessionID
	}
	if t.locked[key] {
		return nil
	}
	if err := t.Tx.EventLock(ctx, gatheringID, sessionID); err != nil {
		return err
	}
	if t.locked == nil {
		t.locked = map[eventLockKey]bool{}
	}
	t.locked[key] = true
	return nil
}

// EnqueueMany implements store.Tx: the jobs are inserted with the batch's
// others before it commits.
func (t *batchTx) EnqueueMany(_ context.Context, jobs []river.InsertManyParams) error {
	t.deliveries = append(t.deliveries, jobs...)
	return nil
}

// InboxActivityMarkProcessed implements store.Tx: the activities are
// marked with the batch's others before it commits.
func (t *batchTx) InboxActivityMarkProcessed(_ context.Context, at time.Time, ids ...int64) error {
	t.processed = append(t.processed, ids...)
	t.processedAt = at
	return nil
}
