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
// TopicBlocks that makes every subscribed node read the list afresh at
// once; the expiry bounds how long one that never subscribed lags.
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
func (s *Service) domainBlocked(ctx context.Context, domain string) (bool, error) {
	s.blocks.mu.Lock()
	defer s.blocks.mu.Unlock()
	if now := s.now(); now.Sub(s.blocks.loaded) > blockCacheTTL {
		list, err := s.store.DomainBlockList(ctx)
		if err != nil {
			return false, err
		}
		s.blocks.domains, s.blocks.loaded = list, now
	}
	for _, b := range s.blocks.domains {
		if domain == b || strings.HasSuffix(domain, "."+b) {
			return true, nil
		}
	}
	return false, nil
}
