package app

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gather-coop/gather/internal/model"
)

// The caches below keep per-delivery database reads off the hot path: one
// Create to a thousand followers is a thousand deliveries of the same
// activity, signed by the same actor.

// outboxCache holds recently sent activities, which never change.
type outboxCache struct {
	mu   sync.Mutex
	byID map[int64]model.OutboxActivity
}

const outboxCacheSize = 256

func (c *outboxCache) get(id int64) (model.OutboxActivity, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	a, ok := c.byID[id]
	return a, ok
}

func (c *outboxCache) put(a model.OutboxActivity) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byID == nil || len(c.byID) >= outboxCacheSize {
		c.byID = make(map[int64]model.OutboxActivity, outboxCacheSize)
	}
	c.byID[a.ID] = a
}

// outboxActivity returns a sent activity, from the cache when it can.
func (a *App) outboxActivity(ctx context.Context, id int64) (model.OutboxActivity, error) {
	if act, ok := a.outbox.get(id); ok {
		return act, nil
	}
	act, err := a.store.OutboxActivityGet(ctx, id)
	if err != nil {
		return model.OutboxActivity{}, err
	}
	a.outbox.put(act)
	return act, nil
}

// blockCacheTTL bounds how long another process's new block can take to
// apply here; blocks made by this process apply at once.
const blockCacheTTL = 15 * time.Second

// blockCache holds the list of blocked domains.
type blockCache struct {
	mu      sync.Mutex
	domains []string
	loaded  time.Time
}

func (c *blockCache) invalidate() {
	c.mu.Lock()
	c.loaded = time.Time{}
	c.mu.Unlock()
}

// domainBlocked reports whether domain or a parent of it is blocked.
func (a *App) domainBlocked(ctx context.Context, domain string) (bool, error) {
	a.blocks.mu.Lock()
	defer a.blocks.mu.Unlock()
	if now := a.now(); now.Sub(a.blocks.loaded) > blockCacheTTL {
		list, err := a.store.DomainBlockList(ctx)
		if err != nil {
			return false, err
		}
		a.blocks.domains, a.blocks.loaded = list, now
	}
	for _, b := range a.blocks.domains {
		if domain == b || strings.HasSuffix(domain, "."+b) {
			return true, nil
		}
	}
	return false, nil
}

// eventCacheTTL bounds how stale a served Event may be after another
// process changed it; changes made by this process clear the cache at once.
const eventCacheTTL = 2 * time.Second

// eventCache holds serialized Events by id: fetching an Event is the
// hottest read there is (every server that sees a boost fetches it), and
// building one costs several queries and a marshal.
type eventCache struct {
	mu      sync.Mutex
	entries map[string]cachedEvent
	stamp   atomic.Uint64
}

type cachedEvent struct {
	doc []byte
	at  time.Time
}

func (c *eventCache) get(uri string, now time.Time) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[uri]
	if !ok || now.Sub(e.at) > eventCacheTTL {
		return nil, false
	}
	return e.doc, true
}

func (c *eventCache) put(uri string, doc []byte, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) > 4096 {
		c.entries = map[string]cachedEvent{}
	}
	c.entries[uri] = cachedEvent{doc: doc, at: now}
}

// clear forgets everything: called after any change to a gathering.
func (c *eventCache) clear() {
	c.mu.Lock()
	c.entries = nil
	c.mu.Unlock()
	c.stamp.Add(1)
}

// ChangeStamp grows with every change this process makes to a gathering,
// a session or the answers to them: a cache of anything built from them
// is good while the stamp it was built under holds (and, for changes made
// by other processes, for a couple of seconds).
func (a *App) ChangeStamp() uint64 { return a.events.stamp.Load() }
