package followers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/internal/app/account"
	"github.com/gather-coop/gather/internal/app/apperr"
	"github.com/gather-coop/gather/internal/app/fed"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// Followers and blocks, as organisers manage them.
//
// What each step tells other servers, following Mastodon, whose users are
// most of our followers:
//   - removing a follower sends it a Reject of its Follow, so that its
//     server stops showing the follow as well;
//   - blocking an account that follows or asked to follow one of our co-op
//     accounts does the same, once per co-op account, and a blocked
//     account's later Follows are answered with Reject and not kept;
//   - blocking a domain forgets the follows of its accounts (and of its
//     subdomains') without a word: nothing is delivered to a blocked
//     domain, a Reject included.
//
// Lifting a block gives nothing back: the accounts follow again if they
// want to. The Block activity is never sent, so blocked accounts are not
// told they are blocked.

// FollowersPerPage is how many followers one page of the organisers' list
// shows, and how many follow requests it shows at most.
const FollowersPerPage = 100

// Account is a remote account as the organisers' lists show it.
type Account struct {
	URI    string // its actor id
	Handle string // @user@host, or the actor id when it gave no username
	Name   string
	// AvatarURL is its avatar on its own server, "" when unknown.
	AvatarURL string
	// ProfileURL is its profile page (or its actor id): always an http(s)
	// address, "" when there is none.
	ProfileURL string
	// Since is when it asked to follow, or when it was blocked.
	Since time.Time
}

func accountOf(r model.RemoteActor, since time.Time) Account {
	acc := Account{URI: r.URI, Handle: r.Handle(), Name: r.Name, AvatarURL: r.IconURL, Since: since}
	for _, u := range []string{r.URL, r.URI} {
		if _, _, err := fed.HostOf(u); err == nil {
			acc.ProfileURL = u
			break
		}
	}
	return acc
}

// CoopFollowers is one page of a co-op account's followers, with its
// newest follow requests.
type CoopFollowers struct {
	Handle string
	Name   string
	// ApprovesFollowers is set when follow requests wait for an organiser.
	ApprovesFollowers bool
	// Requests are the newest follow requests, at most FollowersPerPage of
	// the RequestCount waiting.
	Requests     []Account
	RequestCount int
	// Followers are page Page (from 1) of the FollowerCount followers,
	// newest first.
	Followers     []Account
	FollowerCount int
	Page          int
}

// Pages is how many pages of followers there are; at least one.
func (c CoopFollowers) Pages() int {
	return max(1, (c.FollowerCount+FollowersPerPage-1)/FollowersPerPage)
}

// CoopAccounts returns the co-op accounts ctx may act for (MyCoops),
// oldest first.
func (s *Service) CoopAccounts(ctx context.Context) ([]model.Actor, error) {
	return s.acct.MyCoops(ctx)
}

// Followers returns page page (from 1) of the followers of the co-op
// account handle, and its newest follow requests: four queries however
// many there are.
func (s *Service) Followers(ctx context.Context, handle string, page int) (CoopFollowers, error) {
	actor, err := s.acct.Actor(ctx, handle)
	if err != nil {
		return CoopFollowers{}, err
	}
	if err := s.acct.Authorize(ctx, actor, account.Read); err != nil {
		return CoopFollowers{}, err
	}
	out := CoopFollowers{Handle: actor.Handle, Name: actor.Name, ApprovesFollowers: actor.ManuallyApprovesFollowers, Page: max(page, 1)}
	list := func(state model.FollowState, offset int) ([]Account, int, error) {
		n, err := s.store.FollowerCount(ctx, actor.ID, state)
		if err != nil {
			return nil, 0, fmt.Errorf("followers of @%s: %w", actor.Handle, err)
		}
		rows, err := s.store.FollowerPage(ctx, &store.FollowerListParams{ActorID: actor.ID, State: state,
			Limit: FollowersPerPage, Offset: offset})
		if err != nil {
			return nil, 0, fmt.Errorf("followers of @%s: %w", actor.Handle, err)
		}
		accounts := make([]Account, 0, len(rows))
		for _, f := range rows {
			accounts = append(accounts, accountOf(f.Actor, f.CreatedAt))
		}
		return accounts, n, nil
	}
	if out.Requests, out.RequestCount, err = list(model.FollowPending, 0); err != nil {
		return CoopFollowers{}, err
	}
	if out.Followers, out.FollowerCount, err = list(model.FollowAccepted, (out.Page-1)*FollowersPerPage); err != nil {
		return CoopFollowers{}, err
	}
	return out, nil
}

// Follower returns the remote actor followerURI as a follower of the
// co-op account handle, and whether it is still waiting for approval;
// store.ErrNotFound when it neither follows nor asked to.
func (s *Service) Follower(ctx context.Context, handle, followerURI string) (Account, bool, error) {
	if err := s.acct.AuthorizeHandle(ctx, handle, account.Read); err != nil {
		return Account{}, false, err
	}
	_, follower, f, err := s.follow(ctx, s.store, handle, followerURI)
	if err != nil {
		return Account{}, false, err
	}
	return accountOf(follower, f.CreatedAt), f.State == model.FollowPending, nil
}

// follow finds the follow of the co-op account handle by followerURI.
func (s *Service) follow(ctx context.Context, q store.Queries, handle, followerURI string) (model.Actor, model.RemoteActor, model.Follow, error) {
	actor, err := s.acct.Actor(ctx, handle)
	if err != nil {
		return model.Actor{}, model.RemoteActor{}, model.Follow{}, err
	}
	follower, err := q.RemoteActorGetByURI(ctx, followerURI)
	if err != nil {
		return model.Actor{}, model.RemoteActor{}, model.Follow{}, err
	}
	f, err := q.FollowGet(ctx, actor.ID, follower.ID)
	if err != nil {
		return model.Actor{}, model.RemoteActor{}, model.Follow{}, err
	}
	return actor, follower, f, nil
}

// RemoveFollower stops the remote actor followerURI from following the
// co-op account handle (or, if it only asked to, turns it down) and sends
// it a Reject of its Follow, so that its server drops the follow too.
// store.ErrNotFound when it neither follows nor asked to.
func (s *Service) RemoveFollower(ctx context.Context, handle, followerURI string) error {
	if err := s.acct.AuthorizeHandle(ctx, handle, account.Write); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx store.Tx) error {
		actor, follower, f, err := s.follow(ctx, tx, handle, followerURI)
		if err != nil {
			return fmt.Errorf("remove follower %s of @%s: %w", followerURI, handle, err)
		}
		if err := s.acct.Audit(ctx, tx, &actor, account.AuditFollowerRemove, follower.URI, string(f.State)); err != nil {
			return err
		}
		return s.dropFollow(ctx, tx, actor, follower, f)
	})
}

// dropFollow forgets the follow f of actor by follower and tells the
// follower with a Reject of its Follow.
func (s *Service) dropFollow(ctx context.Context, tx store.Tx, actor model.Actor, follower model.RemoteActor, f model.Follow) error {
	if err := tx.FollowDelete(ctx, actor.ID, follower.ID); err != nil {
		return err
	}
	return s.answerFollow(ctx, tx, "Reject", actor, follower, s.followActivity(actor, follower, f))
}

// refuseBlockedFollow answers a Follow by a blocked account with Reject,
// keeping nothing, and reports whether it did: its server then stops
// waiting, and nobody has to turn the request down by hand.
func (s *Service) refuseBlockedFollow(ctx context.Context, actor model.Actor, follower model.RemoteActor, follow *federation.Activity) (bool, error) {
	blocked, err := s.fed.ActorBlocked(ctx, follower.URI)
	if err != nil || !blocked {
		return false, err
	}
	return true, s.store.InTx(ctx, func(tx store.Tx) error {
		return s.answerFollow(ctx, tx, "Reject", actor, follower, follow)
	})
}

// FindAccount finds the account an organiser names: by its handle
// (@user@host, looked up by WebFinger) or by the http(s) address of its
// actor or profile. We keep a copy of what is found. Names that are not
// an account, accounts of this instance, and accounts that cannot be
// found are a *apperr.ValidationError on the field "account".
func (s *Service) FindAccount(ctx context.Context, name string) (model.RemoteActor, error) {
	// Finding fetches and keeps a copy, and serves only to block: so it
	// needs what blocking needs.
	if err := s.acct.AuthorizeInstance(ctx, account.Write); err != nil {
		return model.RemoteActor{}, err
	}
	return s.FindAccountChecked(ctx, name)
}

// FindAccountChecked is FindAccount for callers that checked access themselves.
func (s *Service) FindAccountChecked(ctx context.Context, account string) (model.RemoteActor, error) {
	account = strings.TrimSpace(account)
	uri := account
	switch {
	case account == "":
		return model.RemoteActor{}, apperr.Invalid("account", "give the account’s handle, such as @someone@example.social, or its address")
	case strings.HasPrefix(account, "https://") || strings.HasPrefix(account, "http://"):
		if _, _, err := fed.HostOf(account); err != nil {
			return model.RemoteActor{}, apperr.Invalid("account", "“%s” is not the address of an account", account)
		}
	case fed.LooksLikeHandle(account):
		if _, host, _ := strings.Cut(strings.TrimPrefix(account, "@"), "@"); strings.EqualFold(host, s.urls.Host()) {
			return model.RemoteActor{}, apperr.Invalid("account", "%s is an account of this instance", account)
		}
		found, err := s.hooks.ResolveHandle(ctx, account)
		if err != nil {
			return model.RemoteActor{}, s.notFound(ctx, account, err)
		}
		uri = found.ActorURI
	default:
		return model.RemoteActor{}, apperr.Invalid("account", "“%s” is neither a handle, such as @someone@example.social, nor an https:// address", account)
	}
	if s.urls.Mine(uri) {
		return model.RemoteActor{}, apperr.Invalid("account", "%s is an account of this instance", account)
	}
	r, err := s.fed.RemoteActor(ctx, uri, false)
	if err != nil {
		return model.RemoteActor{}, s.notFound(ctx, account, err)
	}
	return r, nil
}

// notFound says why the account could not be found, as far as an
// organiser can act on it.
func (s *Service) notFound(ctx context.Context, account string, err error) error {
	if errors.Is(err, apperr.ErrBlocked) {
		return apperr.Invalid("account", "%s is on a blocked domain: its accounts are blocked already", account)
	}
	// The cause (a time-out, a 404, no actor link) is for whoever runs
	// the instance, not for the form.
	s.log.DebugContext(ctx, "account not found", slog.String("account", account), slog.Any("error", err))
	return apperr.Invalid("account", "%s could not be found: check the spelling, or try again later if its server is down", account)
}

// BlockAccount blocks the account an organiser names (see FindAccount):
// it may no longer answer, follow, or ask to follow. If it follows any of
// our co-op accounts, or asked to, it is removed and sent a Reject, as
// RemoveFollower does. Blocking twice does no harm.
func (s *Service) BlockAccount(ctx context.Context, account string) (model.RemoteActor, error) {
	r, err := s.FindAccount(ctx, account)
	if err != nil {
		return model.RemoteActor{}, err
	}
	// BlockPerson owns what a block means for answers; the follows are
	// ours. Should dropping them fail, blocking again finishes the job.
	if err := s.hooks.BlockPerson(ctx, r.URI); err != nil {
		return model.RemoteActor{}, err
	}
	err = s.store.InTx(ctx, func(tx store.Tx) error {
		follows, err := tx.FollowListByRemoteActor(ctx, r.ID)
		if err != nil {
			return err
		}
		for _, f := range follows {
			actor, err := tx.ActorGetByID(ctx, f.ActorID)
			if err != nil {
				return err
			}
			if err := s.dropFollow(ctx, tx, actor, r, f); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return model.RemoteActor{}, fmt.Errorf("block %s: %w", r.URI, err)
	}
	return r, nil
}

// UnblockAccount lifts the block of the actor uri. The account does not
// follow again until it asks to.
func (s *Service) UnblockAccount(ctx context.Context, uri string) error {
	if err := s.acct.AuthorizeInstance(ctx, account.Write); err != nil {
		return err
	}
	defer s.fed.InvalidateBlocks()
	return s.store.InTx(ctx, func(tx store.Tx) error {
		if err := tx.ActorUnblock(ctx, uri); err != nil {
			return err
		}
		if err := s.fed.BlocksChanged(ctx, tx); err != nil {
			return err
		}
		return s.acct.Audit(ctx, tx, nil, account.AuditAccountUnblock, uri, "")
	})
}

// BlockedAccounts lists the blocked accounts, latest first; Since is when
// each was blocked.
func (s *Service) BlockedAccounts(ctx context.Context) ([]Account, error) {
	if err := s.acct.AuthorizeInstance(ctx, account.Read); err != nil {
		return nil, err
	}
	blocks, err := s.store.ActorBlockList(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Account, 0, len(blocks))
	for _, b := range blocks {
		r := b.Actor
		r.URI = b.URI
		out = append(out, accountOf(r, b.CreatedAt))
	}
	return out, nil
}

// DomainBlocks lists the blocked domains, by name, with when each was
// blocked.
func (s *Service) DomainBlocks(ctx context.Context) ([]model.DomainBlock, error) {
	if err := s.acct.AuthorizeInstance(ctx, account.Read); err != nil {
		return nil, err
	}
	return s.store.DomainBlockListDated(ctx)
}

// CheckDomain returns domain as BlockDomain would store it, or a
// *apperr.ValidationError on the field "domain" when it is not a domain name.
func CheckDomain(domain string) (string, error) {
	return normaliseDomain(domain)
}
