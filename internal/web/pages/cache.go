package pages

import (
	"net/http"
	"sync"
	"time"
)

// pageCacheTTL is a fallback: a page is kept under App.ChangeStamp, which
// moves at once for a change made on any node (through app's change
// notices). The expiry bounds what a change the stamp misses could cost.
const pageCacheTTL = 2 * time.Second

// pageCache keeps rendered event pages: a gathering page costs several
// queries, Markdown and a large template, and a gathering announced on the
// fediverse is opened by many people at once.
type pageCache struct {
	mu    sync.Mutex
	pages map[string]cachedPage
}

type cachedPage struct {
	body  []byte
	stamp uint64
	at    time.Time
}

func (c *pageCache) get(key string, stamp uint64, now time.Time) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.pages[key]
	if !ok || p.stamp != stamp || now.Sub(p.at) > pageCacheTTL {
		return nil, false
	}
	return p.body, true
}

func (c *pageCache) put(key string, body []byte, stamp uint64, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pages == nil || len(c.pages) > 1024 {
		c.pages = map[string]cachedPage{}
	}
	c.pages[key] = cachedPage{body: body, stamp: stamp, at: now}
}

// cachedPage serves the page key from the cache, or builds it with build
// (which returns the template and its data, or an error to show).
func (h *Handler) cached(w http.ResponseWriter, r *http.Request, key string, build func() (string, any, error)) {
	stamp, now := h.App.ChangeStamp(), time.Now()
	if body, ok := h.cache.get(key, stamp, now); ok {
		writePage(w, r, http.StatusOK, body)
		return
	}
	name, data, err := build()
	if err != nil {
		h.fail(w, r, err)
		return
	}
	body, err := h.renderBytes(r, name, data)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.cache.put(key, body, stamp, now)
	writePage(w, r, http.StatusOK, body)
}
