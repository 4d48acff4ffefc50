package app

import (
	"context"
	"net/url"
	"strings"

	"github.com/gather-coop/gather/federation/client"
	"github.com/gather-coop/gather/federation/webfinger"
	"github.com/gather-coop/gather/internal/app/event"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// Profile is what a co-op's public page shows.
type Profile struct {
	Actor    model.Actor
	Handle   string // @events@host
	Upcoming []model.Gathering
	Past     []model.Gathering
	// CoHosted are the other co-ops' upcoming gatherings it co-hosts
	// (accepted), by start.
	CoHosted []model.CoHosted
}

// ProfileView returns a co-op's public gatherings: upcoming by start time,
// and the twenty most recent past ones, latest first.
func (a *App) ProfileView(ctx context.Context, handle string) (Profile, error) {
	actor, err := a.Actor(ctx, handle)
	if err != nil {
		return Profile{}, err
	}
	public := []model.GatheringStatus{model.StatusPublished, model.StatusCancelled}
	now := a.now()
	upcoming, err := a.store.GatheringList(ctx, &store.GatheringListParams{ActorID: actor.ID, Statuses: public, EndsAfter: now})
	if err != nil {
		return Profile{}, err
	}
	all, err := a.store.GatheringList(ctx, &store.GatheringListParams{ActorID: actor.ID, Statuses: public, Descending: true, Limit: len(upcoming) + 20})
	if err != nil {
		return Profile{}, err
	}
	var past []model.Gathering
	for _, g := range all {
		if !g.EndsAt.After(now) {
			past = append(past, g)
		}
	}
	co, err := a.store.CoHostedList(ctx, actor.ID, model.CoHostedAccepted)
	if err != nil {
		return Profile{}, err
	}
	var coming []model.CoHosted
	for _, c := range co {
		end := c.StartsAt
		if c.EndsAt != nil {
			end = *c.EndsAt
		}
		if end.After(now) {
			coming = append(coming, c)
		}
	}
	return Profile{Actor: actor, Handle: "@" + actor.Handle + "@" + a.urls.Host(), Upcoming: upcoming, Past: past, CoHosted: coming}, nil
}

// RoomOf, TrackOf and CapacityOf read a session's place in its gathering.
func RoomOf(g model.Gathering, s model.Session) model.Room { return event.RoomOf(g, s) }

// TrackOf returns the session's track, or the zero Track.
func TrackOf(g model.Gathering, s model.Session) model.Track { return event.TrackOf(g, s) }

// CapacityOf is the session's capacity (its own, else its room's), or nil.
func CapacityOf(g model.Gathering, s model.Session) *int { return event.CapacityOf(g, s) }

// RemoteInteraction finds where a visitor with the fediverse account
// handle can act on uri (follow our co-op, reply to an event) on their own
// server: the subscribe template their WebFinger answer gives, filled in.
func (a *App) RemoteInteraction(ctx context.Context, handle, uri string) (string, error) {
	handle = strings.TrimSpace(handle)
	user, host, err := webfinger.SplitHandle(handle)
	if err != nil {
		return "", invalid("handle", "give your full fediverse address, like @you@mastodon.social")
	}
	if !a.urls.Mine(uri) {
		// An event of a co-op we follow is answered at its host, from the
		// visitor's server: the network calendar links here for it.
		remote, err := a.netcal.IsRemoteEvent(ctx, uri)
		if err != nil {
			return "", err
		}
		if !remote {
			return "", invalid("uri", "not one of ours")
		}
	}
	schemes := []string{"https"}
	if a.allowHTTP {
		schemes = append(schemes, "http")
	}
	for _, scheme := range schemes {
		body, err := a.fed.Client().GetJSON(ctx, scheme+"://"+host+"/.well-known/webfinger?resource=acct:"+url.QueryEscape(user+"@"+host), client.AcceptJRD, nil)
		if err != nil {
			continue
		}
		jrd, err := webfinger.ParseJRD(body)
		if err != nil {
			continue
		}
		// Send people only to their own server: the host of their handle,
		// or of the actor it names (handles may live on a parent domain).
		allowed := map[string]bool{strings.ToLower(host): true}
		if actorURL, ok := jrd.ActorURL(); ok {
			if u, err := url.Parse(actorURL); err == nil {
				allowed[strings.ToLower(u.Host)] = true
			}
		}
		for _, l := range jrd.Links {
			if l.Rel == webfinger.RelSubscribe && strings.Contains(l.Template, "{uri}") {
				target := strings.ReplaceAll(l.Template, "{uri}", url.QueryEscape(uri))
				if u, err := url.Parse(target); err == nil && allowed[strings.ToLower(u.Host)] &&
					(u.Scheme == "https" || (a.allowHTTP && u.Scheme == "http")) {
					return target, nil
				}
			}
		}
		return "", invalid("handle", "%s does not say how to follow from there: search for this page's address in your app instead", handle)
	}
	return "", invalid("handle", "%s could not be found: check the spelling", handle)
}
