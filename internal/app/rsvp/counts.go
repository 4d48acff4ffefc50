package rsvp

import (
	"context"
	"time"

	"github.com/gather-coop/gather/federation/asevent"
	"github.com/gather-coop/gather/internal/app/event"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// WithCounts fills an Event's participantCount from the RSVPs.
func WithCounts(ctx context.Context, q store.Queries, e *asevent.Event, gatheringID int64, sessionID *int64) error {
	counts, err := q.RSVPCounts(ctx, gatheringID, sessionID)
	if err != nil {
		return err
	}
	e.Going = counts[model.RSVPGoing]
	last, err := q.RSVPLastChange(ctx, gatheringID, sessionID)
	if err != nil {
		return err
	}
	// The counts are part of the Event: it is as new as its last answer,
	// and servers ignore an Update that is not newer.
	if last.After(e.Published) {
		e.Updated = event.LaterOf(e.Updated, last.UTC().Truncate(time.Second))
	}
	return nil
}
