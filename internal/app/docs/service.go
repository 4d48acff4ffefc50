// Package docs is what we serve other servers about our co-op accounts'
// events: each gathering's and session's Event (cached: it is the hottest
// read there is) and its replies collection, an actor's collections (the
// outbox, upcoming events first, and the followers), and the activities
// we sent, by id. Deleted things answer ErrGone (GoneOr).
package docs

import (
	"time"

	"github.com/gather-coop/gather/internal/app/account"
	"github.com/gather-coop/gather/internal/app/localurl"
	"github.com/gather-coop/gather/internal/store"
)

// Service builds the documents. Its zero value is not usable; see New.
type Service struct {
	store  store.Store
	now    func() time.Time
	urls   localurl.URLs
	acct   *account.Service
	events *EventCache
}

// Config is what New needs.
type Config struct {
	Store    store.Store
	Now      func() time.Time
	URLs     localurl.URLs
	Accounts *account.Service
	// Events is the cache of served Events, shared with NoticingStore
	// so that changes to it tell the other nodes; New makes one if nil.
	Events *EventCache
}

// New returns a Service.
func New(c Config) *Service {
	if c.Events == nil {
		c.Events = new(EventCache)
	}
	return &Service{store: c.Store, now: c.Now, urls: c.URLs, acct: c.Accounts, events: c.Events}
}

// Changed forgets every cached Event: called inside the transaction of
// any change to a gathering, a session or the answers to them, so that
// NoticingStore tells the other nodes when it commits.
func (s *Service) Changed() { s.events.clear() }
