package gathering

import (
	"context"
	"time"

	"github.com/gather-coop/gather/internal/app/account"
	"github.com/gather-coop/gather/internal/app/apperr"
	"github.com/gather-coop/gather/internal/app/input"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// GatheringOutput is a gathering as the JSON API shows it: the shape it
// was written in, plus ids, links, status and version.
type GatheringOutput struct {
	EventRef
	Status      model.GatheringStatus `json:"status"`
	Version     int                   `json:"version"`
	PublishedAt *time.Time            `json:"published_at"`
	input.GatheringInput
	Sessions []SessionOutput `json:"sessions"`
}

// SessionOutput is a session as the JSON API shows it.
type SessionOutput struct {
	EventRef
	Version int `json:"version"`
	input.SessionInput
}

// GatheringOutput returns a gathering for the API.
func (gs *Service) GatheringOutput(ctx context.Context, id int64) (GatheringOutput, error) {
	d, err := gs.GatheringDetail(ctx, id)
	if err != nil {
		return GatheringOutput{}, err
	}
	out := gs.gatheringOutput(d)
	return out, gs.withReminders(ctx, &out, d.Gathering)
}

// GatheringOutputOf is GatheringOutput of a gathering already loaded.
func (gs *Service) GatheringOutputOf(d GatheringDetail) GatheringOutput { return gs.gatheringOutput(d) }

func (gs *Service) gatheringOutput(d GatheringDetail) GatheringOutput {
	g := d.Gathering
	out := GatheringOutput{
		EventRef: EventRef{ID: g.ID, URL: gs.urls.Gathering(g.ID), APID: gs.urls.Gathering(g.ID)},
		Status:   g.Status, Version: g.Version, PublishedAt: g.PublishedAt,
		GatheringInput: inputFromGathering(g), Sessions: []SessionOutput{},
	}
	for _, s := range d.Sessions {
		out.Sessions = append(out.Sessions, SessionOutput{
			EventRef: EventRef{ID: s.ID, URL: gs.urls.Session(s.ID), APID: gs.urls.Session(s.ID)},
			Version:  s.Version, SessionInput: sessionInput(g, s),
		})
	}
	return out
}

// ListGatherings returns the co-op's gatherings, all states, by start:
// their own fields only (one query); rooms, tracks, co-hosts and sessions
// come with each one's GET.
func (gs *Service) ListGatherings(ctx context.Context, handle string) ([]GatheringOutput, error) {
	actor, err := gs.acct.Actor(ctx, handle)
	if err != nil {
		return nil, err
	}
	if err := gs.acct.Authorize(ctx, actor, account.Read); err != nil {
		return nil, err
	}
	list, err := gs.store.GatheringList(ctx, &store.GatheringListParams{ActorID: actor.ID})
	if err != nil {
		return nil, err
	}
	out := make([]GatheringOutput, 0, len(list))
	for _, g := range list {
		o := gs.gatheringOutput(GatheringDetail{Actor: actor, Gathering: g})
		o.Sessions, o.CoHosts = nil, nil // not read for a list: each one's GET has them
		out = append(out, o)
	}
	return out, nil
}

// DefaultActor returns the handle of the instance's first co-op account,
// for requests that do not name one; for an organiser, the first they
// organise for.
func (gs *Service) DefaultActor(ctx context.Context) (string, error) {
	groups, err := gs.store.ActorList(ctx, model.ActorGroup)
	if err != nil {
		return "", err
	}
	if p, ok := account.PrincipalFrom(ctx); ok && p.User.ID != 0 && p.User.Role != model.RoleAdmin && len(groups) > 0 {
		if groups, err = gs.acct.CoopsOf(ctx, p); err != nil {
			return "", err
		}
		if len(groups) == 0 {
			return "", &apperr.ForbiddenError{Msg: "you organise for no co-op account yet: an admin can add you to one"}
		}
	}
	if len(groups) == 0 {
		return "", apperr.Invalid("actor", "this instance has no co-op account yet")
	}
	return groups[0].Handle, nil
}
