package app_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/sqlite"
	"github.com/gather-coop/gather/internal/store/storetest"
)

// moderationBundle is an app on SQLite with the co-op accounts @events
// and @network; jobs are enqueued, never worked, so that nothing leaves.
type moderationBundle struct {
	app     *app.App
	store   store.Store
	events  model.Actor
	network model.Actor
}

func setupModeration(t *testing.T) *moderationBundle {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, storetest.SQLitePath(t), store.JobsConfig{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	require.NoError(t, st.Migrate(ctx))
	a := app.New(app.Config{Store: st, BaseURL: "https://coop.example"})
	events, err := a.CreateActor(ctx, "events", "Co-op events")
	require.NoError(t, err)
	network, err := a.CreateActor(ctx, "network", "Co-op network")
	require.NoError(t, err)
	return &moderationBundle{app: a, store: st, events: events, network: network}
}

// follower stores the remote user@host and has it follow actor in state.
func (b *moderationBundle) follower(t *testing.T, actor model.Actor, host, user string, state model.FollowState, at time.Time) model.RemoteActor {
	t.Helper()
	ctx := context.Background()
	uri := "https://" + host + "/users/" + user
	r, err := b.store.RemoteActorGetByURI(ctx, uri)
	if err != nil {
		r, err = b.store.RemoteActorUpsert(ctx, &model.RemoteActor{URI: uri, Host: host, Domain: host, Username: user,
			Name: "User " + user, Inbox: uri + "/inbox", KeyID: uri + "#main-key", PublicKeyPEM: "pem", FetchedAt: at})
		require.NoError(t, err)
	}
	_, err = b.store.FollowUpsert(ctx, &store.FollowUpsertParams{ActorID: actor.ID, RemoteActorID: r.ID,
		FollowURI: uri + "/follows/" + actor.Handle, State: state, CreatedAt: at})
	require.NoError(t, err)
	return r
}

// queued is how many deliveries wait to be sent.
func (b *moderationBundle) queued(t *testing.T) int {
	t.Helper()
	counts, err := b.store.JobCounts(context.Background())
	require.NoError(t, err)
	return counts["available"]
}

func TestFollowersArePagedNewestFirstWithTheRequests(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setupModeration(t)
	start := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	for i := range app.FollowersPerPage + 5 {
		b.follower(t, b.events, "social.example", fmt.Sprintf("u%03d", i), model.FollowAccepted, start.Add(time.Duration(i)*time.Minute))
	}
	asking := b.follower(t, b.events, "other.example", "asking", model.FollowPending, start)
	_, err := b.store.RemoteActorUpsert(ctx, &model.RemoteActor{URI: asking.URI, Host: asking.Host, Domain: asking.Domain,
		Username: "asking", Name: "Asking", URL: "javascript:alert(1)", IconURL: "https://other.example/a.png",
		Inbox: asking.Inbox, KeyID: asking.KeyID, PublicKeyPEM: "pem", FetchedAt: start})
	require.NoError(t, err)

	first, err := b.app.Followers(ctx, "events", 0)
	require.NoError(t, err)
	require.Equal(t, "events", first.Handle)
	require.Equal(t, 1, first.Page)
	require.Equal(t, app.FollowersPerPage+5, first.FollowerCount)
	require.Equal(t, 2, first.Pages())
	require.Len(t, first.Followers, app.FollowersPerPage)
	newest := first.Followers[0]
	require.Equal(t, "@u104@social.example", newest.Handle)
	require.Equal(t, "User u104", newest.Name)
	require.Equal(t, "https://social.example/users/u104", newest.ProfileURL, "no profile page: the actor id")
	require.True(t, newest.Since.Equal(start.Add(104*time.Minute)))

	require.Equal(t, 1, first.RequestCount)
	require.Len(t, first.Requests, 1)
	req := first.Requests[0]
	require.Equal(t, asking.URI, req.URI)
	require.Equal(t, "https://other.example/a.png", req.AvatarURL)
	require.Equal(t, asking.URI, req.ProfileURL, "a profile address that is not http(s) is not offered")

	second, err := b.app.Followers(ctx, "EVENTS", 2)
	require.NoError(t, err)
	require.Len(t, second.Followers, 5)
	require.Equal(t, "@u000@social.example", second.Followers[4].Handle, "the oldest last")

	none, err := b.app.Followers(ctx, "network", 1)
	require.NoError(t, err)
	require.Empty(t, none.Followers)
	require.Equal(t, 1, none.Pages())

	_, err = b.app.Followers(ctx, "nobody", 1)
	require.ErrorIs(t, err, store.ErrNotFound)
	_, err = b.app.Followers(ctx, app.InstanceHandle, 1)
	require.ErrorIs(t, err, store.ErrNotFound, "the instance actor is not a co-op")
}

func TestRemoveFollowerSendsAReject(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setupModeration(t)
	alice := b.follower(t, b.events, "social.example", "alice", model.FollowAccepted, time.Now())

	acc, pending, err := b.app.Follower(ctx, "events", alice.URI)
	require.NoError(t, err)
	require.False(t, pending)
	require.Equal(t, "@alice@social.example", acc.Handle)

	require.NoError(t, b.app.RemoveFollower(ctx, "events", alice.URI))
	_, err = b.store.FollowGet(ctx, b.events.ID, alice.ID)
	require.ErrorIs(t, err, store.ErrNotFound)
	require.Equal(t, 1, b.queued(t), "one Reject on its way")

	require.ErrorIs(t, b.app.RemoveFollower(ctx, "events", alice.URI), store.ErrNotFound, "removed already")
	_, _, err = b.app.Follower(ctx, "events", alice.URI)
	require.ErrorIs(t, err, store.ErrNotFound)
	require.ErrorIs(t, b.app.RemoveFollower(ctx, "events", "https://social.example/users/nobody"), store.ErrNotFound)
	require.Equal(t, 1, b.queued(t))
}

func TestBlockingADomainDropsItsFollowers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setupModeration(t)
	b.follower(t, b.events, "spam.example", "a", model.FollowAccepted, time.Now())
	b.follower(t, b.network, "eu.spam.example", "b", model.FollowPending, time.Now())
	b.follower(t, b.events, "fine.example", "c", model.FollowAccepted, time.Now())

	require.NoError(t, b.app.BlockDomain(ctx, "Spam.Example"))
	events, err := b.app.Followers(ctx, "events", 1)
	require.NoError(t, err)
	require.Equal(t, 1, events.FollowerCount)
	require.Equal(t, "@c@fine.example", events.Followers[0].Handle)
	network, err := b.app.Followers(ctx, "network", 1)
	require.NoError(t, err)
	require.Zero(t, network.RequestCount, "subdomains too")
	require.Zero(t, b.queued(t), "nothing is sent to a blocked domain")

	blocks, err := b.app.DomainBlocks(ctx)
	require.NoError(t, err)
	require.Len(t, blocks, 1)
	require.Equal(t, "spam.example", blocks[0].Domain)
	require.False(t, blocks[0].CreatedAt.IsZero())
}

func TestBlockingAnAccountDropsItsFollows(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setupModeration(t)
	troll := b.follower(t, b.events, "social.example", "troll", model.FollowAccepted, time.Now())
	b.follower(t, b.network, "social.example", "troll", model.FollowPending, time.Now())
	b.follower(t, b.events, "social.example", "kind", model.FollowAccepted, time.Now())

	blocked, err := b.app.BlockAccount(ctx, " "+troll.URI+" ")
	require.NoError(t, err)
	require.Equal(t, troll.URI, blocked.URI)
	for _, actor := range []model.Actor{b.events, b.network} {
		_, err := b.store.FollowGet(ctx, actor.ID, troll.ID)
		require.ErrorIs(t, err, store.ErrNotFound, "no longer follows @%s", actor.Handle)
	}
	require.Equal(t, 2, b.queued(t), "a Reject from each co-op account")
	n, err := b.store.FollowerCount(ctx, b.events.ID, model.FollowAccepted)
	require.NoError(t, err)
	require.Equal(t, 1, n, "the others stay")

	_, err = b.app.BlockAccount(ctx, troll.URI)
	require.NoError(t, err, "blocking twice does no harm")
	require.Equal(t, 2, b.queued(t))

	list, err := b.app.BlockedAccounts(ctx)
	require.NoError(t, err)
	require.Len(t, list, 1)
	require.Equal(t, "@troll@social.example", list[0].Handle)
	require.Equal(t, "User troll", list[0].Name)
	require.False(t, list[0].Since.IsZero())

	require.NoError(t, b.app.UnblockAccount(ctx, troll.URI))
	list, err = b.app.BlockedAccounts(ctx)
	require.NoError(t, err)
	require.Empty(t, list)
}

func TestFindAccountRefusesWhatIsNotARemoteAccount(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setupModeration(t)
	require.NoError(t, b.app.BlockDomain(ctx, "spam.example"))
	for input, want := range map[string]string{
		"":                                   "give the account’s handle",
		"just words":                         "neither a handle",
		"ftp://social.example/users/a":       "neither a handle",
		"https://":                           "not the address",
		"@events@coop.example":               "an account of this instance",
		"https://coop.example/actors/events": "an account of this instance",
		"https://spam.example/users/a":       "blocked domain",
	} {
		_, err := b.app.FindAccount(ctx, input)
		var v *app.ValidationError
		require.ErrorAs(t, err, &v, input)
		require.Equal(t, "account", v.Field, input)
		require.Contains(t, v.Msg, want, input)
	}
}
