// Package followers is the co-op accounts' followers and the blocks
// organisers make: Follows and their Undos from other servers (answered
// with Accept, or left for approval), the organisers' lists of followers
// and requests, approving, rejecting and removing followers, finding a
// remote account by handle or address, and blocking accounts and domains
// with what each block tells (or does not tell) other servers.
//
// What belongs here: a new way for someone elsewhere to follow, or to be
// kept out. What a block means for answers (BlockPerson) is the rules'
// (package app), reached through Hooks, as are the inbox's processed mark
// and resolving a handle.
package followers

import (
	"context"
	"log/slog"
	"time"

	"github.com/gather-coop/gather/internal/app/account"
	"github.com/gather-coop/gather/internal/app/fed"
	"github.com/gather-coop/gather/internal/app/localurl"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// Hooks are what this room asks of package app, which holds it.
type Hooks struct {
	// InTxMarkingProcessed runs fn in a transaction that also marks the
	// incoming activity being processed done, when fn is its only effect.
	InTxMarkingProcessed func(ctx context.Context, fn func(store.Tx) error) error
	// ResolveHandle finds @user@host by WebFinger and fetches its actor.
	ResolveHandle func(ctx context.Context, handle string) (model.Facilitator, error)
	// BlockPerson blocks actorURI from answering, with what that means
	// for the answers it gave.
	BlockPerson func(ctx context.Context, actorURI string) error
}

// Service keeps the followers and the blocks.
type Service struct {
	store store.Store
	log   *slog.Logger
	now   func() time.Time
	urls  localurl.URLs
	acct  *account.Service
	fed   *fed.Service
	hooks Hooks
}

// Config is what New needs; package app fills in every field.
type Config struct {
	Store    store.Store
	Logger   *slog.Logger
	Now      func() time.Time
	URLs     localurl.URLs
	Accounts *account.Service
	Fed      *fed.Service
	Hooks    Hooks
}

// New returns a Service.
func New(c Config) *Service {
	return &Service{store: c.Store, log: c.Logger, now: c.Now, urls: c.URLs, acct: c.Accounts, fed: c.Fed, hooks: c.Hooks}
}
