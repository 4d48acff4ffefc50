package store

import (
	"context"
	"time"

	"github.com/gather-coop/gather/internal/model"
)

// StandingQueries keep standing RSVPs: who said they would come to every
// occurrence of a series (sqlstore/standing_rsvps.go).
type StandingQueries interface {
	// StandingSave makes s stand: a new row, or the person's withdrawn
	// one standing again with s's reply and time. It returns the row and
	// whether it stands anew; a person already standing keeps their row
	// as it was (false).
	StandingSave(ctx context.Context, s *model.StandingRSVP) (model.StandingRSVP, bool, error)
	// StandingGet returns a person's standing RSVP for a series, standing
	// or withdrawn, or ErrNotFound.
	StandingGet(ctx context.Context, seriesID, remoteActorID int64) (model.StandingRSVP, error)
	// StandingWithdraw marks a person's standing RSVP withdrawn at at and
	// returns it; ErrNotFound when none stands.
	StandingWithdraw(ctx context.Context, seriesID, remoteActorID int64, at time.Time) (model.StandingRSVP, error)
	// StandingList returns a series' standing RSVPs that stand, oldest
	// first: the order they take places in.
	StandingList(ctx context.Context, seriesID int64) ([]model.StandingRSVP, error)
	// StandingCount counts them.
	StandingCount(ctx context.Context, seriesID int64) (int, error)
	// StandingCopy makes those standing for series from stand for series
	// to as well, with the same reply and time, but for any who have a
	// row there already: a series split ("this and the following") keeps
	// its people. It returns how many it copied.
	StandingCopy(ctx context.Context, from, to int64) (int, error)
}
