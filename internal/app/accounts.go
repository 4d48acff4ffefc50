package app

import (
	"context"

	"github.com/gather-coop/gather/internal/app/account"
	"github.com/gather-coop/gather/internal/app/localurl"
	"github.com/gather-coop/gather/internal/model"
)

// Accounts, sign-in, who may do what and the audit log's entries are
// package account's; App passes on what the web layer and the command
// line call, under the names they always had.

// InstanceHandle is the handle of the instance actor, which signs our
// fetches. It is reserved: no co-op may take it.
const InstanceHandle = localurl.InstanceHandle

// Principal is who a request acts for: see account.Principal.
type Principal = account.Principal

// SignInParams are a sign-in attempt.
type SignInParams = account.SignInParams

// Sign-in limits and lifetimes: see package account.
const (
	WebSessionLifetime       = account.WebSessionLifetime
	SignInWindow             = account.SignInWindow
	SignInFailuresPerAccount = account.SignInFailuresPerAccount
	SignInFailuresPerClient  = account.SignInFailuresPerClient
)

// WithPrincipal returns ctx acting for p.
func WithPrincipal(ctx context.Context, p Principal) context.Context {
	return account.WithPrincipal(ctx, p)
}

// Anonymous returns ctx acting for no one: the public's requests.
func Anonymous(ctx context.Context) context.Context { return account.Anonymous(ctx) }

// PrincipalFrom returns who ctx acts for, and false when it is the
// instance itself.
func PrincipalFrom(ctx context.Context) (Principal, bool) { return account.PrincipalFrom(ctx) }

// CommandLine returns ctx acting as the gather admin command line.
func CommandLine(ctx context.Context) context.Context { return account.CommandLine(ctx) }

// Audit actions, as stored and shown.
const (
	AuditGatheringCreate  = account.AuditGatheringCreate
	AuditGatheringEdit    = account.AuditGatheringEdit
	AuditGatheringPublish = account.AuditGatheringPublish
	AuditGatheringCancel  = account.AuditGatheringCancel
	AuditGatheringStatus  = account.AuditGatheringStatus
	AuditGatheringDelete  = account.AuditGatheringDelete
	AuditSessionAdd       = account.AuditSessionAdd
	AuditSessionEdit      = account.AuditSessionEdit
	AuditSessionDelete    = account.AuditSessionDelete
	AuditRSVPPromote      = account.AuditRSVPPromote
	AuditRSVPRemove       = account.AuditRSVPRemove
	AuditRSVPAtVenue      = account.AuditRSVPAtVenue
	AuditPersonBlock      = account.AuditPersonBlock
	AuditAccountBlock     = account.AuditAccountBlock
	AuditAccountUnblock   = account.AuditAccountUnblock
	AuditDomainBlock      = account.AuditDomainBlock
	AuditDomainUnblock    = account.AuditDomainUnblock
	AuditFollowerApprove  = account.AuditFollowerApprove
	AuditFollowerReject   = account.AuditFollowerReject
	AuditFollowerRemove   = account.AuditFollowerRemove
	AuditMembershipGrant  = account.AuditMembershipGrant
	AuditMembershipRevoke = account.AuditMembershipRevoke
	AuditUserCreate       = account.AuditUserCreate
	AuditUserRemove       = account.AuditUserRemove
	AuditTokenCreate      = account.AuditTokenCreate
	AuditPasswordChange   = account.AuditPasswordChange
	AuditCoopCreate       = account.AuditCoopCreate
	AuditProfileSave      = account.AuditProfileSave
	AuditSettingsSave     = account.AuditSettingsSave
	AuditReportCreate     = account.AuditReportCreate
	AuditSourceFollow     = account.AuditSourceFollow
	AuditSourceUnfollow   = account.AuditSourceUnfollow
	AuditEventShare       = account.AuditEventShare
	AuditEventUnshare     = account.AuditEventUnshare
	AuditCoHostAdd        = account.AuditCoHostAdd
	AuditCoHostRemove     = account.AuditCoHostRemove
	AuditCoHostedAccept   = account.AuditCoHostedAccept
	AuditCoHostedDecline  = account.AuditCoHostedDecline
	AuditReportResolve    = account.AuditReportResolve
	AuditFlagSend         = account.AuditFlagSend
	AuditCommentHide      = account.AuditCommentHide
	AuditCommentUnhide    = account.AuditCommentUnhide
)

// MyCoops returns the co-op accounts ctx may act for, oldest first: every
// one for an admin or the instance itself, none for the public.
func (a *App) MyCoops(ctx context.Context) ([]model.Actor, error) {
	return a.acct.MyCoops(ctx)
}

// MayActForInstance reports whether ctx may do what concerns every co-op
// account (see AuthorizeInstance), for pages that offer it only then.
func (a *App) MayActForInstance(ctx context.Context) (bool, error) {
	return a.acct.MayActForInstance(ctx)
}

// CreateActor creates a co-op account (an ActivityPub Group) with a new
// RSA-2048 key pair.
func (a *App) CreateActor(ctx context.Context, handle, name string) (model.Actor, error) {
	return a.acct.CreateActor(ctx, handle, name)
}

// Setup makes sure the instance has its instance actor and at least one
// co-op account, creating the co-op from handle and name if there is none.
// It reports whether it created the co-op: true only on the first start.
func (a *App) Setup(ctx context.Context, handle, name string) (firstStart bool, err error) {
	return a.acct.Setup(ctx, handle, name)
}

// CreateUser creates a person who can sign in. An empty role makes the
// first user an admin and later ones organisers. An organiser organises
// for the instance's co-op account if it has just one, and for none
// otherwise, until an admin grants them some (GrantCoop).
func (a *App) CreateUser(ctx context.Context, username, password string, role model.Role) (model.User, error) {
	return a.acct.CreateUser(ctx, username, password, role)
}

// CreateToken makes a new API token for username that may do all they
// may, and returns it. Only its hash is stored: the token cannot be shown
// again.
func (a *App) CreateToken(ctx context.Context, username string) (string, error) {
	return a.acct.CreateToken(ctx, username)
}

// CreateScopedToken is CreateToken for a token limited to scope: a read
// token is refused every change.
func (a *App) CreateScopedToken(ctx context.Context, username string, scope model.TokenScope) (string, error) {
	return a.acct.CreateScopedToken(ctx, username, scope)
}

// Authenticate returns who an API token acts for (its user, and what the
// token may do), or apperr.ErrUnauthenticated.
func (a *App) Authenticate(ctx context.Context, token string) (Principal, error) {
	return a.acct.Authenticate(ctx, token)
}

// GrantCoop makes the organiser username an organiser of the co-op
// account handle. Granting twice changes nothing.
func (a *App) GrantCoop(ctx context.Context, username, handle string) error {
	return a.acct.GrantCoop(ctx, username, handle)
}

// RevokeCoop stops the organiser username from acting for the co-op
// account handle. Their sessions and tokens stay, and lose that account
// at their next request.
func (a *App) RevokeCoop(ctx context.Context, username, handle string) error {
	return a.acct.RevokeCoop(ctx, username, handle)
}

// SetUserCoops makes the co-op accounts the organiser userID organises
// for exactly actorIDs, in one transaction: the admin's People page sends
// the whole list at once.
func (a *App) SetUserCoops(ctx context.Context, userID int64, actorIDs []int64) error {
	return a.acct.SetUserCoops(ctx, userID, actorIDs)
}

// Memberships returns, to an admin, every organiser's memberships.
func (a *App) Memberships(ctx context.Context) ([]model.Membership, error) {
	return a.acct.Memberships(ctx)
}

// SignIn checks a username and password and starts a web session. It
// returns the session's token, for the browser's cookie, and the user.
// A mismatch is apperr.ErrWrongPassword; too many recent mismatches for the
// account or from the client are a *apperr.TooManySignInsError, returned before
// the password is looked at; empty fields are a *apperr.ValidationError.
func (a *App) SignIn(ctx context.Context, p *SignInParams) (string, model.User, error) {
	return a.acct.SignIn(ctx, p)
}

// SignedIn returns the web session a token belongs to, with its user, or
// apperr.ErrUnauthenticated if there is none or it has expired. Using a session
// moves its expiry to WebSessionLifetime from now; the move is written
// at most once a minute, and the returned ExpiresAt is the stored one.
func (a *App) SignedIn(ctx context.Context, token string) (model.WebSession, error) {
	return a.acct.SignedIn(ctx, token)
}

// SignOut ends the web session of token. A token that names no session
// is already signed out.
func (a *App) SignOut(ctx context.Context, token string) error {
	return a.acct.SignOut(ctx, token)
}

// ChangePassword changes the password of the user signed in with token,
// once they give their current one, and signs out every other browser
// signed in as them; this one stays signed in. A wrong current password
// counts as a failed sign-in for the account, so a borrowed browser cannot
// be used to guess it.
func (a *App) ChangePassword(ctx context.Context, token, current, next string) error {
	return a.acct.ChangePassword(ctx, token, current, next)
}

// CreateOrganiser lets an admin (by) create an organiser who signs in
// with username and password. Anyone else gets apperr.ErrForbidden.
func (a *App) CreateOrganiser(ctx context.Context, by model.User, username, password string) (model.User, error) {
	return a.acct.CreateOrganiser(ctx, by, username, password)
}

// UserByID returns user id to an admin (by); anyone else gets
// apperr.ErrForbidden.
func (a *App) UserByID(ctx context.Context, by model.User, id int64) (model.User, error) {
	return a.acct.UserByID(ctx, by, id)
}

// RemoveUser lets an admin (by) take away someone's access: the user is
// deleted, and with them their API tokens and signed-in sessions, so a
// browser they left signed in is signed out at its next request. Nobody
// removes themselves, so an instance always keeps an admin: another admin
// must do it.
func (a *App) RemoveUser(ctx context.Context, by model.User, userID int64) (model.User, error) {
	return a.acct.RemoveUser(ctx, by, userID)
}

// Users returns everyone who can sign in, by username, to an admin (by);
// anyone else gets apperr.ErrForbidden.
func (a *App) Users(ctx context.Context, by model.User) ([]model.User, error) {
	return a.acct.Users(ctx, by)
}
