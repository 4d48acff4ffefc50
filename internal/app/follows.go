package app

import (
	"context"

	"github.com/gather-coop/gather/internal/app/followers"
	"github.com/gather-coop/gather/internal/model"
)

// Followers and blocks are package followers'; App passes on what the
// web layer calls, under the names it always used.

// FollowersPerPage is how many followers one page of the organisers' list
// shows, and how many follow requests it shows at most.
const FollowersPerPage = followers.FollowersPerPage

// Account is a remote account as the organisers' lists show it.
type Account = followers.Account

// CoopFollowers is one page of a co-op account's followers, with its
// newest follow requests.
type CoopFollowers = followers.CoopFollowers

// CheckDomain returns domain as BlockDomain would store it, or a
// *ValidationError on the field "domain" when it is not a domain name.
func CheckDomain(domain string) (string, error) { return followers.CheckDomain(domain) }

// CoopAccounts returns the co-op accounts ctx may act for (MyCoops),
// oldest first.
func (a *App) CoopAccounts(ctx context.Context) ([]model.Actor, error) {
	return a.follows.CoopAccounts(ctx)
}

// Followers returns page page (from 1) of the followers of the co-op
// account handle, and its newest follow requests: four queries however
// many there are.
func (a *App) Followers(ctx context.Context, handle string, page int) (CoopFollowers, error) {
	return a.follows.Followers(ctx, handle, page)
}

// Follower returns the remote actor followerURI as a follower of the
// co-op account handle, and whether it is still waiting for approval;
// store.ErrNotFound when it neither follows nor asked to.
func (a *App) Follower(ctx context.Context, handle, followerURI string) (Account, bool, error) {
	return a.follows.Follower(ctx, handle, followerURI)
}

// RemoveFollower stops the remote actor followerURI from following the
// co-op account handle (or, if it only asked to, turns it down) and sends
// it a Reject of its Follow, so that its server drops the follow too.
// store.ErrNotFound when it neither follows nor asked to.
func (a *App) RemoveFollower(ctx context.Context, handle, followerURI string) error {
	return a.follows.RemoveFollower(ctx, handle, followerURI)
}

// FindAccount finds the account an organiser names: by its handle
// (@user@host, looked up by WebFinger) or by the http(s) address of its
// actor or profile. We keep a copy of what is found. Names that are not
// an account, accounts of this instance, and accounts that cannot be
// found are a *apperr.ValidationError on the field "account".
func (a *App) FindAccount(ctx context.Context, name string) (model.RemoteActor, error) {
	return a.follows.FindAccount(ctx, name)
}

// BlockAccount blocks the account an organiser names (see FindAccount):
// it may no longer answer, follow, or ask to follow. If it follows any of
// our co-op accounts, or asked to, it is removed and sent a Reject, as
// RemoveFollower does. Blocking twice does no harm.
func (a *App) BlockAccount(ctx context.Context, account string) (model.RemoteActor, error) {
	return a.follows.BlockAccount(ctx, account)
}

// UnblockAccount lifts the block of the actor uri. The account does not
// follow again until it asks to.
func (a *App) UnblockAccount(ctx context.Context, uri string) error {
	return a.follows.UnblockAccount(ctx, uri)
}

// BlockedAccounts lists the blocked accounts, latest first; Since is when
// each was blocked.
func (a *App) BlockedAccounts(ctx context.Context) ([]Account, error) {
	return a.follows.BlockedAccounts(ctx)
}

// DomainBlocks lists the blocked domains, by name, with when each was
// blocked.
func (a *App) DomainBlocks(ctx context.Context) ([]model.DomainBlock, error) {
	return a.follows.DomainBlocks(ctx)
}

// DecideFollow approves or rejects a pending follow request of the co-op
// actor handle by the remote actor followerURI, and tells the follower.
func (a *App) DecideFollow(ctx context.Context, handle, followerURI string, approve bool) error {
	return a.follows.DecideFollow(ctx, handle, followerURI, approve)
}

// BlockDomain stops deliveries to domain and refuses its activities. Its
// accounts (and its subdomains') stop following our co-op accounts, as
// with Mastodon's domain blocks: silently, since nothing more is sent
// there. Unblocking does not bring them back.
func (a *App) BlockDomain(ctx context.Context, domain string) error {
	return a.follows.BlockDomain(ctx, domain)
}

// UnblockDomain lifts a block.
func (a *App) UnblockDomain(ctx context.Context, domain string) error {
	return a.follows.UnblockDomain(ctx, domain)
}

// BlockedDomains lists the blocked domains.
func (a *App) BlockedDomains(ctx context.Context) ([]string, error) {
	return a.follows.BlockedDomains(ctx)
}
