package network

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/internal/app/account"
	"github.com/gather-coop/gather/internal/app/apperr"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// Share boosts a followed source's gathering to the followers of the
// co-op account handle: an Announce naming the event by its id, so that
// Mastodon people who follow only us see the host's post and answer the
// host. The source is in cc and told too. Only gatherings of sources
// that accepted us can be shared (a session is shared by its gathering);
// sharing one shared already is a *apperr.ValidationError on "event".
func (s *Service) Share(ctx context.Context, handle, objectURI string) (model.Share, error) {
	actor, err := s.writable(ctx, handle)
	if err != nil {
		return model.Share{}, err
	}
	objectURI = strings.TrimSpace(objectURI)
	ev, err := s.store.RemoteEventGet(ctx, objectURI)
	if errors.Is(err, store.ErrNotFound) {
		return model.Share{}, apperr.Invalid("event", "%q is not an event of a co-op we follow", objectURI)
	}
	if err != nil {
		return model.Share{}, err
	}
	src, err := s.store.SourceGet(ctx, ev.SourceID)
	if err != nil {
		return model.Share{}, err
	}
	if src.State != model.SourceAccepted {
		return model.Share{}, apperr.Invalid("event", "%s has not accepted our follow", src.Handle)
	}
	if ev.ParentURI != "" {
		return model.Share{}, apperr.Invalid("event", "%q is a session: share its gathering, %s", ev.Title, ev.ParentURI)
	}
	us := s.urls.Actor(actor.Handle)
	id := s.urls.NewActivity()
	now := s.now()
	doc, err := federation.Announce(id, us, ev.ObjectURI, now, s.shareAudience(actor, src))
	if err != nil {
		return model.Share{}, err
	}
	sh := model.Share{ActorID: actor.ID, ObjectURI: ev.ObjectURI, Title: ev.Title, AnnounceURI: id, SharedAt: now}
	err = s.store.InTx(ctx, func(tx store.Tx) error {
		shareID, err := tx.ShareCreate(ctx, &sh)
		if errors.Is(err, store.ErrConflict) {
			return apperr.Invalid("event", "@%s shares %q already", actor.Handle, ev.Title)
		}
		if err != nil {
			return err
		}
		sh.ID = shareID
		if err := s.acct.Audit(ctx, tx, &actor, account.AuditEventShare, ev.ObjectURI, ev.Title); err != nil {
			return err
		}
		inboxes, err := s.fed.FollowersAnd(ctx, tx, actor, []string{s.sourceInbox(ctx, src)})
		if err != nil {
			return err
		}
		return s.fed.Send(ctx, tx, &model.OutboxActivity{URI: id, ActorID: actor.ID, Type: "Announce", ObjectURI: ev.ObjectURI,
			Raw: doc, Public: true, CreatedAt: now}, inboxes)
	})
	if err != nil {
		return model.Share{}, fmt.Errorf("share %s as @%s: %w", ev.ObjectURI, actor.Handle, err)
	}
	s.log.InfoContext(ctx, "shared event", slog.String("coop", actor.Handle), slog.String("event", ev.ObjectURI))
	return sh, nil
}

// Unshare undoes the co-op account handle's share of objectURI: an Undo
// of the Announce goes where the Announce went (to whoever follows us
// now, and the source), and the Announce's id answers 410 from then on.
// store.ErrNotFound when it is not shared. The event itself may be gone
// from the calendar by then (unfollowed, deleted): the share can still be
// undone.
func (s *Service) Unshare(ctx context.Context, handle, objectURI string) error {
	actor, err := s.writable(ctx, handle)
	if err != nil {
		return err
	}
	objectURI = strings.TrimSpace(objectURI)
	if objectURI == "" {
		return apperr.Invalid("event", "say which event: its id")
	}
	sh, err := s.store.ShareLive(ctx, actor.ID, objectURI)
	if err != nil {
		return err
	}
	announce, err := s.store.OutboxActivityGetByURI(ctx, sh.AnnounceURI)
	if err != nil {
		return fmt.Errorf("unshare %s: its Announce: %w", objectURI, err)
	}
	var aud federation.Audience
	var inbox string
	if src, err := s.sourceOf(ctx, objectURI); err == nil {
		aud, inbox = s.shareAudience(actor, src), s.sourceInbox(ctx, src)
	} else {
		aud = federation.Audience{To: []string{federation.Public}, CC: []string{s.urls.Followers(actor.Handle)}}
	}
	undoID := s.urls.NewActivity()
	undo, err := federation.Undo(undoID, s.urls.Actor(actor.Handle), announce.Raw, aud)
	if err != nil {
		return err
	}
	err = s.store.InTx(ctx, func(tx store.Tx) error {
		if err := tx.ShareUndo(ctx, sh.ID, undoID, s.now()); err != nil {
			return err
		}
		if err := s.acct.Audit(ctx, tx, &actor, account.AuditEventUnshare, objectURI, sh.Title); err != nil {
			return err
		}
		inboxes, err := s.fed.FollowersAnd(ctx, tx, actor, []string{inbox})
		if err != nil {
			return err
		}
		return s.fed.Send(ctx, tx, &model.OutboxActivity{URI: undoID, ActorID: actor.ID, Type: "Undo", ObjectURI: sh.AnnounceURI,
			Raw: undo, Public: true, CreatedAt: s.now()}, inboxes)
	})
	if err != nil {
		return fmt.Errorf("unshare %s as @%s: %w", objectURI, actor.Handle, err)
	}
	s.log.InfoContext(ctx, "unshared event", slog.String("coop", actor.Handle), slog.String("event", objectURI))
	return nil
}

// Shares lists the events the co-op account handle shares now, newest
// first.
func (s *Service) Shares(ctx context.Context, handle string) ([]model.Share, error) {
	if err := s.acct.AuthorizeHandle(ctx, handle, account.Read); err != nil {
		return nil, err
	}
	actor, err := s.store.ActorGetByHandle(ctx, strings.ToLower(handle))
	if err != nil {
		return nil, err
	}
	return s.store.ShareList(ctx, actor.ID)
}

func (s *Service) writable(ctx context.Context, handle string) (model.Actor, error) {
	if err := s.acct.AuthorizeHandle(ctx, handle, account.Write); err != nil {
		return model.Actor{}, err
	}
	return s.store.ActorGetByHandle(ctx, strings.ToLower(handle))
}

// shareAudience is the public, our followers, and the source, whose
// server then counts and shows the boost.
func (s *Service) shareAudience(actor model.Actor, src model.Source) federation.Audience {
	return federation.Audience{To: []string{federation.Public}, CC: []string{s.urls.Followers(actor.Handle), src.ActorURI}}
}

// sourceInbox is where the source takes deliveries; "" when its actor
// is not known (then it learns of the share from nobody).
func (s *Service) sourceInbox(ctx context.Context, src model.Source) string {
	r, err := s.store.RemoteActorGetByURI(ctx, src.ActorURI)
	if err != nil {
		return ""
	}
	return r.DeliveryInbox()
}

func (s *Service) sourceOf(ctx context.Context, objectURI string) (model.Source, error) {
	ev, err := s.store.RemoteEventGet(ctx, objectURI)
	if err != nil {
		return model.Source{}, err
	}
	return s.store.SourceGet(ctx, ev.SourceID)
}
