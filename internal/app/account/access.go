package account

import (
	"context"
	"errors"
	"fmt"

	"github.com/gather-coop/gather/internal/app/apperr"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// Who may do what.
//
// An admin acts for every co-op account of the instance. An organiser
// acts only for the co-op accounts an admin made them a member of
// (GrantCoop): their gatherings and sessions, their sign-ups and comments,
// their followers. What reaches every co-op account at once (blocking a
// domain or an account, the list of blocks) needs the admin role, or an
// organiser of every co-op account, as on an instance with just one.
// People and instance settings stay with the admins.
//
// The rules are kept here, below app, not in the handlers, so that every way
// in (admin pages, JSON API, CSV exports, previews) passes the same check.
// A request's principal travels in its context: the web layer puts the
// signed-in user (WithPrincipal) or no one (Anonymous) there, and each
// method that reads or changes a co-op account's things checks it
// (Authorize) before it reads or writes anything. A context with no
// principal at all is the instance acting on its own (jobs, the gather
// admin command line, tests) and may do everything: the web layer never
// hands one to an app method.

// Principal is who a request acts for: a signed-in user, and what their
// credential may do.
type Principal struct {
	User model.User
	// Scope is what the credential may do: web sessions write; an API
	// token has the scope it was made with. The zero value may only read.
	Scope model.TokenScope
	// Token is the fingerprint of the API token the request came with
	// (empty for a web session), for the audit log.
	Token string
}

type principalKey struct{}

// WithPrincipal returns ctx acting for p.
func WithPrincipal(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// Anonymous returns ctx acting for no one: the public's requests. Every
// method that checks access refuses it.
func Anonymous(ctx context.Context) context.Context {
	return WithPrincipal(ctx, Principal{})
}

// PrincipalFrom returns who ctx acts for, and false when it is the
// instance itself.
func PrincipalFrom(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(principalKey{}).(Principal)
	return p, ok
}

// Access is what a check asks for: to read, or to change too.
type Access int

const (
	Read Access = iota
	Write
)

// errReadOnly refuses a change to a token made to read.
var errReadOnly = &apperr.ForbiddenError{Msg: "this API token may only read: make one with gather admin create-token --scope write to change things"}

// Authorize returns nil if ctx may read or change (need) what belongs to
// the co-op account actor, and an error saying why not otherwise.
func (s *Service) Authorize(ctx context.Context, actor model.Actor, need Access) error {
	p, ok := PrincipalFrom(ctx)
	if !ok {
		return nil
	}
	if err := CheckPrincipal(p, need); err != nil {
		return err
	}
	if p.User.Role == model.RoleAdmin {
		return nil
	}
	_, err := s.store.MembershipGet(ctx, p.User.ID, actor.ID)
	if errors.Is(err, store.ErrNotFound) {
		return &apperr.ForbiddenError{Msg: fmt.Sprintf("you do not organise for @%s: an admin can add you to it", actor.Handle)}
	}
	if err != nil {
		return fmt.Errorf("check access to @%s: %w", actor.Handle, err)
	}
	return nil
}

// AuthorizeGathering is Authorize for the co-op account that hosts the
// gathering id. Methods that do slow or outward work (looking up
// facilitators) before their transaction call it first, so that someone
// refused costs nothing and leaves nothing behind.
func (s *Service) AuthorizeGathering(ctx context.Context, id int64, need Access) error {
	if done, err := decided(ctx, need); done {
		return err
	}
	g, err := s.store.GatheringGet(ctx, id)
	if err != nil {
		return err
	}
	actor, err := s.store.ActorGetByID(ctx, g.ActorID)
	if err != nil {
		return err
	}
	return s.Authorize(ctx, actor, need)
}

// AuthorizeHandle is Authorize for the co-op account handle.
func (s *Service) AuthorizeHandle(ctx context.Context, handle string, need Access) error {
	if done, err := decided(ctx, need); done {
		return err
	}
	actor, err := s.Actor(ctx, handle)
	if err != nil {
		return err
	}
	return s.Authorize(ctx, actor, need)
}

// decided reports whether ctx's access is settled without knowing which
// co-op account is asked about (the instance itself, no one, a read-only
// credential asked to write, an admin), and with what answer, so that
// the checks by id load nothing for them.
func decided(ctx context.Context, need Access) (bool, error) {
	p, ok := PrincipalFrom(ctx)
	if !ok {
		return true, nil
	}
	if err := CheckPrincipal(p, need); err != nil {
		return true, err
	}
	return p.User.Role == model.RoleAdmin, nil
}

// AuthorizeInstance is Authorize for what concerns every co-op account at
// once: admins, and organisers of every co-op account, may.
func (s *Service) AuthorizeInstance(ctx context.Context, need Access) error {
	p, ok := PrincipalFrom(ctx)
	if !ok {
		return nil
	}
	if err := CheckPrincipal(p, need); err != nil {
		return err
	}
	if p.User.Role == model.RoleAdmin {
		return nil
	}
	mine, err := s.CoopsOf(ctx, p)
	if err != nil {
		return err
	}
	all, err := s.store.ActorList(ctx, model.ActorGroup)
	if err != nil {
		return err
	}
	if len(mine) < len(all) {
		return &apperr.ForbiddenError{Msg: "this concerns every co-op account of the instance: only an admin, or someone who organises for all of them, may do it"}
	}
	return nil
}

// AuthorizeAdmin lets admins (and the instance itself) through.
func AuthorizeAdmin(ctx context.Context, need Access) error {
	p, ok := PrincipalFrom(ctx)
	if !ok {
		return nil
	}
	if err := CheckPrincipal(p, need); err != nil {
		return err
	}
	if p.User.Role != model.RoleAdmin {
		return apperr.ErrForbidden
	}
	return nil
}

// CheckPrincipal refuses no one, and changes by a read-only credential.
func CheckPrincipal(p Principal, need Access) error {
	if p.User.ID == 0 {
		return apperr.ErrUnauthenticated
	}
	if need == Write && p.Scope != model.ScopeWrite {
		return errReadOnly
	}
	return nil
}

// CoopsOf returns the co-op accounts p may act for, oldest first.
func (s *Service) CoopsOf(ctx context.Context, p Principal) ([]model.Actor, error) {
	all, err := s.store.ActorList(ctx, model.ActorGroup)
	if err != nil || p.User.Role == model.RoleAdmin {
		return all, err
	}
	ms, err := s.store.MembershipList(ctx, p.User.ID)
	if err != nil {
		return nil, err
	}
	member := make(map[int64]bool, len(ms))
	for _, m := range ms {
		member[m.ActorID] = true
	}
	out := all[:0:0]
	for _, actor := range all {
		if member[actor.ID] {
			out = append(out, actor)
		}
	}
	return out, nil
}

// MyCoops returns the co-op accounts ctx may act for, oldest first: every
// one for an admin or the instance itself, none for the public.
func (s *Service) MyCoops(ctx context.Context) ([]model.Actor, error) {
	p, ok := PrincipalFrom(ctx)
	if !ok {
		return s.store.ActorList(ctx, model.ActorGroup)
	}
	if p.User.ID == 0 {
		return nil, nil
	}
	return s.CoopsOf(ctx, p)
}

// MayActForInstance reports whether ctx may do what concerns every co-op
// account (see AuthorizeInstance), for pages that offer it only then.
func (s *Service) MayActForInstance(ctx context.Context) (bool, error) {
	err := s.AuthorizeInstance(ctx, Read)
	if errors.Is(err, apperr.ErrForbidden) {
		return false, nil
	}
	return err == nil, err
}
