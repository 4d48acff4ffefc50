package gathering

import (
	"context"
	"fmt"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// PublicGathering returns a published or cancelled gathering for its
// public page; drafts are not found, deleted ones are ErrGone.
func (gs *Service) PublicGathering(ctx context.Context, id int64) (GatheringDetail, error) {
	d, err := gs.gatheringDetail(ctx, id)
	if err != nil {
		return GatheringDetail{}, gs.docs.GoneOr(ctx, gs.urls.Gathering(id), err)
	}
	if d.Gathering.Status == model.StatusDraft {
		return GatheringDetail{}, fmt.Errorf("gathering %d is a draft: %w", id, store.ErrNotFound)
	}
	return d, nil
}

// PublicSession returns a session of a public gathering, as PublicGathering.
func (gs *Service) PublicSession(ctx context.Context, id int64) (GatheringDetail, model.Session, error) {
	d, s, err := gs.sessionDetail(ctx, id)
	if err != nil {
		return GatheringDetail{}, model.Session{}, gs.docs.GoneOr(ctx, gs.urls.Session(id), err)
	}
	if d.Gathering.Status == model.StatusDraft {
		return GatheringDetail{}, model.Session{}, fmt.Errorf("session %d is in a draft: %w", id, store.ErrNotFound)
	}
	return d, s, nil
}

// PublicGatherings returns every published or cancelled gathering of a
// co-op with its sessions, for its calendar.
func (gs *Service) PublicGatherings(ctx context.Context, handle string) (model.Actor, []GatheringDetail, error) {
	actor, err := gs.acct.Actor(ctx, handle)
	if err != nil {
		return model.Actor{}, nil, err
	}
	list, err := gs.store.GatheringList(ctx, &store.GatheringListParams{ActorID: actor.ID,
		Statuses: []model.GatheringStatus{model.StatusPublished, model.StatusCancelled}})
	if err != nil {
		return model.Actor{}, nil, err
	}
	out := make([]GatheringDetail, 0, len(list))
	for _, g := range list {
		d, err := gs.gatheringDetail(ctx, g.ID)
		if err != nil {
			return model.Actor{}, nil, err
		}
		out = append(out, d)
	}
	return actor, out, nil
}

// PublicGoing returns how many people are going to each of sessionIDs,
// sessions of the public gathering gatheringID, for the pages that show
// seats left. A session with nobody going is in the map with 0.
func (gs *Service) PublicGoing(ctx context.Context, gatheringID int64, sessionIDs []int64) (map[int64]int, error) {
	out := make(map[int64]int, len(sessionIDs))
	for _, id := range sessionIDs {
		counts, err := gs.store.RSVPCounts(ctx, gatheringID, &id)
		if err != nil {
			return nil, fmt.Errorf("count going to session %d: %w", id, err)
		}
		out[id] = counts[model.RSVPGoing]
	}
	return out, nil
}
