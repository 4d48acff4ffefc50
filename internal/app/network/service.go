// Package network is how other servers' events get into the network
// calendar: a co-op account follows a source (another Gather co-op, a
// Gancio, a Mobilizon group, any actor that publishes Events) with a real
// Follow, honours its Accept or Reject, backfills its upcoming events from
// its outbox once accepted (a River job, backfill.go), and then keeps them
// in step with what its server sends (receive.go). Pages that show the
// calendar are not here (package netcal reads the same tables).
//
// What belongs here: following and unfollowing, the sources' list, and
// every rule about which remote event is taken (trust.go's checks).
//
// The inbox hands this room each activity first (App.New passes Receive to
// package inbox as a function): what is not about a source's events falls
// through to the inbox's usual handlers, so a followed co-op may still
// RSVP to our gatherings.
package network

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/internal/app/account"
	"github.com/gather-coop/gather/internal/app/apperr"
	"github.com/gather-coop/gather/internal/app/fed"
	"github.com/gather-coop/gather/internal/app/followers"
	"github.com/gather-coop/gather/internal/app/localurl"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// Service follows sources and imports their events. Its zero value is
// not usable; see New.
type Service struct {
	store   store.Store
	log     *slog.Logger
	now     func() time.Time
	urls    localurl.URLs
	acct    *account.Service
	fed     *fed.Service
	follows *followers.Service
}

// Config is what New needs.
type Config struct {
	Store     store.Store
	Logger    *slog.Logger
	Now       func() time.Time
	URLs      localurl.URLs
	Accounts  *account.Service
	Fed       *fed.Service
	Followers *followers.Service
}

// New returns a Service.
func New(c Config) *Service {
	return &Service{store: c.Store, log: c.Logger, now: c.Now, urls: c.URLs, acct: c.Accounts, fed: c.Fed, follows: c.Followers}
}

// Follow makes the co-op account handle follow target (@user@host,
// user@host, or the address of its actor): the actor is found (WebFinger,
// then a signed fetch), a pending source stored with the id of our
// Follow, and the Follow delivered by the delivery job, in one
// transaction. Following a source twice is a *apperr.ValidationError on
// the field "target".
func (s *Service) Follow(ctx context.Context, handle, target string) (model.Source, error) {
	if err := s.acct.AuthorizeHandle(ctx, handle, account.Write); err != nil {
		return model.Source{}, err
	}
	actor, err := s.store.ActorGetByHandle(ctx, strings.ToLower(handle))
	if err != nil {
		return model.Source{}, fmt.Errorf("follow %s as @%s: %w", target, handle, err)
	}
	target = strings.TrimSpace(target)
	if !strings.HasPrefix(target, "@") && !strings.Contains(target, "://") && strings.Count(target, "@") == 1 {
		target = "@" + target // user@host, as people often write it
	}
	remote, err := s.follows.FindAccountChecked(ctx, target)
	if err != nil {
		return model.Source{}, renameField(err, "target")
	}
	// The table keeps one row per remote actor: its events are the
	// instance's network calendar, whichever co-op account follows it.
	if had, err := s.store.SourceGetByActor(ctx, remote.URI); err == nil {
		if had.ActorID != actor.ID {
			return model.Source{}, apperr.Invalid("target", "another co-op account of this instance follows %s already", remote.Handle())
		}
		return model.Source{}, apperr.Invalid("target", "@%s follows %s already (%s)", actor.Handle, remote.Handle(), had.State)
	} else if !errors.Is(err, store.ErrNotFound) {
		return model.Source{}, err
	}
	followID := s.urls.NewActivity()
	doc, err := federation.Follow(followID, s.urls.Actor(actor.Handle), remote.URI)
	if err != nil {
		return model.Source{}, err
	}
	src := model.Source{ActorID: actor.ID, ActorURI: remote.URI, Handle: remote.Handle(), State: model.SourcePending,
		FollowURI: followID, RequestedAt: s.now()}
	err = s.store.InTx(ctx, func(tx store.Tx) error {
		id, err := tx.SourceCreate(ctx, &src)
		if errors.Is(err, store.ErrConflict) {
			return apperr.Invalid("target", "%s is followed already", remote.Handle())
		}
		if err != nil {
			return err
		}
		src.ID = id
		if err := s.acct.Audit(ctx, tx, &actor, account.AuditSourceFollow, remote.URI, remote.Handle()); err != nil {
			return err
		}
		return s.fed.Send(ctx, tx, &model.OutboxActivity{URI: followID, ActorID: actor.ID, Type: "Follow", ObjectURI: remote.URI,
			Raw: doc, CreatedAt: s.now()}, []string{remote.Inbox})
	})
	if err != nil {
		return model.Source{}, fmt.Errorf("follow %s as @%s: %w", remote.URI, actor.Handle, err)
	}
	s.log.InfoContext(ctx, "following source", slog.String("coop", actor.Handle), slog.String("source", remote.URI))
	return src, nil
}

// Unfollow stops the co-op account handle following target (a handle, an
// actor address, or the id of the source as the API gives it): an
// Undo of our Follow is delivered, and the source and its events deleted.
// store.ErrNotFound when it does not follow it.
func (s *Service) Unfollow(ctx context.Context, handle, target string) error {
	if err := s.acct.AuthorizeHandle(ctx, handle, account.Write); err != nil {
		return err
	}
	actor, err := s.store.ActorGetByHandle(ctx, strings.ToLower(handle))
	if err != nil {
		return err
	}
	src, err := s.find(ctx, actor, target)
	if err != nil {
		return err
	}
	return s.unfollow(ctx, actor, src)
}

// UnfollowID is Unfollow of the source id, for whoever may change the
// co-op account that follows it.
func (s *Service) UnfollowID(ctx context.Context, id int64) error {
	src, err := s.store.SourceGet(ctx, id)
	if err != nil {
		return err
	}
	actor, err := s.store.ActorGetByID(ctx, src.ActorID)
	if err != nil {
		return err
	}
	if err := s.acct.Authorize(ctx, actor, account.Write); err != nil {
		return err
	}
	return s.unfollow(ctx, actor, src)
}

func (s *Service) unfollow(ctx context.Context, actor model.Actor, src model.Source) error {
	us := s.urls.Actor(actor.Handle)
	follow, err := federation.Follow(src.FollowURI, us, src.ActorURI)
	if err != nil {
		return err
	}
	undoID := s.urls.NewActivity()
	undo, err := federation.Undo(undoID, us, follow, federation.Audience{To: []string{src.ActorURI}})
	if err != nil {
		return err
	}
	// The inbox is our copy of the actor's; without one (it was
	// forgotten) the Undo cannot go, and the source is dropped anyway.
	var inboxes []string
	if r, err := s.store.RemoteActorGetByURI(ctx, src.ActorURI); err == nil && r.Inbox != "" {
		inboxes = []string{r.Inbox}
	}
	err = s.store.InTx(ctx, func(tx store.Tx) error {
		if err := tx.SourceDelete(ctx, src.ID); err != nil {
			return err
		}
		if err := s.acct.Audit(ctx, tx, &actor, account.AuditSourceUnfollow, src.ActorURI, src.Handle); err != nil {
			return err
		}
		return s.fed.Send(ctx, tx, &model.OutboxActivity{URI: undoID, ActorID: actor.ID, Type: "Undo", ObjectURI: src.FollowURI,
			Raw: undo, CreatedAt: s.now()}, inboxes)
	})
	if err != nil {
		return fmt.Errorf("unfollow %s as @%s: %w", src.ActorURI, actor.Handle, err)
	}
	s.log.InfoContext(ctx, "unfollowed source", slog.String("coop", actor.Handle), slog.String("source", src.ActorURI))
	return nil
}

// find names a source of actor by its handle, actor address or id.
func (s *Service) find(ctx context.Context, actor model.Actor, target string) (model.Source, error) {
	target = strings.TrimSpace(target)
	list, err := s.store.SourceList(ctx, s.now())
	if err != nil {
		return model.Source{}, err
	}
	norm := strings.ToLower(strings.TrimPrefix(target, "@"))
	for _, src := range list {
		if src.ActorID != actor.ID {
			continue
		}
		if src.ActorURI == target || strings.ToLower(strings.TrimPrefix(src.Handle, "@")) == norm || fmt.Sprint(src.ID) == target {
			return src, nil
		}
	}
	return model.Source{}, fmt.Errorf("@%s does not follow %s: %w", actor.Handle, target, store.ErrNotFound)
}

// List returns the sources the co-op account handle follows, by handle,
// each with its state, when it was asked and accepted, when last heard
// from, since when unreachable, and how many of its events are upcoming.
func (s *Service) List(ctx context.Context, handle string) ([]model.Source, error) {
	if err := s.acct.AuthorizeHandle(ctx, handle, account.Read); err != nil {
		return nil, err
	}
	actor, err := s.store.ActorGetByHandle(ctx, strings.ToLower(handle))
	if err != nil {
		return nil, err
	}
	all, err := s.store.SourceList(ctx, s.now())
	if err != nil {
		return nil, err
	}
	var mine []model.Source
	for _, src := range all {
		if src.ActorID == actor.ID {
			mine = append(mine, src)
		}
	}
	return mine, nil
}

// Source returns the source id, for whoever may read its co-op account.
func (s *Service) Source(ctx context.Context, id int64) (model.Source, error) {
	src, err := s.store.SourceGet(ctx, id)
	if err != nil {
		return model.Source{}, err
	}
	actor, err := s.store.ActorGetByID(ctx, src.ActorID)
	if err != nil {
		return model.Source{}, err
	}
	if err := s.acct.Authorize(ctx, actor, account.Read); err != nil {
		return model.Source{}, err
	}
	return src, nil
}

// Upcoming lists the upcoming events of the sources the co-op account
// handle follows (accepted ones only), by start, at most limit.
func (s *Service) Upcoming(ctx context.Context, handle string, limit int) ([]model.RemoteEvent, error) {
	srcs, err := s.List(ctx, handle)
	if err != nil {
		return nil, err
	}
	ids := map[int64]bool{}
	for _, src := range srcs {
		ids[src.ID] = true
	}
	all, err := s.store.RemoteEventUpcoming(ctx, &store.RemoteEventListParams{After: s.now(), Limit: limit})
	if err != nil {
		return nil, err
	}
	var out []model.RemoteEvent
	for _, e := range all {
		if ids[e.SourceID] {
			out = append(out, e)
		}
	}
	return out, nil
}

// Sessions lists a remote gathering's sessions by start.
func (s *Service) Sessions(ctx context.Context, parentURI string) ([]model.RemoteEvent, error) {
	return s.store.RemoteEventSessions(ctx, parentURI)
}

// renameField gives a validation error of followers' "account" field
// the field name the caller's form uses.
func renameField(err error, field string) error {
	var v *apperr.ValidationError
	if errors.As(err, &v) {
		c := *v
		c.Field = field
		return &c
	}
	return err
}

// enqueueBackfill enqueues, in tx, the backfill of source id.
func enqueueBackfill(ctx context.Context, tx store.Tx, id int64) error {
	return tx.Enqueue(ctx, BackfillArgs{SourceID: id}, &river.InsertOpts{MaxAttempts: BackfillAttempts})
}
