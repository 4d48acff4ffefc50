package docs

import (
	"sync"
	"sync/atomic"
	"time"
)

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
func (s *Service) ChangeStamp() uint64 { return s.events.stamp.Load() }
