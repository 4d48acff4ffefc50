package network

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/remoteevent"
	"github.com/gather-coop/gather/internal/app/account"
	"github.com/gather-coop/gather/internal/app/fed"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// Co-hosted events: another server's gathering whose Event names one of
// our co-op accounts among its organizers and addresses it (to or cc), as
// a Gather's co-hosts are. It is taken only from its own server (Read
// makes a Create or Update of another origin's object a fetch, which a
// stranger's word never causes, and the event's author must be on the
// sender's origin), whether or not we follow the sender. Anti-spam: it
// is listed publicly at once when its host is a source that accepted our
// follow; otherwise it waits on the admin's Network page for an organiser
// to accept or decline. An Update that no longer names an account of
// ours ends that account's co-hosting; a Delete ends it for all.

// receiveCoHosted records what an event activity says of co-hosting, when
// it concerns our accounts; in is what Read made of it (readErr its
// failure). It reports whether the activity concerned co-hosting.
func (s *Service) receiveCoHosted(ctx context.Context, act *federation.Activity, in remoteevent.Incoming, readErr error) (bool, error) {
	if readErr != nil {
		return false, nil
	}
	switch {
	case in.Action == remoteevent.Delete:
		return s.coHostedGone(ctx, act, in.DeletedID)
	case in.Action == remoteevent.Upsert && (act.Type == "Create" || act.Type == "Update"):
		return s.coHostedUpsert(ctx, act, in.Event)
	}
	return false, nil
}

// coHostedUpsert stores e for each account of ours it names, and ends the
// co-hosting of those it no longer names.
func (s *Service) coHostedUpsert(ctx context.Context, act *federation.Activity, e remoteevent.Event) (bool, error) {
	if e.SuperEvent != "" {
		return false, nil // a session: its gathering is what is co-hosted
	}
	named, err := s.namedCoHosts(ctx, act, e)
	if err != nil {
		return false, err
	}
	stored, err := s.store.CoHostedByObject(ctx, e.ID)
	if err != nil {
		return false, err
	}
	if len(named) == 0 && len(stored) == 0 {
		return false, nil
	}
	// Read checked that the sender is on the event's origin, and its
	// author too: only the host's own server speaks for the event.
	if !federation.SameOrigin(act.Actor, e.ID) || !federation.SameOrigin(e.AttributedTo, e.ID) {
		return true, fed.Skip("%s %s by %s names us as co-host of %s, not its server's", act.Type, act.ID, act.Actor, e.ID)
	}
	state, handle, err := s.coHostedState(ctx, e.AttributedTo)
	if err != nil {
		return true, err
	}
	if state == model.CoHostedPending && len(stored) == 0 {
		if named, err = s.roomForPending(ctx, named, e.AttributedTo); err != nil || len(named) == 0 {
			if err == nil {
				err = fed.Skip("%s names us as co-host, but %d of its server's wait already", e.ID, MaxPendingCoHostedPerServer)
			}
			return true, err
		}
	}
	err = s.store.InTx(ctx, func(tx store.Tx) error {
		for _, c := range stored {
			if older(e, c) || slices.ContainsFunc(named, func(a model.Actor) bool { return a.ID == c.ActorID }) {
				continue // still named; or a late copy of an earlier version, not its last word
			}
			if _, err := tx.CoHostedDelete(ctx, e.ID, c.ActorID); err != nil {
				return err
			}
		}
		for _, a := range named {
			c := s.coHostedOf(a.ID, e, state, handle)
			if _, err := tx.CoHostedUpsert(ctx, &c); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return true, fmt.Errorf("co-hosting of %s: %w", e.ID, err)
	}
	s.log.InfoContext(ctx, "co-hosted event", slog.String("event", e.ID), slog.Int("named", len(named)), slog.String("state", string(state)))
	return true, nil
}

// MaxPendingCoHostedPerServer bounds the events one server not followed
// may have waiting for an organiser's accept or decline, per account of
// ours: anyone can run a server and name us, and the admin's list is no
// place for a flood. Updates of those kept still count. The count is read
// before the transaction that adds one, so events of one server arriving
// at the same instant may each find room: the bound is a server's
// flood's, give or take the inbox's workers, not an exact quota.
const MaxPendingCoHostedPerServer = 20

// roomForPending keeps of named the accounts for which fewer than
// MaxPendingCoHostedPerServer events of host's server wait.
func (s *Service) roomForPending(ctx context.Context, named []model.Actor, host string) ([]model.Actor, error) {
	var out []model.Actor
	for _, a := range named {
		pending, err := s.store.CoHostedList(ctx, a.ID, model.CoHostedPending)
		if err != nil {
			return nil, err
		}
		n := 0
		for _, c := range pending {
			if federation.SameOrigin(c.HostURI, host) {
				n++
			}
		}
		if n < MaxPendingCoHostedPerServer {
			out = append(out, a)
		}
	}
	return out, nil
}

// namedCoHosts are our co-op accounts e names among its organizers that
// the activity addresses.
func (s *Service) namedCoHosts(ctx context.Context, act *federation.Activity, e remoteevent.Event) ([]model.Actor, error) {
	var out []model.Actor
	for _, id := range e.Organizers {
		handle := s.urls.HandleOf(id)
		if handle == "" || (!slices.Contains(act.To, id) && !slices.Contains(act.CC, id)) {
			continue
		}
		a, err := s.store.ActorGetByHandle(ctx, strings.ToLower(handle))
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if a.Kind == model.ActorGroup && !slices.ContainsFunc(out, func(o model.Actor) bool { return o.ID == a.ID }) {
			out = append(out, a)
		}
	}
	return out, nil
}

// coHostedState is how a new co-hosted event of host starts: accepted
// when host is a source that accepted our follow, else pending; and the
// host's handle as we know it.
func (s *Service) coHostedState(ctx context.Context, host string) (model.CoHostedState, string, error) {
	src, err := s.store.SourceGetByActor(ctx, host)
	if err == nil && src.State == model.SourceAccepted {
		return model.CoHostedAccepted, src.Handle, nil
	}
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return "", "", err
	}
	r, err := s.store.RemoteActorGetByURI(ctx, host)
	if errors.Is(err, store.ErrNotFound) {
		return model.CoHostedPending, "", nil
	}
	if err != nil {
		return "", "", err
	}
	return model.CoHostedPending, r.Handle(), nil
}

// coHostedOf is e as the account actorID keeps it co-hosted.
func (s *Service) coHostedOf(actorID int64, e remoteevent.Event, state model.CoHostedState, handle string) model.CoHosted {
	r := remoteEventOf(0, e, s.now())
	return model.CoHosted{ActorID: actorID, ObjectURI: e.ID, HostURI: e.AttributedTo, HostHandle: handle, State: state,
		URL: r.URL, Title: r.Title, StartsAt: r.StartsAt, EndsAt: r.EndsAt, Timezone: r.Timezone, Status: r.Status,
		PlaceName: r.PlaceName, PlaceAddr: r.PlaceAddress, OnlineURL: r.OnlineURL, Version: r.Version, ReceivedAt: r.ReceivedAt}
}

// coHostedGone ends the co-hosting of a deleted event, when its own
// server says so.
func (s *Service) coHostedGone(ctx context.Context, act *federation.Activity, id string) (bool, error) {
	stored, err := s.store.CoHostedByObject(ctx, id)
	if err != nil || len(stored) == 0 {
		return false, err
	}
	if !federation.SameOrigin(act.Actor, id) {
		return true, fed.Skip("Delete %s of %s by %s: another server's event", act.ID, id, act.Actor)
	}
	if _, err := s.store.CoHostedDelete(ctx, id, 0); err != nil {
		return true, err
	}
	return true, nil
}

// CoHosted lists the co-op account handle's co-hosted events in the
// states given (all when none), by start, for whoever may read it.
func (s *Service) CoHosted(ctx context.Context, handle string, states ...model.CoHostedState) ([]model.CoHosted, error) {
	if err := s.acct.AuthorizeHandle(ctx, handle, account.Read); err != nil {
		return nil, err
	}
	actor, err := s.store.ActorGetByHandle(ctx, strings.ToLower(handle))
	if err != nil {
		return nil, err
	}
	return s.store.CoHostedList(ctx, actor.ID, states...)
}

// DecideCoHosted accepts (listing it publicly as co-hosted with us) or
// declines the co-hosted event id, for whoever may change its co-op
// account. Deciding again changes the decision.
func (s *Service) DecideCoHosted(ctx context.Context, id int64, accept bool) (model.CoHosted, error) {
	c, err := s.store.CoHostedGet(ctx, id)
	if err != nil {
		return model.CoHosted{}, err
	}
	actor, err := s.store.ActorGetByID(ctx, c.ActorID)
	if err != nil {
		return model.CoHosted{}, err
	}
	if err := s.acct.Authorize(ctx, actor, account.Write); err != nil {
		return model.CoHosted{}, err
	}
	state, action := model.CoHostedDeclined, account.AuditCoHostedDecline
	if accept {
		state, action = model.CoHostedAccepted, account.AuditCoHostedAccept
	}
	err = s.store.InTx(ctx, func(tx store.Tx) error {
		if err := tx.CoHostedDecide(ctx, id, state, s.now()); err != nil {
			return err
		}
		host := c.HostHandle
		if host == "" {
			host = c.HostURI
		}
		return s.acct.Audit(ctx, tx, &actor, action, c.ObjectURI, fmt.Sprintf("%q, hosted by %s", c.Title, host))
	})
	if err != nil {
		return model.CoHosted{}, fmt.Errorf("decide co-hosting of %s as @%s: %w", c.ObjectURI, actor.Handle, err)
	}
	c.State = state
	return c, nil
}

// older reports whether e is a version of the event before (or the same
// as) the copy c we keep.
func older(e remoteevent.Event, c model.CoHosted) bool {
	v := e.Version()
	return c.Version != nil && !v.IsZero() && !v.After(*c.Version)
}
