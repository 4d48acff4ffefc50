package app

import (
	"context"

	"github.com/gather-coop/gather/internal/app/docs"
	"github.com/gather-coop/gather/internal/model"
)

// The documents' room (package docs), passed on under the names callers
// always used.

// PageSize is how many items a collection page holds.
const PageSize = docs.PageSize

// Collection names one of a co-op actor's collections.
type Collection = docs.Collection

// The collections of a co-op actor; see package docs.
const (
	CollectionOutbox    = docs.CollectionOutbox
	CollectionFollowers = docs.CollectionFollowers
	CollectionFollowing = docs.CollectionFollowing
	CollectionFeatured  = docs.CollectionFeatured
)

// EventDocument returns the ActivityStreams Event of a published (or
// cancelled) gathering or session: the same object followers received.
// Drafts are not found; deleted events give ErrGone.
func (a *App) EventDocument(ctx context.Context, kind EventKind, id int64) ([]byte, error) {
	return a.docs.EventDocument(ctx, kind, id)
}

// RepliesDocument is an event's replies collection.
func (a *App) RepliesDocument(ctx context.Context, kind EventKind, id int64) ([]byte, error) {
	return a.docs.RepliesDocument(ctx, kind, id)
}

// CollectionDocument returns one of a co-op actor's collections: the
// collection itself or one page of it.
func (a *App) CollectionDocument(ctx context.Context, handle string, c Collection, page int) ([]byte, error) {
	return a.docs.CollectionDocument(ctx, handle, c, page)
}

// ActivityDocument returns an activity one of our actors sent, by id:
// public ones, and Accepts and Rejects.
func (a *App) ActivityDocument(ctx context.Context, uri string) ([]byte, error) {
	return a.docs.ActivityDocument(ctx, uri)
}

// FollowerCount returns how many accounts follow the co-op handle.
func (a *App) FollowerCount(ctx context.Context, handle string) (int, error) {
	return a.docs.FollowerCount(ctx, handle)
}

// ChangeStamp grows with every change to a gathering, a session or the
// answers to them, made by any node (FollowChanges): a cache of anything
// built from them is good while the stamp it was built under holds.
func (a *App) ChangeStamp() uint64 { return a.docs.ChangeStamp() }

// Actor returns the local co-op actor with handle (case-insensitive), or
// store.ErrNotFound. The instance actor is not a co-op.
func (a *App) Actor(ctx context.Context, handle string) (model.Actor, error) {
	return a.acct.Actor(ctx, handle)
}
