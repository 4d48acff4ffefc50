package docs

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gather-coop/gather/internal/store"
)

// TopicEvents is the change notice topic of the event cache: a notice on
// it (payload unused) drops every served Event and, through ChangeStamp,
// every cached page, on every node.
const TopicEvents = "events"

// eventCacheTTL is a fallback only: every change that clears the cache
// also sends a notice on TopicEvents, which clears it on every node at
// commit. The expiry bounds the staleness a change could still cause if
// it reached the cache some way that does not clear it (a node that never
// subscribed, a write path that forgets to).
const eventCacheTTL = 2 * time.Second

// EventCache holds serialized Events by id: fetching an Event is the
// hottest read there is (every server that sees a boost fetches it), and
// building one costs several queries and a marshal.
type EventCache struct {
	mu      sync.Mutex
	entries map[string]cachedEvent
	// stamp moves on every drop, whoever asked for it; changes moves only
	// when this process changed something, so that NoticingStore sends a
	// notice for our changes and never echoes another node's.
	stamp   atomic.Uint64
	changes atomic.Uint64
}

type cachedEvent struct {
	doc []byte
	at  time.Time
}

func (c *EventCache) get(uri string, now time.Time) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[uri]
	if !ok || now.Sub(e.at) > eventCacheTTL {
		return nil, false
	}
	return e.doc, true
}

// put keeps doc, built from reads that began under stamp, unless a drop
// came since: the reads may then predate the change that caused it.
func (c *EventCache) put(uri string, doc []byte, stamp uint64, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stamp.Load() != stamp {
		return
	}
	if c.entries == nil || len(c.entries) > 4096 {
		c.entries = map[string]cachedEvent{}
	}
	c.entries[uri] = cachedEvent{doc: doc, at: now}
}

// clear forgets everything: called by this process after (or while) it
// changes a gathering. Inside a transaction it also makes NoticingStore
// send a notice on TopicEvents when the transaction commits.
func (c *EventCache) clear() {
	c.changes.Add(1)
	c.drop()
}

// drop forgets everything, for a notice or a change.
func (c *EventCache) drop() {
	c.mu.Lock()
	c.entries = nil
	c.stamp.Add(1)
	c.mu.Unlock()
}

// ChangeStamp grows with every change to a gathering, a session or the
// answers to them, made by any node: a cache of anything built from them
// is good while the stamp it was built under holds.
func (s *Service) ChangeStamp() uint64 { return s.events.stamp.Load() }

// NoticingStore is st as App and its rooms should see it: a transaction
// during which events was cleared (Service.Changed) also sends a notice on
// TopicEvents, so that the other nodes drop theirs when it commits. The
// clears happen deep in the rules (an answer's count, a session's move),
// without the transaction at hand; this is the one place that sees both.
// A transaction running beside one that cleared the cache may send a
// notice too: a needless drop, never a missed one.
func NoticingStore(st store.Store, events *EventCache) store.Store {
	return noticingStore{Store: st, events: events}
}

type noticingStore struct {
	store.Store
	events *EventCache
}

func (s noticingStore) InTx(ctx context.Context, fn func(store.Tx) error) error {
	changed := false
	err := s.Store.InTx(ctx, func(tx store.Tx) error {
		before := s.events.changes.Load()
		if err := fn(tx); err != nil {
			return err
		}
		if changed = s.events.changes.Load() != before; changed {
			return tx.Notify(ctx, TopicEvents, "")
		}
		return nil
	})
	if err == nil && changed {
		// A read between the clear and the commit may have cached what
		// the transaction was changing; our own subscriber drops it on
		// commit too, but an App that never subscribed has none.
		s.events.drop()
	}
	return err
}

// FollowChanges subscribes the event cache to the change notices of every
// node sharing the database. Without it the cache still sees this
// process's own changes at once, and other processes' only when its
// entries expire.
func (s *Service) FollowChanges(ctx context.Context) error {
	_, err := s.store.Subscribe(ctx, TopicEvents, store.Subscriber{
		Notice: func(string) { s.events.drop() },
		Missed: s.events.drop,
	})
	if err != nil {
		return fmt.Errorf("subscribe to %s notices: %w", TopicEvents, err)
	}
	return nil
}
