package app

import (
	"context"
	"fmt"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// CoopGatherings is a co-op account with its gatherings, as the organisers'
// dashboard lists them.
type CoopGatherings struct {
	Handle string
	Name   string
	// Gatherings are in every state (drafts too), by start time, without
	// their rooms or tracks.
	Gatherings []model.Gathering
}

// Dashboard returns every co-op account ctx may act for (MyCoops) with
// its gatherings, oldest account first: one query for the accounts and
// one for each account's gatherings.
func (a *App) Dashboard(ctx context.Context) ([]CoopGatherings, error) {
	actors, err := a.MyCoops(ctx)
	if err != nil {
		return nil, fmt.Errorf("dashboard: %w", err)
	}
	out := make([]CoopGatherings, 0, len(actors))
	for _, actor := range actors {
		list, err := a.store.GatheringList(ctx, &store.GatheringListParams{ActorID: actor.ID})
		if err != nil {
			return nil, fmt.Errorf("dashboard of @%s: %w", actor.Handle, err)
		}
		out = append(out, CoopGatherings{Handle: actor.Handle, Name: actor.Name, Gatherings: list})
	}
	return out, nil
}
