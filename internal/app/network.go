package app

import (
	"context"
	"time"

	"github.com/gather-coop/gather/internal/app/network"
	"github.com/gather-coop/gather/internal/model"
)

// The co-op network (following sources, importing their events) is
// package network's; App passes on what the web layer, the CLI and the
// jobs call.

// NetworkBackfillArgs is the job that reads a source's upcoming events
// from its outbox once it accepted our Follow.
type NetworkBackfillArgs = network.BackfillArgs

// NetworkBackfillBackoff is how long a backfill waits after its attempt.
func NetworkBackfillBackoff(attempt int) time.Duration { return network.BackfillBackoff(attempt) }

// Follow makes the co-op account handle follow target (@user@host,
// user@host or an actor's address) for the network calendar.
func (a *App) Follow(ctx context.Context, handle, target string) (model.Source, error) {
	return a.network.Follow(ctx, handle, target)
}

// Unfollow stops the co-op account handle following target (handle,
// address or source id) and forgets its events.
func (a *App) Unfollow(ctx context.Context, handle, target string) error {
	return a.network.Unfollow(ctx, handle, target)
}

// UnfollowSource is Unfollow of the source id.
func (a *App) UnfollowSource(ctx context.Context, id int64) error {
	return a.network.UnfollowID(ctx, id)
}

// Sources lists what the co-op account handle follows.
func (a *App) Sources(ctx context.Context, handle string) ([]model.Source, error) {
	return a.network.List(ctx, handle)
}

// NetworkUpcoming lists the upcoming events of the sources the co-op
// account handle follows, at most limit.
func (a *App) NetworkUpcoming(ctx context.Context, handle string, limit int) ([]model.RemoteEvent, error) {
	return a.network.Upcoming(ctx, handle, limit)
}

// NetworkSessions lists a remote gathering's sessions.
func (a *App) NetworkSessions(ctx context.Context, parentURI string) ([]model.RemoteEvent, error) {
	return a.network.Sessions(ctx, parentURI)
}

// NetworkBackfill works one backfill job.
func (a *App) NetworkBackfill(ctx context.Context, p NetworkBackfillArgs) error {
	return a.network.Backfill(ctx, p)
}

// ShareEvent boosts a followed co-op's gathering (objectURI, its
// ActivityPub id) to the followers of the co-op account handle.
func (a *App) ShareEvent(ctx context.Context, handle, objectURI string) (model.Share, error) {
	return a.network.Share(ctx, handle, objectURI)
}

// UnshareEvent undoes that share; ErrNotFound when it is not shared.
func (a *App) UnshareEvent(ctx context.Context, handle, objectURI string) error {
	return a.network.Unshare(ctx, handle, objectURI)
}

// SharedEvents lists what the co-op account handle shares now.
func (a *App) SharedEvents(ctx context.Context, handle string) ([]model.Share, error) {
	return a.network.Shares(ctx, handle)
}

// CoHostedEvents lists the other servers' gatherings that name the co-op
// account handle as a co-host, in the states given (all when none).
func (a *App) CoHostedEvents(ctx context.Context, handle string, states ...model.CoHostedState) ([]model.CoHosted, error) {
	return a.network.CoHosted(ctx, handle, states...)
}

// DecideCoHosted accepts or declines being listed as co-host of the
// co-hosted event id.
func (a *App) DecideCoHosted(ctx context.Context, id int64, accept bool) (model.CoHosted, error) {
	return a.network.DecideCoHosted(ctx, id, accept)
}

// MaxPendingCoHostedPerServer bounds the events a server we do not follow
// may have waiting for an organiser to accept being their co-host.
const MaxPendingCoHostedPerServer = network.MaxPendingCoHostedPerServer
