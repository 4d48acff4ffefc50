package pageui

import (
	"sync"
	"time"
)

// PageCacheTTL is a fallback: a page is kept under App.ChangeStamp, which
// moves at once for a change made on any node (through app's change
// notices). The expiry bounds what a change the stamp misses could cost.
const PageCacheTTL = 2 * time.Second

// PageCache keeps rendered pages by key: an event page costs several
// queries and a large template, and a gathering announced on the
// fediverse (or a board on a lobby screen) is opened by many at once. The
// zero PageCache is empty and ready.
type PageCache struct {
	mu    sync.Mutex
	pages map[string]cachedPage
}

type cachedPage struct {
	body  []byte
	stamp uint64
	at    time.Time
}

// Get returns the page key if it was built under stamp less than
// PageCacheTTL before now.
func (c *PageCache) Get(key string, stamp uint64, now time.Time) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.pages[key]
	if !ok || p.stamp != stamp || now.Sub(p.at) > PageCacheTTL {
		return nil, false
	}
	return p.body, true
}

// Put keeps body as the page key, built under stamp at now. Past 1,024
// pages it starts again empty rather than track which is oldest.
func (c *PageCache) Put(key string, body []byte, stamp uint64, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pages == nil || len(c.pages) > 1024 {
		c.pages = map[string]cachedPage{}
	}
	c.pages[key] = cachedPage{body: body, stamp: stamp, at: now}
}
