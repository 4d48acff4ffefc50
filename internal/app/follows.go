package app

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/internal/app/account"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// receiveFollow records a follow of one of our co-op actors and answers it
// with Accept, or leaves it pending when the actor approves followers by
// hand.
func (a *App) receiveFollow(ctx context.Context, act *federation.Activity) error {
	handle := a.urls.HandleOf(act.Object.ID)
	if handle == "" {
		return skip("Follow of %s, not one of our co-op actors", act.Object.ID)
	}
	actor, err := a.store.ActorGetByHandle(ctx, handle)
	if errors.Is(err, store.ErrNotFound) || (err == nil && actor.Kind != model.ActorGroup) {
		return skip("Follow of unknown actor %s", act.Object.ID)
	}
	if err != nil {
		return err
	}
	follower, err := a.fed.RemoteActor(ctx, act.Actor, false)
	if err != nil {
		return err
	}
	if refused, err := a.refuseBlockedFollow(ctx, actor, follower, act); refused || err != nil {
		return err
	}
	state := model.FollowAccepted
	if actor.ManuallyApprovesFollowers {
		state = model.FollowPending
	}
	return a.inTxMarkingProcessed(ctx, func(tx store.Tx) error {
		if existing, err := tx.FollowGet(ctx, actor.ID, follower.ID); err == nil && existing.State == model.FollowAccepted {
			state = model.FollowAccepted // already approved: a repeated Follow is answered again
		}
		if _, err := tx.FollowUpsert(ctx, &store.FollowUpsertParams{
			ActorID: actor.ID, RemoteActorID: follower.ID, FollowURI: act.ID, State: state, CreatedAt: a.now(),
		}); err != nil {
			return err
		}
		if state == model.FollowPending {
			return nil
		}
		return a.answerFollow(ctx, tx, "Accept", actor, follower, act)
	})
}

// answerFollow sends Accept or Reject of follow to the follower.
func (a *App) answerFollow(ctx context.Context, tx store.Tx, typ string, actor model.Actor, follower model.RemoteActor, follow *federation.Activity) error {
	build := federation.Accept
	if typ == "Reject" {
		build = federation.Reject
	}
	id := a.urls.NewActivity()
	doc, err := build(id, a.urls.Actor(actor.Handle), follow)
	if err != nil {
		return err
	}
	return a.fed.Send(ctx, tx, &model.OutboxActivity{
		URI: id, ActorID: actor.ID, Type: typ, ObjectURI: follow.ID, Raw: doc, CreatedAt: a.now(),
	}, []string{follower.Inbox})
}

func (a *App) receiveUnfollow(ctx context.Context, follow *federation.Activity) error {
	handle := a.urls.HandleOf(follow.Object.ID)
	if handle == "" {
		return skip("Undo{Follow} of %s, not one of our actors", follow.Object.ID)
	}
	actor, err := a.store.ActorGetByHandle(ctx, handle)
	if errors.Is(err, store.ErrNotFound) {
		return skip("Undo{Follow} of unknown actor %s", follow.Object.ID)
	}
	if err != nil {
		return err
	}
	follower, err := a.store.RemoteActorGetByURI(ctx, follow.Actor)
	if errors.Is(err, store.ErrNotFound) {
		return skip("Undo{Follow} by %s, who does not follow", follow.Actor)
	}
	if err != nil {
		return err
	}
	return a.store.FollowDelete(ctx, actor.ID, follower.ID)
}

// undoFollowByID ends the follow whose Follow activity had obj's id, if
// the remote actor by (who signed the Undo) made it. The id is looked for
// among by's own follows only, so an Undo naming someone else's Follow
// does nothing.
func (a *App) undoFollowByID(ctx context.Context, by string, obj federation.ObjectRef) error {
	if obj.ID == "" || (obj.IsEmbedded() && obj.Type != "Follow") {
		return skip("Undo of a %q without an actor or id: nothing to match it to", obj.Type)
	}
	follower, err := a.store.RemoteActorGetByURI(ctx, by)
	if errors.Is(err, store.ErrNotFound) {
		return skip("Undo of %s by %s, who follows no one here", obj.ID, by)
	}
	if err != nil {
		return err
	}
	actors, err := a.store.ActorList(ctx, model.ActorGroup)
	if err != nil {
		return err
	}
	for _, actor := range actors {
		f, err := a.store.FollowGet(ctx, actor.ID, follower.ID)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		if f.FollowURI == obj.ID {
			return a.store.FollowDelete(ctx, actor.ID, follower.ID)
		}
	}
	return skip("Undo of %s: %s made no Follow with that id", obj.ID, by)
}

// DecideFollow approves or rejects a pending follow request of the co-op
// actor handle by the remote actor followerURI, and tells the follower.
func (a *App) DecideFollow(ctx context.Context, handle, followerURI string, approve bool) error {
	if err := a.acct.AuthorizeHandle(ctx, handle, account.Write); err != nil {
		return err
	}
	actor, err := a.store.ActorGetByHandle(ctx, handle)
	if err != nil {
		return err
	}
	follower, err := a.store.RemoteActorGetByURI(ctx, followerURI)
	if err != nil {
		return err
	}
	return a.store.InTx(ctx, func(tx store.Tx) error {
		f, err := tx.FollowGet(ctx, actor.ID, follower.ID)
		if err != nil {
			return err
		}
		if f.State != model.FollowPending {
			return invalid("follower", "%s is not waiting for approval", follower.Handle())
		}
		if !approve {
			if err := a.acct.Audit(ctx, tx, &actor, AuditFollowerReject, follower.URI, ""); err != nil {
				return err
			}
			return a.dropFollow(ctx, tx, actor, follower, f)
		}
		if err := a.acct.Audit(ctx, tx, &actor, AuditFollowerApprove, follower.URI, ""); err != nil {
			return err
		}
		if _, err := tx.FollowUpsert(ctx, &store.FollowUpsertParams{ActorID: actor.ID, RemoteActorID: follower.ID,
			FollowURI: f.FollowURI, State: model.FollowAccepted, CreatedAt: f.CreatedAt}); err != nil {
			return err
		}
		return a.answerFollow(ctx, tx, "Accept", actor, follower, a.followActivity(actor, follower, f))
	})
}

// followActivity is the Follow that made f, as its sender wrote it, for
// the Accept or Reject that embeds it.
func (a *App) followActivity(actor model.Actor, follower model.RemoteActor, f model.Follow) *federation.Activity {
	return &federation.Activity{ID: f.FollowURI, Type: "Follow", Actor: follower.URI,
		Object: federation.ObjectRef{ID: a.urls.Actor(actor.Handle)}}
}

// BlockDomain stops deliveries to domain and refuses its activities. Its
// accounts (and its subdomains') stop following our co-op accounts, as
// with Mastodon's domain blocks: silently, since nothing more is sent
// there. Unblocking does not bring them back.
func (a *App) BlockDomain(ctx context.Context, domain string) error {
	if err := a.acct.AuthorizeInstance(ctx, account.Write); err != nil {
		return err
	}
	d, err := normaliseDomain(domain)
	if err != nil {
		return err
	}
	defer a.fed.InvalidateBlocks()
	return a.store.InTx(ctx, func(tx store.Tx) error {
		if err := tx.DomainBlock(ctx, d, a.now()); err != nil {
			return err
		}
		n, err := tx.FollowDeleteByDomain(ctx, d)
		if err != nil {
			return err
		}
		return a.acct.Audit(ctx, tx, nil, AuditDomainBlock, d, fmt.Sprintf("%d follows dropped", n))
	})
}

// UnblockDomain lifts a block.
func (a *App) UnblockDomain(ctx context.Context, domain string) error {
	if err := a.acct.AuthorizeInstance(ctx, account.Write); err != nil {
		return err
	}
	d, err := normaliseDomain(domain)
	if err != nil {
		return err
	}
	defer a.fed.InvalidateBlocks()
	return a.store.InTx(ctx, func(tx store.Tx) error {
		if err := tx.DomainUnblock(ctx, d); err != nil {
			return err
		}
		return a.acct.Audit(ctx, tx, nil, AuditDomainUnblock, d, "")
	})
}

// BlockedDomains lists the blocked domains.
func (a *App) BlockedDomains(ctx context.Context) ([]string, error) {
	if err := a.acct.AuthorizeInstance(ctx, account.Read); err != nil {
		return nil, err
	}
	return a.store.DomainBlockList(ctx)
}

var domainRE = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)

func normaliseDomain(domain string) (string, error) {
	d := strings.ToLower(strings.TrimSpace(domain))
	if !domainRE.MatchString(d) || len(d) > 253 {
		return "", invalid("domain", "%q is not a domain name such as example.social", domain)
	}
	return d, nil
}
