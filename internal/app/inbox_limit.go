package app

import (
	"context"
	"errors"
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

// sharedInboxCount is a node's side of the count kept in the database.
type sharedInboxCount struct {
	notShared atomic.Bool  // the store said so once: never ask again
	swept     atomic.Int64 // unix seconds of the last sweep
	warned    atomic.Int64 // unix seconds of the last warning
}

// InboxAllowShared counts one inbox POST from host in the count every
// node shares, and reports whether the host stays within perWindow POSTs
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
	ctx, cancel := context.WithTimeout(ctx, inboxCountTimeout)
	defer cancel()
	n, err := a.store.InboxCount(ctx, &store.InboxCountParams{Host: host, Window: window})
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
	// Hosts that stopped sending leave a window behind; once a
	// minute each node sweeps them, an indexed DELETE.
	if last := c.swept.Load(); now.Unix()-last >= 60 && c.swept.CompareAndSwap(last, now.Unix()) {
		if err := a.store.InboxCountForget(ctx, window.Add(-InboxWindow)); err != nil {
			a.log.Warn("forget old inbox counts", "err", err)
		}
	}
	if n > perWindow {
		return window.Add(InboxWindow).Sub(now), false
	}
	return 0, true
}
