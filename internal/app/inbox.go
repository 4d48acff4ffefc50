package app

import (
	"context"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/httpsig"
	"github.com/gather-coop/gather/internal/app/inbox"
	"github.com/gather-coop/gather/internal/store"
)

// The inbox's room (package inbox), passed on under the names callers
// always used.

// ProcessInboxArgs is the job that acts on one stored incoming activity.
type ProcessInboxArgs = inbox.ProcessInboxArgs

// Verifier checks the HTTP signatures of requests to us. It fetches and
// caches the keys they name.
func (a *App) Verifier() *httpsig.Verifier { return a.inbox.Verifier() }

// CheckSender refuses an activity whose actor is on a blocked domain,
// before its signature costs a key fetch.
func (a *App) CheckSender(ctx context.Context, act *federation.Activity) error {
	return a.inbox.CheckSender(ctx, act)
}

// Receive stores an incoming activity, whose signature verified with key,
// and enqueues its processing, in one transaction. An activity whose id was
// seen before is accepted and ignored: servers retry.
func (a *App) Receive(ctx context.Context, act *federation.Activity, key httpsig.Key) error {
	return a.inbox.Receive(ctx, act, key)
}

// ProcessInbox acts on a stored incoming activity, by type. Types Gather
// has no use for are logged at debug and dropped. An error means try again
// later (a remote fetch failed); an activity that can never be acted on is
// logged and marked processed.
func (a *App) ProcessInbox(ctx context.Context, id int64) error {
	return a.inbox.ProcessInbox(ctx, id)
}

// inTxMarkingProcessed is followers' way to the inbox's processed mark:
// followers is built before the inbox, which needs it.
func (a *App) inTxMarkingProcessed(ctx context.Context, fn func(store.Tx) error) error {
	return a.inbox.InTxMarkingProcessed(ctx, fn)
}
