package app

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gather-coop/gather/internal/store"
)

// InboxWindow is the length of the fixed windows in which the nodes on
// one PostgreSQL database count each remote host's inbox POSTs together.
// Ten seconds: long enough that the count is one write a POST, not a
// stream of new rows, and that a host may spend its burst (10× the rate
// a second) within one window; short enough that a host refused waits
// seconds, not minutes. A fixed window lets a host send up to twice its
// allowance across a boundary; the nodes' in-memory buckets, in front,
// still bound each node's share.
const InboxWindow = 10 * time.Second

// inboxCountTimeout bounds the shared count's round trip: past it the
// POST goes on uncounted, as the limit protects the inbox and must not
// be what takes it down.
const inboxCountTimeout = 250 * time.Millisecond

// sharedInboxBatch is how many of a host's POSTs a node lets through
// before it adds them to the shared count together: a burst from one
// server then costs a write per batch, not one per POST. The nodes
// together may so let a host exceed its allowance by less than a batch
// each; their in-memory buckets, in front, still bound every node's
// share. A small allowance is counted POST by POST (see batchFor).
const sharedInboxBatch = 10

// sharedInboxCount is a node's side of the count kept in the database.
type sharedInboxCount struct {
	notShared atomic.Bool  // the store said so once: never ask again
	swept     atomic.Int64 // unix seconds of the last sweep
	warned    atomic.Int64 // unix seconds of the last warning

	mu    sync.Mutex
	hosts map[string]*hostInboxCount
}

// hostInboxCount is what a node knows of one host's current window: the
// shared count when it last added to it, and its POSTs not added yet.
type hostInboxCount struct {
	window  time.Time
	shared  int
	pending int
}

// batchFor is the batch for an allowance of perWindow: a fiftieth of it,
// so that the overshoot stays a few per cent, and at most
// sharedInboxBatch.
func batchFor(perWindow int) int {
	return min(sharedInboxBatch, max(1, perWindow/50))
}

// take counts one POST from host in window and returns how many POSTs
// are to be added to the shared count now: none while a batch fills and
// the count last read plus the batch stay within perWindow.
func (c *sharedInboxCount) take(host string, window time.Time, perWindow int) (add int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.hosts == nil {
		c.hosts = map[string]*hostInboxCount{}
	}
	h := c.hosts[host]
	if h == nil || !h.window.Equal(window) {
		h = &hostInboxCount{window: window}
		c.hosts[host] = h
	}
	h.pending++
	if h.pending < batchFor(perWindow) && h.shared+h.pending <= perWindow {
		return 0
	}
	add, h.pending = h.pending, 0
	return add
}

// counted records the shared count read back after adding a batch.
func (c *sharedInboxCount) counted(host string, window time.Time, n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if h := c.hosts[host]; h != nil && h.window.Equal(window) {
		h.shared = max(h.shared, n)
	}
}

// forget drops the hosts whose window ended before window.
func (c *sharedInboxCount) forget(window time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for host, h := range c.hosts {
		if h.window.Before(window) {
			delete(c.hosts, host)
		}
	}
}

// InboxAllowShared counts one inbox POST from host in the count every
// node shares (in batches: see sharedInboxBatch), and reports whether the host stays within perWindow POSTs
// in this InboxWindow; if not, how long until the next window. Where the
// store keeps no shared count (SQLite), or the database is slow or
// fails, it allows the POST: the caller's in-memory limit still holds.
func (a *App) InboxAllowShared(ctx context.Context, host string, perWindow int) (time.Duration, bool) {
	c := &a.inboxes
	if c.notShared.Load() {
		return 0, true
	}
	now := a.now()
	window := now.Truncate(InboxWindow)
	add := c.take(host, window, perWindow)
	if add == 0 {
		return 0, true
	}
	ctx, cancel := context.WithTimeout(ctx, inboxCountTimeout)
	defer cancel()
	n, err := a.store.InboxCount(ctx, &store.InboxCountParams{Host: host, Window: window, N: add})
	switch {
	case errors.Is(err, store.ErrNotShared):
		c.notShared.Store(true)
		return 0, true
	case err != nil:
		// At most one warning a minute: a database in trouble would
		// otherwise log once a POST.
		if last := c.warned.Load(); now.Unix()-last >= 60 && c.warned.CompareAndSwap(last, now.Unix()) {
			a.log.Warn("inbox limit not shared between nodes: counting failed, POSTs let through", "host", host, "err", err)
		}
		return 0, true
	}
	c.counted(host, window, n)
	// Hosts that stopped sending leave a window behind; once a
	// minute each node sweeps them, an indexed DELETE.
	if last := c.swept.Load(); now.Unix()-last >= 60 && c.swept.CompareAndSwap(last, now.Unix()) {
		c.forget(window)
		if err := a.store.InboxCountForget(ctx, window.Add(-InboxWindow)); err != nil {
			a.log.Warn("forget old inbox counts", "err", err)
		}
	}
	if n > perWindow {
		return window.Add(InboxWindow).Sub(now), false
	}
	return 0, true
}
