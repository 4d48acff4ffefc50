package fed

import (
	"context"
	"sync"
	"time"
)

// Delivery limits.
const (
	// perHostDeliveries is how many deliveries to one host run at once, so
	// one slow server cannot hold every worker.
	perHostDeliveries = 4
	// unreachableAfter is how long a host may fail every delivery before
	// we stop trying it (until it sends us something).
	unreachableAfter = 7 * 24 * time.Hour
	// heardRecheck is how long a host that sent us something, and was
	// not recorded unreachable then, is taken to be so still: each POST
	// from a busy server would otherwise read its row. Another node may
	// record it unreachable meanwhile (after a week of failures); it is
	// cleared at most this long after, when the host next sends.
	heardRecheck = time.Minute
)

// hostStates is what this process knows of each remote host: a semaphore
// limiting concurrent deliveries, and whether the database already records
// it healthy (so a success costs a write only after a failure).
type hostStates struct {
	mu    sync.Mutex
	sems  map[string]chan struct{}
	clean map[string]bool
	// heard is when each host that sent us something was last found
	// not recorded unreachable.
	heard map[string]time.Time
}

// acquire waits for a delivery slot for host; release it with the func.
func (h *hostStates) acquire(ctx context.Context, host string) (func(), error) {
	h.mu.Lock()
	if h.sems == nil {
		h.sems = map[string]chan struct{}{}
	}
	sem, ok := h.sems[host]
	if !ok {
		sem = make(chan struct{}, perHostDeliveries)
		h.sems[host] = sem
	}
	h.mu.Unlock()
	select {
	case sem <- struct{}{}:
		return func() { <-sem }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (h *hostStates) knownClean(host string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.clean[host]
}

func (h *hostStates) setClean(host string, clean bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.clean == nil {
		h.clean = map[string]bool{}
	}
	h.clean[host] = clean
	if !clean {
		delete(h.heard, host)
	}
}

// heardRecently reports whether host was found reachable less than
// heardRecheck before now.
func (h *hostStates) heardRecently(host string, now time.Time) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	at, ok := h.heard[host]
	return ok && now.Sub(at) < heardRecheck
}

func (h *hostStates) setHeard(host string, now time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.heard == nil || len(h.heard) > 10000 {
		h.heard = map[string]time.Time{}
	}
	h.heard[host] = now
}

// hostSucceeded records a delivery that worked.
func (s *Service) hostSucceeded(ctx context.Context, host string) error {
	if s.hosts.knownClean(host) {
		return nil
	}
	if err := s.store.HostRecordSuccess(ctx, host, s.now()); err != nil {
		return err
	}
	s.hosts.setClean(host, true)
	return nil
}

// hostFailed records a delivery that failed and reports whether the host
// is now unreachable.
func (s *Service) hostFailed(ctx context.Context, host string) (unreachable bool, err error) {
	s.hosts.setClean(host, false)
	now := s.now()
	h, err := s.store.HostRecordFailure(ctx, host, now, now.Add(-unreachableAfter))
	if err != nil {
		return false, err
	}
	return h.Unreachable, nil
}
