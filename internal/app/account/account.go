// Package account is who is who, and who may do what: co-op accounts and
// the users who organise for them (accounts.go, memberships.go), signing
// in and web sessions (signin.go), API tokens, the principal a request
// acts for and the checks every rule makes before it reads or changes a
// co-op account's things (access.go), and the audit log's entries of what
// our own people did (audit.go).
//
// What belongs here: a new role, credential or permission, and a new
// kind of audit entry. Package app holds one Service and passes on its
// public methods; the rules call Authorize and Audit on it.
package account

import (
	"log/slog"
	"time"

	"github.com/gather-coop/gather/internal/store"
)

// Service keeps the accounts and answers who may do what.
type Service struct {
	store store.Store
	log   *slog.Logger
	now   func() time.Time
}

// New returns a Service over st; now is the clock.
func New(st store.Store, log *slog.Logger, now func() time.Time) *Service {
	return &Service{store: st, log: log, now: now}
}
