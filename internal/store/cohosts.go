package store

import (
	"context"
	"time"

	"github.com/gather-coop/gather/internal/model"
)

// CoHostQueries keep co-hosting both ways (sqlstore/cohosts.go): the
// co-ops our gatherings name as co-hosts (co_hosts), and the other
// servers' gatherings that name one of our co-op accounts
// (co_hosted_events).
type CoHostQueries interface {
	// CoHostsSet makes a gathering's co-hosts exactly hosts, in order;
	// a handle given twice is kept once, at its first place.
	CoHostsSet(ctx context.Context, gatheringID int64, hosts []model.CoHost) error
	// CoHostList returns a gathering's co-hosts in order (GatheringGet
	// fills Gathering.CoHosts with it).
	CoHostList(ctx context.Context, gatheringID int64) ([]model.CoHost, error)
	// CoHostResolve records the later look-up of a pending co-host;
	// ErrNotFound when it is no longer pending (found, or removed).
	CoHostResolve(ctx context.Context, gatheringID int64, handle string, found model.CoHost) error

	// CoHostedUpsert stores an event naming one of our accounts, or
	// replaces the stored copy when c is newer (by Version; without
	// versions the last one received wins). A new row takes c.State; a
	// stored one keeps its own, but for a pending one that c accepts (we
	// follow its host now). It reports whether it wrote.
	CoHostedUpsert(ctx context.Context, c *model.CoHosted) (bool, error)
	// CoHostedGet returns one, or ErrNotFound.
	CoHostedGet(ctx context.Context, id int64) (model.CoHosted, error)
	// CoHostedByObject returns the rows of an event, one per account of
	// ours it names.
	CoHostedByObject(ctx context.Context, objectURI string) ([]model.CoHosted, error)
	// CoHostedList returns an account's co-hosted events in the states
	// given (all when none), by start.
	CoHostedList(ctx context.Context, actorID int64, states ...model.CoHostedState) ([]model.CoHosted, error)
	// CoHostedUpcoming returns the accepted co-hosted events of every
	// account that have not ended by after (or, without an end, started),
	// by start, at most limit.
	CoHostedUpcoming(ctx context.Context, after time.Time, limit int) ([]model.CoHosted, error)
	// CoHostedDecide sets a row's state (an organiser's accept or
	// decline) at at; ErrNotFound when there is no such row.
	CoHostedDecide(ctx context.Context, id int64, state model.CoHostedState, at time.Time) error
	// CoHostedDelete removes an event's rows: all of them when actorID is
	// 0, else that account's. It returns how many went.
	CoHostedDelete(ctx context.Context, objectURI string, actorID int64) (int64, error)
}
