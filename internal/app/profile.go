package app

import (
	"context"

	"github.com/gather-coop/gather/federation/webfinger"
	"github.com/gather-coop/gather/internal/app/profile"
	"github.com/gather-coop/gather/internal/model"
)

// Profiles and the documents that tell other servers who we are are
// package profile's; App passes on what the web layer calls, under the
// names it always used.

// ProfileParams are what an organiser can change about a co-op account.
type ProfileParams = profile.ProfileParams

// Settings is the admin's settings page: a co-op's profile and the
// instance settings.
type Settings = profile.Settings

// BioSource is the bio of actor to show in an editor: as it was typed, or
// for a summary given as HTML, its text.
func BioSource(actor model.Actor) string { return profile.BioSource(actor) }

// LinkHTML is a profile link's URL as HTML: a link showing the address
// without its scheme.
func LinkHTML(u string) string { return profile.LinkHTML(u) }

// LinkText is how a profile link's URL reads: without http(s):// or a
// lone trailing slash.
func LinkText(u string) string { return profile.LinkText(u) }

// UpdateProfile changes a co-op account and tells its followers with an
// Update of the actor, so their servers refresh their copy. Mistakes a
// person can fix come back together, as errors.Join of one
// *apperr.ValidationError per field.
func (a *App) UpdateProfile(ctx context.Context, handle string, p ProfileParams) (model.Actor, error) {
	return a.prof.UpdateProfile(ctx, handle, p)
}

// Settings returns to an admin (by) the profile of the co-op handle (the
// instance's first co-op when handle is "") and the instance settings.
// Anyone else gets apperr.ErrForbidden.
func (a *App) Settings(ctx context.Context, by model.User, handle string) (Settings, error) {
	return a.prof.Settings(ctx, by, handle)
}

// SaveSettings lets an admin (by) change the profile of the co-op handle,
// as UpdateProfile does, and the instance settings set, together: all is
// saved or nothing is. Anyone else gets apperr.ErrForbidden.
func (a *App) SaveSettings(ctx context.Context, by model.User, handle string, p ProfileParams, set model.InstanceSettings) (model.Actor, error) {
	return a.prof.SaveSettings(ctx, by, handle, p, set)
}

// InstanceSettings returns the instance settings. Any organiser may read
// them: the gathering editor starts new gatherings with them.
func (a *App) InstanceSettings(ctx context.Context) (model.InstanceSettings, error) {
	return a.prof.InstanceSettings(ctx)
}

// ActorDocument returns the ActivityStreams document of a co-op actor.
func (a *App) ActorDocument(ctx context.Context, handle string) ([]byte, error) {
	return a.prof.ActorDocument(ctx, handle)
}

// InstanceActorDocument returns the document of the instance actor, the
// Application that signs our fetches and that event-aware servers follow
// to follow the instance.
func (a *App) InstanceActorDocument(ctx context.Context) ([]byte, error) {
	return a.prof.InstanceActorDocument(ctx)
}

// WebFinger resolves an account on this instance to its JRD: a co-op by
// acct:handle@host, by actor id or by profile URL; the instance actor by
// acct:host@host or its id.
func (a *App) WebFinger(ctx context.Context, r webfinger.Resource) (webfinger.JRD, error) {
	return a.prof.WebFinger(ctx, r)
}

// NodeInfo describes this server for other servers' "software" labels.
func (a *App) NodeInfo(ctx context.Context) (webfinger.NodeInfo, error) {
	return a.prof.NodeInfo(ctx)
}
