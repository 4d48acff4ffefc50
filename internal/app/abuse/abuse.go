// Package abuse is reports of abuse, both ways: an organiser's report of
// a remote account (kept for our admins and, forwarded, sent to its server
// as a Flag), the Flags other servers send about our co-op accounts, the
// admins' list and resolving of them, and organisers hiding a comment on
// their gathering.
//
// What belongs here: a new kind of report, or a new way to deal with one.
// Finding the reported account is package followers'; sending the Flag is
// package fed's.
package abuse

import (
	"log/slog"
	"time"

	"github.com/gather-coop/gather/internal/app/account"
	"github.com/gather-coop/gather/internal/app/fed"
	"github.com/gather-coop/gather/internal/app/followers"
	"github.com/gather-coop/gather/internal/app/localurl"
	"github.com/gather-coop/gather/internal/store"
)

// Service keeps the reports.
type Service struct {
	store   store.Store
	log     *slog.Logger
	now     func() time.Time
	urls    localurl.URLs
	acct    *account.Service
	fed     *fed.Service
	follows *followers.Service
}

// Config is what New needs; package app fills in every field.
type Config struct {
	Store     store.Store
	Logger    *slog.Logger
	Now       func() time.Time
	URLs      localurl.URLs
	Accounts  *account.Service
	Fed       *fed.Service
	Followers *followers.Service
}

// New returns a Service.
func New(c Config) *Service {
	return &Service{store: c.Store, log: c.Logger, now: c.Now, urls: c.URLs, acct: c.Accounts, fed: c.Fed, follows: c.Followers}
}
