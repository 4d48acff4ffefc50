package fed

import (
	"context"
	"strings"
	"sync"
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
func (s *Service) outboxActivity(ctx context.Context, id int64) (model.OutboxActivity, error) {
	if act, ok := s.outbox.get(id); ok {
		return act, nil
	}
	act, err := s.store.OutboxActivityGet(ctx, id)
	if err != nil {
		return model.OutboxActivity{}, err
	}
	s.outbox.put(act)
	return act, nil
}

// blockCacheTTL is a fallback: a block or unblock sends a notice on
// TopicBlocks that makes every subscribed node read the lists afresh at
// once; the expiry bounds how long one that never subscribed lags.
const blockCacheTTL = 15 * time.Second

// blockCache holds the blocked domains and accounts: every answer and
// every Follow asks whether its sender is blocked.
type blockCache struct {
	mu      sync.Mutex
	domains []string
	actors  map[string]bool
	loaded  time.Time
}

func (c *blockCache) invalidate() {
	c.mu.Lock()
	c.loaded = time.Time{}
	c.mu.Unlock()
}

// lockedLists returns with s.blocks locked and its lists fresh. The
// lists are read under the lock, so an invalidate after a block commits
// waits for a read that may have begun before it, and the next check
// reads again.
func (s *Service) lockedLists(ctx context.Context) error {
	s.blocks.mu.Lock()
	if now := s.now(); now.Sub(s.blocks.loaded) > blockCacheTTL {
		domains, err := s.store.DomainBlockList(ctx)
		if err != nil {
			s.blocks.mu.Unlock()
			return err
		}
		accounts, err := s.store.ActorBlockList(ctx)
		if err != nil {
			s.blocks.mu.Unlock()
			return err
		}
		actors := make(map[string]bool, len(accounts))
		for _, a := range accounts {
			actors[a.URI] = true
		}
		s.blocks.domains, s.blocks.actors, s.blocks.loaded = domains, actors, now
	}
	return nil
}

// domainBlocked reports whether domain or a parent of it is blocked.
func (s *Service) domainBlocked(ctx context.Context, domain string) (bool, error) {
	if err := s.lockedLists(ctx); err != nil {
		return false, err
	}
	defer s.blocks.mu.Unlock()
	for _, b := range s.blocks.domains {
		if domain == b || strings.HasSuffix(domain, "."+b) {
			return true, nil
		}
	}
	return false, nil
}

// ActorBlocked reports whether the account uri is blocked (by itself,
// not by its domain: see CheckNotBlocked). Whoever blocks or unblocks
// one calls BlocksChanged in its transaction and InvalidateBlocks after.
func (s *Service) ActorBlocked(ctx context.Context, uri string) (bool, error) {
	if err := s.lockedLists(ctx); err != nil {
		return false, err
	}
	defer s.blocks.mu.Unlock()
	return s.blocks.actors[uri], nil
}
