package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/webfinger"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// PageSize is how many items a collection page holds.
const PageSize = 20

// Actor returns the local co-op actor with handle (case-insensitive), or
// store.ErrNotFound. The instance actor is not a co-op.
func (a *App) Actor(ctx context.Context, handle string) (model.Actor, error) {
	return a.acct.Actor(ctx, handle)
}

// ActorDocument returns the ActivityStreams document of a co-op actor.
func (a *App) ActorDocument(ctx context.Context, handle string) ([]byte, error) {
	actor, err := a.Actor(ctx, handle)
	if err != nil {
		return nil, err
	}
	return a.actorDocument(actor)
}

func (a *App) actorDocument(actor model.Actor) ([]byte, error) {
	icon, image := a.actorPictures(actor)
	return federation.ActorJSON(federation.Actor{
		ID: a.urls.Actor(actor.Handle), Type: string(model.ActorGroup), PreferredUsername: actor.Handle,
		Name: actor.Name, SummaryHTML: actor.Summary, URL: a.urls.Profile(actor.Handle),
		Inbox: a.urls.Inbox(actor.Handle), Outbox: a.urls.Outbox(actor.Handle),
		Followers: a.urls.Followers(actor.Handle), Following: a.urls.Following(actor.Handle),
		Featured:    a.urls.Featured(actor.Handle),
		SharedInbox: a.urls.SharedInbox(), PublicKeyID: a.urls.Key(actor.Handle), PublicKeyPEM: actor.PublicKeyPEM,
		ManuallyApprovesFollowers: actor.ManuallyApprovesFollowers, Discoverable: actor.Discoverable, Indexable: actor.Discoverable,
		Published: actor.CreatedAt, Icon: icon, Image: image, Links: actorLinks(actor),
	})
}

// InstanceActorDocument returns the document of the instance actor, the
// Application that signs our fetches and that event-aware servers follow
// to follow the instance.
func (a *App) InstanceActorDocument(ctx context.Context) ([]byte, error) {
	actor, err := a.store.ActorGetByHandle(ctx, InstanceHandle)
	if err != nil {
		return nil, err
	}
	host := a.urls.Host()
	return federation.ActorJSON(federation.Actor{
		ID: a.urls.InstanceActor(), Type: string(model.ActorApplication), PreferredUsername: host,
		Name: actor.Name, URL: a.urls.Base + "/",
		Inbox: a.urls.SharedInbox(), Outbox: a.urls.InstanceActor() + "/outbox", SharedInbox: a.urls.SharedInbox(),
		PublicKeyID: a.urls.InstanceKey(), PublicKeyPEM: actor.PublicKeyPEM,
		ManuallyApprovesFollowers: false, Published: actor.CreatedAt,
	})
}

// WebFinger resolves an account on this instance to its JRD: a co-op by
// acct:handle@host, by actor id or by profile URL; the instance actor by
// acct:host@host or its id.
func (a *App) WebFinger(ctx context.Context, r webfinger.Resource) (webfinger.JRD, error) {
	handle := r.User
	if r.Kind == webfinger.KindURL {
		switch {
		case r.URL == a.urls.InstanceActor():
			handle = a.urls.Host()
		case a.urls.HandleOf(r.URL) != "":
			handle = a.urls.HandleOf(r.URL)
		case strings.HasPrefix(r.URL, a.urls.Base+"/@"):
			handle = strings.TrimPrefix(r.URL, a.urls.Base+"/@")
		default:
			return webfinger.JRD{}, webfinger.ErrNotFound
		}
	}
	subscribe := a.urls.Base + "/authorize_interaction?uri={uri}"
	if strings.EqualFold(handle, a.urls.Host()) || strings.EqualFold(handle, strings.Split(a.urls.Host(), ":")[0]) {
		return webfinger.ActorJRD("acct:"+a.urls.Host()+"@"+a.urls.Host(), a.urls.InstanceActor(), a.urls.Base+"/", subscribe), nil
	}
	actor, err := a.Actor(ctx, handle)
	if errors.Is(err, store.ErrNotFound) {
		return webfinger.JRD{}, webfinger.ErrNotFound
	}
	if err != nil {
		return webfinger.JRD{}, err
	}
	return webfinger.ActorJRD("acct:"+actor.Handle+"@"+a.urls.Host(), a.urls.Actor(actor.Handle),
		a.urls.Profile(actor.Handle), subscribe), nil
}

// NodeInfo describes this server for other servers' "software" labels.
func (a *App) NodeInfo(ctx context.Context) (webfinger.NodeInfo, error) {
	groups, err := a.store.ActorList(ctx, model.ActorGroup)
	if err != nil {
		return webfinger.NodeInfo{}, err
	}
	name := a.urls.Host()
	if len(groups) > 0 {
		name = groups[0].Name
	}
	return webfinger.NodeInfo{
		Software: webfinger.Software{Version: a.version},
		Usage:    webfinger.Usage{Users: webfinger.Users{Total: len(groups), ActiveMonth: len(groups), ActiveHalfyear: len(groups)}},
		Metadata: webfinger.Metadata{NodeName: name, NodeDescription: "Gather: events for the co-operative movement"},
	}, nil
}

// Collection names one of a co-op actor's collections.
type Collection string

// The collections of a co-op actor.
const (
	CollectionOutbox    Collection = "outbox"
	CollectionFollowers Collection = "followers"
	CollectionFollowing Collection = "following"
	// CollectionFeatured is the pinned posts, always empty for now:
	// GoToSocial fetches it for every account it learns of and logs an
	// error when an account has none.
	CollectionFeatured Collection = "featured"
)

// CollectionDocument returns a co-op actor's collection: its top (page 0:
// the public total and a link to page 1) or one page, newest first (the
// outbox: see outboxDocument).
func (a *App) CollectionDocument(ctx context.Context, handle string, c Collection, page int) ([]byte, error) {
	actor, err := a.Actor(ctx, handle)
	if err != nil {
		return nil, err
	}
	id := a.urls.Actor(actor.Handle) + "/" + string(c)
	if c == CollectionOutbox {
		return a.outboxDocument(ctx, actor, page)
	}
	if c == CollectionFeatured {
		if page != 0 {
			return nil, fmt.Errorf("featured has no pages: %w", store.ErrNotFound)
		}
		return federation.OrderedCollectionOf[string](id, nil)
	}
	var total int
	switch c {
	case CollectionFollowers:
		total, err = a.store.FollowerCount(ctx, actor.ID, model.FollowAccepted)
	case CollectionFollowing:
		total = 0 // following other instances arrives with the network calendar
	default:
		return nil, fmt.Errorf("collection %q: %w", c, store.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	pageURL := func(n int) string { return fmt.Sprintf("%s?page=%d", id, n) }
	if page <= 0 {
		first := ""
		if total > 0 {
			first = pageURL(1)
		}
		return federation.OrderedCollection(id, total, first)
	}
	next, prev := "", ""
	if page*PageSize < total {
		next = pageURL(page + 1)
	}
	if page > 1 {
		prev = pageURL(page - 1)
	}
	offset := (page - 1) * PageSize
	if c == CollectionFollowers {
		followers, err := a.store.FollowerList(ctx, &store.FollowerListParams{ActorID: actor.ID, State: model.FollowAccepted, Limit: PageSize, Offset: offset})
		if err != nil {
			return nil, err
		}
		items := make([]string, len(followers))
		for i, f := range followers {
			items[i] = f.URI
		}
		return federation.OrderedCollectionPage(pageURL(page), id, items, next, prev)
	}
	return federation.OrderedCollectionPage[string](pageURL(page), id, nil, next, prev)
}

// ActivityDocument returns an activity one of our actors sent, by id:
// public ones, and Accepts and Rejects. Notes addressed to one person are
// not shown.
func (a *App) ActivityDocument(ctx context.Context, uri string) ([]byte, error) {
	act, err := a.store.OutboxActivityGetByURI(ctx, uri)
	if err != nil {
		return nil, err
	}
	// Answers to follows and joins hold nothing private; a note to one
	// person (an RSVP confirmation) is theirs alone.
	if !act.Public && act.Type != "Accept" && act.Type != "Reject" {
		return nil, fmt.Errorf("activity %s is not public: %w", uri, store.ErrNotFound)
	}
	// A Create or Update carries the whole object: once the object is
	// deleted, so is what showed it.
	if act.Type == "Create" || act.Type == "Update" {
		if err := a.goneOr(ctx, act.ObjectURI, nil); err != nil {
			return nil, err
		}
	}
	return act.Raw, nil
}

// FollowerCount returns how many accounts follow the co-op handle.
func (a *App) FollowerCount(ctx context.Context, handle string) (int, error) {
	actor, err := a.Actor(ctx, handle)
	if err != nil {
		return 0, err
	}
	return a.store.FollowerCount(ctx, actor.ID, model.FollowAccepted)
}
