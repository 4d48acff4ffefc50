package rsvp

import (
	"context"

	"github.com/gather-coop/gather/internal/app/localurl"
)

// Target is one of our events as an incoming activity names it: by
// its id, its poll's id, or the id of one of our notes about it.
type Target struct {
	GatheringID int64
	SessionID   *int64
	Poll        bool
	// SlotPollID is the slot poll named (package poll), 0 for none: a
	// vote in it signs up for the session of the option chosen.
	SlotPollID int64
}

// TargetOf reads which event an IRI of ours belongs to.
func (s *Service) TargetOf(ctx context.Context, uri string) (Target, bool) {
	p, ok := s.urls.ParseEvent(uri)
	if !ok {
		return Target{}, false
	}
	switch p.Kind {
	case localurl.KindGathering:
		return Target{GatheringID: p.ID, Poll: p.Poll, SlotPollID: p.SlotPoll}, true
	case localurl.KindSession:
		sess, err := s.store.SessionGet(ctx, p.ID)
		if err != nil {
			return Target{}, false
		}
		return Target{GatheringID: sess.GatheringID, SessionID: &sess.ID, Poll: p.Poll}, true
	}
	return Target{}, false
}
