package followers

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/internal/app/account"
	"github.com/gather-coop/gather/internal/app/apperr"
	"github.com/gather-coop/gather/internal/app/fed"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// ReceiveFollow records a follow of one of our co-op actors and answers it
// with Accept, or leaves it pending when the actor approves followers by
// hand.
func (s *Service) ReceiveFollow(ctx context.Context, act *federation.Activity) error {
	handle := s.urls.HandleOf(act.Object.ID)
	if handle == "" {
		return fed.Skip("Follow of %s, not one of our co-op actors", act.Object.ID)
	}
	actor, err := s.store.ActorGetByHandle(ctx, handle)
	if errors.Is(err, store.ErrNotFound) || (err == nil && actor.Kind != model.ActorGroup) {
		return fed.Skip("Follow of unknown actor %s", act.Object.ID)
	}
	if err != nil {
		return err
	}
	follower, err := s.fed.RemoteActor(ctx, act.Actor, false)
	if err != nil {
		return err
	}
	if refused, err := s.refuseBlockedFollow(ctx, actor, follower, act); refused || err != nil {
		return err
	}
	state := model.FollowAccepted
	if actor.ManuallyApprovesFollowers {
		state = model.FollowPending
	}
	return s.hooks.InTxMarkingProcessed(ctx, func(tx store.Tx) error {
		if existing, err := tx.FollowGet(ctx, actor.ID, follower.ID); err == nil && existing.State == model.FollowAccepted {
			state = model.FollowAccepted // already approved: a repeated Follow is answered again
		}
		if _, err := tx.FollowUpsert(ctx, &store.FollowUpsertParams{
			ActorID: actor.ID, RemoteActorID: follower.ID, FollowURI: act.ID, State: state, CreatedAt: s.now(),
		}); err != nil {
			return err
		}
		if state == model.FollowPending {
			return nil
		}
		return s.answerFollow(ctx, tx, "Accept", actor, follower, act)
	})
}

// answerFollow sends Accept or Reject of follow to the follower.
func (s *Service) answerFollow(ctx context.Context, tx store.Tx, typ string, actor model.Actor, follower model.RemoteActor, follow *federation.Activity) error {
	build := federation.Accept
	if typ == "Reject" {
		build = federation.Reject
	}
	id := s.urls.NewActivity()
	doc, err := build(id, s.urls.Actor(actor.Handle), follow)
	if err != nil {
		return err
	}
	return s.fed.Send(ctx, tx, &model.OutboxActivity{
		URI: id, ActorID: actor.ID, Type: typ, ObjectURI: follow.ID, Raw: doc, CreatedAt: s.now(),
	}, []string{follower.Inbox})
}

func (s *Service) ReceiveUnfollow(ctx context.Context, follow *federation.Activity) error {
	handle := s.urls.HandleOf(follow.Object.ID)
	if handle == "" {
		return fed.Skip("Undo{Follow} of %s, not one of our actors", follow.Object.ID)
	}
	actor, err := s.store.ActorGetByHandle(ctx, handle)
	if errors.Is(err, store.ErrNotFound) {
		return fed.Skip("Undo{Follow} of unknown actor %s", follow.Object.ID)
	}
	if err != nil {
		return err
	}
	follower, err := s.store.RemoteActorGetByURI(ctx, follow.Actor)
	if errors.Is(err, store.ErrNotFound) {
		return fed.Skip("Undo{Follow} by %s, who does not follow", follow.Actor)
	}
	if err != nil {
		return err
	}
	return s.store.FollowDelete(ctx, actor.ID, follower.ID)
}

// UndoFollowByID ends the follow whose Follow activity had obj's id, if
// the remote actor by (who signed the Undo) made it. The id is looked for
// among by's own follows only, so an Undo naming someone else's Follow
// does nothing.
func (s *Service) UndoFollowByID(ctx context.Context, by string, obj federation.ObjectRef) error {
	if obj.ID == "" || (obj.IsEmbedded() && obj.Type != "Follow") {
		return fed.Skip("Undo of a %q without an actor or id: nothing to match it to", obj.Type)
	}
	follower, err := s.store.RemoteActorGetByURI(ctx, by)
	if errors.Is(err, store.ErrNotFound) {
		return fed.Skip("Undo of %s by %s, who follows no one here", obj.ID, by)
	}
	if err != nil {
		return err
	}
	actors, err := s.store.ActorList(ctx, model.ActorGroup)
	if err != nil {
		return err
	}
	for _, actor := range actors {
		f, err := s.store.FollowGet(ctx, actor.ID, follower.ID)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		if f.FollowURI == obj.ID {
			return s.store.FollowDelete(ctx, actor.ID, follower.ID)
		}
	}
	return fed.Skip("Undo of %s: %s made no Follow with that id", obj.ID, by)
}

// DecideFollow approves or rejects a pending follow request of the co-op
// actor handle by the remote actor followerURI, and tells the follower.
func (s *Service) DecideFollow(ctx context.Context, handle, followerURI string, approve bool) error {
	if err := s.acct.AuthorizeHandle(ctx, handle, account.Write); err != nil {
		return err
	}
	actor, err := s.store.ActorGetByHandle(ctx, handle)
	if err != nil {
		return err
	}
	follower, err := s.store.RemoteActorGetByURI(ctx, followerURI)
	if err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx store.Tx) error {
		f, err := tx.FollowGet(ctx, actor.ID, follower.ID)
		if err != nil {
			return err
		}
		if f.State != model.FollowPending {
			return apperr.Invalid("follower", "%s is not waiting for approval", follower.Handle())
		}
		if !approve {
			if err := s.acct.Audit(ctx, tx, &actor, account.AuditFollowerReject, follower.URI, ""); err != nil {
				return err
			}
			return s.dropFollow(ctx, tx, actor, follower, f)
		}
		if err := s.acct.Audit(ctx, tx, &actor, account.AuditFollowerApprove, follower.URI, ""); err != nil {
			return err
		}
		if _, err := tx.FollowUpsert(ctx, &store.FollowUpsertParams{ActorID: actor.ID, RemoteActorID: follower.ID,
			FollowURI: f.FollowURI, State: model.FollowAccepted, CreatedAt: f.CreatedAt}); err != nil {
			return err
		}
		return s.answerFollow(ctx, tx, "Accept", actor, follower, s.followActivity(actor, follower, f))
	})
}

// followActivity is the Follow that made f, as its sender wrote it, for
// the Accept or Reject that embeds it.
func (s *Service) followActivity(actor model.Actor, follower model.RemoteActor, f model.Follow) *federation.Activity {
	return &federation.Activity{ID: f.FollowURI, Type: "Follow", Actor: follower.URI,
		Object: federation.ObjectRef{ID: s.urls.Actor(actor.Handle)}}
}

// BlockDomain stops deliveries to domain and refuses its activities. Its
// accounts (and its subdomains') stop following our co-op accounts, as
// with Mastodon's domain blocks: silently, since nothing more is sent
// there. Unblocking does not bring them back.
func (s *Service) BlockDomain(ctx context.Context, domain string) error {
	if err := s.acct.AuthorizeInstance(ctx, account.Write); err != nil {
		return err
	}
	d, err := normaliseDomain(domain)
	if err != nil {
		return err
	}
	defer s.fed.InvalidateBlocks()
	return s.store.InTx(ctx, func(tx store.Tx) error {
		if err := tx.DomainBlock(ctx, d, s.now()); err != nil {
			return err
		}
		n, err := tx.FollowDeleteByDomain(ctx, d)
		if err != nil {
			return err
		}
		if err := s.fed.BlocksChanged(ctx, tx); err != nil {
			return err
		}
		return s.acct.Audit(ctx, tx, nil, account.AuditDomainBlock, d, fmt.Sprintf("%d follows dropped", n))
	})
}

// UnblockDomain lifts a block.
func (s *Service) UnblockDomain(ctx context.Context, domain string) error {
	if err := s.acct.AuthorizeInstance(ctx, account.Write); err != nil {
		return err
	}
	d, err := normaliseDomain(domain)
	if err != nil {
		return err
	}
	defer s.fed.InvalidateBlocks()
	return s.store.InTx(ctx, func(tx store.Tx) error {
		if err := tx.DomainUnblock(ctx, d); err != nil {
			return err
		}
		if err := s.fed.BlocksChanged(ctx, tx); err != nil {
			return err
		}
		return s.acct.Audit(ctx, tx, nil, account.AuditDomainUnblock, d, "")
	})
}

// BlockedDomains lists the blocked domains.
func (s *Service) BlockedDomains(ctx context.Context) ([]string, error) {
	if err := s.acct.AuthorizeInstance(ctx, account.Read); err != nil {
		return nil, err
	}
	return s.store.DomainBlockList(ctx)
}

var domainRE = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)

func normaliseDomain(domain string) (string, error) {
	d := strings.ToLower(strings.TrimSpace(domain))
	if !domainRE.MatchString(d) || len(d) > 253 {
		return "", apperr.Invalid("domain", "%q is not a domain name such as example.social", domain)
	}
	return d, nil
}
