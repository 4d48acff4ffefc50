package account

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/gather-coop/gather/internal/app/apperr"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// Admins give organisers the co-op accounts they organise for, and take
// them back. Each method needs an admin (or the instance itself: the
// command line).

// GrantCoop makes the organiser username an organiser of the co-op
// account handle. Granting twice changes nothing.
func (s *Service) GrantCoop(ctx context.Context, username, handle string) error {
	user, actor, err := s.membershipParties(ctx, username, handle)
	if err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx store.Tx) error {
		if _, err := tx.MembershipGet(ctx, user.ID, actor.ID); err == nil {
			return nil
		}
		if err := tx.MembershipAdd(ctx, &store.MembershipAddParams{UserID: user.ID, ActorID: actor.ID, CreatedAt: s.now()}); err != nil {
			return err
		}
		return s.Audit(ctx, tx, &actor, AuditMembershipGrant, user.Username, "")
	})
}

// RevokeCoop stops the organiser username from acting for the co-op
// account handle. Their sessions and tokens stay, and lose that account
// at their next request.
func (s *Service) RevokeCoop(ctx context.Context, username, handle string) error {
	user, actor, err := s.membershipParties(ctx, username, handle)
	if err != nil {
		return err
	}
	err = s.store.InTx(ctx, func(tx store.Tx) error {
		if err := tx.MembershipDelete(ctx, user.ID, actor.ID); err != nil {
			return err
		}
		return s.Audit(ctx, tx, &actor, AuditMembershipRevoke, user.Username, "")
	})
	if errors.Is(err, store.ErrNotFound) {
		return apperr.Invalid("coop", "%s does not organise for @%s", user.Username, actor.Handle)
	}
	return err
}

func (s *Service) membershipParties(ctx context.Context, username, handle string) (model.User, model.Actor, error) {
	if err := AuthorizeAdmin(ctx, Write); err != nil {
		return model.User{}, model.Actor{}, err
	}
	user, err := s.store.UserGetByUsername(ctx, strings.ToLower(strings.TrimSpace(username)))
	if errors.Is(err, store.ErrNotFound) {
		return model.User{}, model.Actor{}, apperr.Invalid("username", "no user %q", username)
	}
	if err != nil {
		return model.User{}, model.Actor{}, err
	}
	if user.Role == model.RoleAdmin {
		return model.User{}, model.Actor{}, apperr.Invalid("username", "%s is an admin, and acts for every co-op account already", user.Username)
	}
	actor, err := s.Coop(ctx, handle)
	return user, actor, err
}

// Coop finds the co-op account handle, as a person typed it.
func (s *Service) Coop(ctx context.Context, handle string) (model.Actor, error) {
	h := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(handle), "@"))
	actor, err := s.store.ActorGetByHandle(ctx, h)
	if errors.Is(err, store.ErrNotFound) || err == nil && actor.Kind != model.ActorGroup {
		return model.Actor{}, apperr.Invalid("coop", "there is no co-op account @%s", h)
	}
	return actor, err
}

// SetUserCoops makes the co-op accounts the organiser userID organises
// for exactly actorIDs, in one transaction: the admin's People page sends
// the whole list at once.
func (s *Service) SetUserCoops(ctx context.Context, userID int64, actorIDs []int64) error {
	if err := AuthorizeAdmin(ctx, Write); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx store.Tx) error {
		user, err := tx.UserGetByID(ctx, userID)
		if err != nil {
			return err
		}
		if user.Role == model.RoleAdmin {
			return apperr.Invalid("coops", "%s is an admin, and acts for every co-op account already", user.Username)
		}
		groups, err := tx.ActorList(ctx, model.ActorGroup)
		if err != nil {
			return err
		}
		current, err := tx.MembershipList(ctx, userID)
		if err != nil {
			return err
		}
		for _, id := range actorIDs {
			if !slices.ContainsFunc(groups, func(g model.Actor) bool { return g.ID == id }) {
				return apperr.Invalid("coops", "there is no co-op account %d", id)
			}
			if err := tx.MembershipAdd(ctx, &store.MembershipAddParams{UserID: userID, ActorID: id, CreatedAt: s.now()}); err != nil {
				return err
			}
			if !slices.ContainsFunc(current, func(m model.Membership) bool { return m.ActorID == id }) {
				if err := s.auditMembership(ctx, tx, groups, id, user, AuditMembershipGrant); err != nil {
					return err
				}
			}
		}
		for _, m := range current {
			if slices.Contains(actorIDs, m.ActorID) {
				continue
			}
			if err := tx.MembershipDelete(ctx, userID, m.ActorID); err != nil {
				return fmt.Errorf("set co-ops of %s: %w", user.Username, err)
			}
			if err := s.auditMembership(ctx, tx, groups, m.ActorID, user, AuditMembershipRevoke); err != nil {
				return err
			}
		}
		return nil
	})
}

// Memberships returns, to an admin, every organiser's memberships.
func (s *Service) Memberships(ctx context.Context) ([]model.Membership, error) {
	if err := AuthorizeAdmin(ctx, Read); err != nil {
		return nil, err
	}
	return s.store.MembershipList(ctx, 0)
}

// grantOnlyCoop makes a new organiser a member of the instance's co-op
// account when it has just one: there is nothing to choose, and an
// organiser of nothing could not even see the dashboard.
func (s *Service) grantOnlyCoop(ctx context.Context, q store.Queries, user model.User) error {
	groups, err := q.ActorList(ctx, model.ActorGroup)
	if err != nil || len(groups) != 1 {
		return err
	}
	return q.MembershipAdd(ctx, &store.MembershipAddParams{UserID: user.ID, ActorID: groups[0].ID, CreatedAt: s.now()})
}
