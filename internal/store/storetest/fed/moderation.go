package fed

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

func runModeration(t *testing.T, h Harness) {
	t.Run("FollowerPage", func(t *testing.T) { t.Parallel(); testFollowerPage(t, h) })
	t.Run("FollowsByRemoteActorAndDomain", func(t *testing.T) { t.Parallel(); testFollowsByRemoteActorAndDomain(t, h) })
	t.Run("BlockLists", func(t *testing.T) { t.Parallel(); testBlockLists(t, h) })
}

// follow records that r follows actorID, in state, at when.
func follow(t *testing.T, s store.Store, actorID int64, r *model.RemoteActor, state model.FollowState, when time.Time) model.RemoteActor {
	t.Helper()
	ctx := context.Background()
	stored, err := s.RemoteActorUpsert(ctx, r)
	require.NoError(t, err)
	_, err = s.FollowUpsert(ctx, &store.FollowUpsertParams{ActorID: actorID, RemoteActorID: stored.ID,
		FollowURI: r.URI + "/follows/1", State: state, CreatedAt: when})
	require.NoError(t, err)
	return stored
}

func testFollowerPage(t *testing.T, h Harness) {
	ctx := context.Background()
	s := setup(t, h).store
	actor, err := s.ActorCreate(ctx, newActor("events"))
	require.NoError(t, err)
	other, err := s.ActorCreate(ctx, newActor("other"))
	require.NoError(t, err)
	start := time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC)
	for i := range 5 {
		r := remote("social.example", fmt.Sprintf("u%d", i), true)
		r.Name, r.URL, r.IconURL = fmt.Sprintf("User %d", i), "https://social.example/@u"+fmt.Sprint(i), "https://social.example/a.png"
		follow(t, s, actor.ID, r, model.FollowAccepted, start.Add(time.Duration(i)*time.Hour))
	}
	follow(t, s, actor.ID, remote("social.example", "asking", false), model.FollowPending, start)
	follow(t, s, other.ID, remote("social.example", "elsewhere", false), model.FollowAccepted, start)

	page, err := s.FollowerPage(ctx, &store.FollowerListParams{ActorID: actor.ID, State: model.FollowAccepted, Limit: 2})
	require.NoError(t, err)
	require.Len(t, page, 2)
	newest := page[0]
	require.Equal(t, "u4", newest.Actor.Username, "newest first")
	require.Equal(t, "User 4", newest.Actor.Name)
	require.Equal(t, "https://social.example/@u4", newest.Actor.URL)
	require.Equal(t, "https://social.example/a.png", newest.Actor.IconURL)
	require.Equal(t, "https://social.example/users/u4/follows/1", newest.FollowURI)
	require.Equal(t, actor.ID, newest.ActorID)
	require.Equal(t, newest.Actor.ID, newest.RemoteActorID)
	require.Equal(t, model.FollowAccepted, newest.State)
	require.True(t, newest.CreatedAt.Equal(start.Add(4*time.Hour)), "created_at round trip: %v", newest.CreatedAt)
	require.Equal(t, "u3", page[1].Actor.Username)

	page, err = s.FollowerPage(ctx, &store.FollowerListParams{ActorID: actor.ID, State: model.FollowAccepted, Limit: 2, Offset: 4})
	require.NoError(t, err)
	require.Len(t, page, 1, "the last page")
	require.Equal(t, "u0", page[0].Actor.Username)

	pending, err := s.FollowerPage(ctx, &store.FollowerListParams{ActorID: actor.ID, State: model.FollowPending, Limit: 10})
	require.NoError(t, err)
	require.Len(t, pending, 1)
	require.Equal(t, "asking", pending[0].Actor.Username)

	none, err := s.FollowerPage(ctx, &store.FollowerListParams{ActorID: other.ID, State: model.FollowPending, Limit: 10})
	require.NoError(t, err)
	require.Empty(t, none)
}

func testFollowsByRemoteActorAndDomain(t *testing.T, h Harness) {
	ctx := context.Background()
	s := setup(t, h).store
	events, err := s.ActorCreate(ctx, newActor("events"))
	require.NoError(t, err)
	network, err := s.ActorCreate(ctx, newActor("network"))
	require.NoError(t, err)
	now := time.Now()

	alice := follow(t, s, events.ID, remote("spam.example", "alice", true), model.FollowAccepted, now)
	follow(t, s, network.ID, remote("spam.example", "alice", true), model.FollowPending, now)
	follow(t, s, events.ID, remote("eu.spam.example", "bob", false), model.FollowPending, now)
	follow(t, s, events.ID, remote("notspam.example", "carol", false), model.FollowAccepted, now)
	follow(t, s, events.ID, remote("example", "dave", false), model.FollowAccepted, now)

	follows, err := s.FollowListByRemoteActor(ctx, alice.ID)
	require.NoError(t, err)
	require.Len(t, follows, 2, "alice follows both co-ops")
	require.Equal(t, events.ID, follows[0].ActorID)
	require.Equal(t, model.FollowAccepted, follows[0].State)
	require.Equal(t, network.ID, follows[1].ActorID)
	require.Equal(t, model.FollowPending, follows[1].State)
	none, err := s.FollowListByRemoteActor(ctx, 99999)
	require.NoError(t, err)
	require.Empty(t, none)

	n, err := s.FollowDeleteByDomain(ctx, "spam.example")
	require.NoError(t, err)
	require.Equal(t, 3, n, "alice twice and bob on a subdomain; not carol nor dave")
	follows, err = s.FollowListByRemoteActor(ctx, alice.ID)
	require.NoError(t, err)
	require.Empty(t, follows)
	_, err = s.RemoteActorGetByURI(ctx, alice.URI)
	require.NoError(t, err, "the actor is kept: only its follows go")
	left, err := s.FollowerCount(ctx, events.ID, model.FollowAccepted)
	require.NoError(t, err)
	require.Equal(t, 2, left)

	n, err = s.FollowDeleteByDomain(ctx, "spam.example")
	require.NoError(t, err)
	require.Zero(t, n)
}

func testBlockLists(t *testing.T, h Harness) {
	ctx := context.Background()
	s := setup(t, h).store
	first := time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC)

	list, err := s.ActorBlockList(ctx)
	require.NoError(t, err)
	require.Empty(t, list)
	domains, err := s.DomainBlockListDated(ctx)
	require.NoError(t, err)
	require.Empty(t, domains)

	known := remote("social.example", "troll", true)
	known.Name, known.URL, known.IconURL = "A troll", "https://social.example/@troll", "https://social.example/t.png"
	stored, err := s.RemoteActorUpsert(ctx, known)
	require.NoError(t, err)
	require.NoError(t, s.ActorBlock(ctx, known.URI, first))
	require.NoError(t, s.ActorBlock(ctx, "https://gone.example/users/x", first.Add(time.Hour)))

	list, err = s.ActorBlockList(ctx)
	require.NoError(t, err)
	require.Len(t, list, 2)
	require.Equal(t, "https://gone.example/users/x", list[0].URI, "latest block first")
	require.Zero(t, list[0].Actor.ID, "an account never fetched")
	require.True(t, list[0].CreatedAt.Equal(first.Add(time.Hour)), "created_at round trip: %v", list[0].CreatedAt)
	troll := list[1]
	require.Equal(t, known.URI, troll.URI)
	require.Equal(t, stored.ID, troll.Actor.ID)
	require.Equal(t, known.URI, troll.Actor.URI)
	require.Equal(t, "@troll@social.example", troll.Actor.Handle())
	require.Equal(t, "A troll", troll.Actor.Name)
	require.Equal(t, "https://social.example/@troll", troll.Actor.URL)
	require.Equal(t, "https://social.example/t.png", troll.Actor.IconURL)
	require.Equal(t, "social.example", troll.Actor.Domain)

	require.NoError(t, s.ActorUnblock(ctx, known.URI))
	list, err = s.ActorBlockList(ctx)
	require.NoError(t, err)
	require.Len(t, list, 1)

	require.NoError(t, s.DomainBlock(ctx, "zzz.example", first))
	require.NoError(t, s.DomainBlock(ctx, "spam.example", first.Add(time.Minute)))
	domains, err = s.DomainBlockListDated(ctx)
	require.NoError(t, err)
	require.Len(t, domains, 2)
	require.Equal(t, "spam.example", domains[0].Domain, "by name")
	require.True(t, domains[0].CreatedAt.Equal(first.Add(time.Minute)), "created_at round trip: %v", domains[0].CreatedAt)
	require.Equal(t, "zzz.example", domains[1].Domain)
}
