package docs

import (
	"context"
	"fmt"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/internal/app/apperr"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// PageSize is how many items a collection page holds.
const PageSize = 20

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
func (s *Service) CollectionDocument(ctx context.Context, handle string, c Collection, page int) ([]byte, error) {
	actor, err := s.acct.Actor(ctx, handle)
	if err != nil {
		return nil, err
	}
	id := s.urls.Actor(actor.Handle) + "/" + string(c)
	if c == CollectionOutbox {
		return s.outboxDocument(ctx, actor, page)
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
		total, err = s.store.FollowerCount(ctx, actor.ID, model.FollowAccepted)
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
		followers, err := s.store.FollowerList(ctx, &store.FollowerListParams{ActorID: actor.ID, State: model.FollowAccepted, Limit: PageSize, Offset: offset})
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
func (s *Service) ActivityDocument(ctx context.Context, uri string) ([]byte, error) {
	act, err := s.store.OutboxActivityGetByURI(ctx, uri)
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
		if err := s.GoneOr(ctx, act.ObjectURI, nil); err != nil {
			return nil, err
		}
	}
	// An undone share's Announce is gone; its Undo is what is left.
	if act.Type == "Announce" {
		sh, err := s.store.ShareGetByAnnounce(ctx, uri)
		if err != nil {
			return nil, err
		}
		if sh.UndoneAt != nil {
			return nil, fmt.Errorf("announce %s was undone: %w", uri, apperr.ErrGone)
		}
	}
	return act.Raw, nil
}

// FollowerCount returns how many accounts follow the co-op handle.
func (s *Service) FollowerCount(ctx context.Context, handle string) (int, error) {
	actor, err := s.acct.Actor(ctx, handle)
	if err != nil {
		return 0, err
	}
	return s.store.FollowerCount(ctx, actor.ID, model.FollowAccepted)
}
