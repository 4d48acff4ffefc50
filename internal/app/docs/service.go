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
	events eventCache
}

// Config is what New needs.
type Config struct {
	Store    store.Store
	Now      func() time.Time
	URLs     localurl.URLs
	Accounts *account.Service
}

// New returns a Service.
func New(c Config) *Service {
	return &Service{store: c.Store, now: c.Now, urls: c.URLs, acct: c.Accounts}
}

// Changed forgets every cached Event: called after any change to a
// gathering, a session or the answers to them, by this process.
func (s *Service) Changed() { s.events.clear() }
