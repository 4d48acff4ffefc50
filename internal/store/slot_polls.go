package store

import (
	"context"
	"time"

	"github.com/gather-coop/gather/internal/model"
)

// SlotPollQueries keep a gathering's slot polls and their options
// (sqlstore/slot_polls.go).
type SlotPollQueries interface {
	// SlotPollSync makes a gathering's slot polls those of polls (by
	// start and part; ids and options ignored): a poll already there
	// keeps its id and gets polls' options, a new one is made at at, and
	// one not in polls is retired at at (its options stay, for reading
	// old votes). A retired poll that comes back is no longer retired.
	// It returns every poll of the gathering, retired too, by start and
	// part.
	SlotPollSync(ctx context.Context, gatheringID int64, polls []model.SlotPoll, at time.Time) ([]model.SlotPoll, error)
	// SlotPollList returns a gathering's slot polls, retired too, by
	// start and part.
	SlotPollList(ctx context.Context, gatheringID int64) ([]model.SlotPoll, error)
	// GatheringSlotPolls reports whether a gathering publishes slot polls
	// (gatherings.slot_polls, on unless turned off). It is kept out of the
	// gathering's row so that stores at older schemas still write gatherings.
	GatheringSlotPolls(ctx context.Context, gatheringID int64) (bool, error)
	// GatheringSlotPollsSet turns a gathering's slot polls on or off.
	GatheringSlotPollsSet(ctx context.Context, gatheringID int64, on bool) error
	// SlotPollGet returns one slot poll with its options, or ErrNotFound.
	SlotPollGet(ctx context.Context, id int64) (model.SlotPoll, error)
}
