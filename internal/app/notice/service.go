package notice

import (
	"time"

	"github.com/gather-coop/gather/internal/app/fed"
	"github.com/gather-coop/gather/internal/app/localurl"
	"github.com/gather-coop/gather/internal/app/rsvp"
	"github.com/gather-coop/gather/internal/store"
)

// Service sends notices. Its zero value is not usable; see New.
type Service struct {
	store store.Store
	now   func() time.Time
	urls  localurl.URLs
	fed   *fed.Service
	rsvp  *rsvp.Service
}

// Config is what New needs.
type Config struct {
	Store store.Store
	Now   func() time.Time
	URLs  localurl.URLs
	Fed   *fed.Service
	// RSVP says which event an IRI names and whether a person is blocked.
	RSVP *rsvp.Service
}

// New returns a Service.
func New(c Config) *Service {
	return &Service{store: c.Store, now: c.Now, urls: c.URLs, fed: c.Fed, rsvp: c.RSVP}
}
