package app

import (
	"context"
	"time"

	"github.com/gather-coop/gather/federation/httpsig"
	"github.com/gather-coop/gather/internal/app/fed"
	"github.com/gather-coop/gather/internal/model"
)

// The federation plumbing is package fed's; App passes on what its
// callers (the inbox handlers, the delivery worker) use of it.

// DeliverArgs is the job that POSTs one outgoing activity to one inbox.
type DeliverArgs = fed.DeliverArgs

// Delivery failures the caller should not retry.
var (
	// ErrGiveUp means a delivery will never succeed.
	ErrGiveUp = fed.ErrGiveUp
	// ErrInboxGone means the inbox answered 410 Gone.
	ErrInboxGone = fed.ErrInboxGone
)

// DeliveryBackoff is how long the delivery worker waits before attempt+1.
func DeliveryBackoff(attempt int) time.Duration { return fed.DeliveryBackoff(attempt) }

// Deliver POSTs one stored activity to one inbox: see fed.Service.Deliver.
func (a *App) Deliver(ctx context.Context, p DeliverArgs) error { return a.fed.Deliver(ctx, p) }

// RemoteActor returns our copy of the actor at uri, fetching it (with a
// signed GET) when we have none or when refresh is set.
func (a *App) RemoteActor(ctx context.Context, uri string, refresh bool) (model.RemoteActor, error) {
	return a.fed.RemoteActor(ctx, uri, refresh)
}

// FetchKey implements httpsig.KeyFetcher: see fed.Service.FetchKey.
func (a *App) FetchKey(ctx context.Context, keyID string, refresh bool) (httpsig.Key, error) {
	return a.fed.FetchKey(ctx, keyID, refresh)
}

// KeepVerifiedKey stores the actor that FetchKey fetched to find key, now
// that a signature by key has verified.
func (a *App) KeepVerifiedKey(ctx context.Context, key httpsig.Key) error {
	return a.fed.KeepVerifiedKey(ctx, key)
}
