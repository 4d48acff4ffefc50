package fed

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

func runFederation(t *testing.T, h Harness) {
	t.Run("RemoteActors", func(t *testing.T) { t.Parallel(); testRemoteActors(t, h) })
	t.Run("Follows", func(t *testing.T) { t.Parallel(); testFollows(t, h) })
	t.Run("InboxActivities", func(t *testing.T) { t.Parallel(); testInboxActivities(t, h) })
	t.Run("Outbox", func(t *testing.T) { t.Parallel(); testOutbox(t, h) })
	t.Run("Hosts", func(t *testing.T) { t.Parallel(); testHosts(t, h) })
	t.Run("DomainBlocks", func(t *testing.T) { t.Parallel(); testDomainBlocks(t, h) })
}

func testRemoteActors(t *testing.T, h Harness) {
	ctx := context.Background()
	s := setup(t, h).store

	r, err := s.RemoteActorUpsert(ctx, remote("social.example", "alice", true))
	require.NoError(t, err)
	require.NotZero(t, r.ID)
	require.Equal(t, "@alice@social.example", r.Handle())
	require.Equal(t, "https://social.example/inbox", r.DeliveryInbox())

	// A refetch with a rotated key replaces the copy in place.
	rotated := remote("social.example", "alice", true)
	rotated.KeyID, rotated.PublicKeyPEM = rotated.URI+"#key-2", "pem-2"
	again, err := s.RemoteActorUpsert(ctx, rotated)
	require.NoError(t, err)
	require.Equal(t, r.ID, again.ID)

	byKey, err := s.RemoteActorGetByKeyID(ctx, rotated.URI+"#key-2")
	require.NoError(t, err)
	require.Equal(t, "pem-2", byKey.PublicKeyPEM)
	_, err = s.RemoteActorGetByKeyID(ctx, rotated.URI+"#main-key")
	require.ErrorIs(t, err, store.ErrNotFound)

	require.NoError(t, s.RemoteActorDelete(ctx, r.URI))
	_, err = s.RemoteActorGetByURI(ctx, r.URI)
	require.ErrorIs(t, err, store.ErrNotFound)

	// A 410 for bob's inbox forgets bob, and only bob.
	bob, err := s.RemoteActorUpsert(ctx, remote("social.example", "bob", true))
	require.NoError(t, err)
	carol, err := s.RemoteActorUpsert(ctx, remote("social.example", "carol", true))
	require.NoError(t, err)
	n, err := s.RemoteActorDeleteByInbox(ctx, bob.Inbox)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	_, err = s.RemoteActorGetByURI(ctx, bob.URI)
	require.ErrorIs(t, err, store.ErrNotFound)
	_, err = s.RemoteActorGetByURI(ctx, carol.URI)
	require.NoError(t, err)
}

func testFollows(t *testing.T, h Harness) {
	ctx := context.Background()
	s := setup(t, h).store
	actor, err := s.ActorCreate(ctx, newActor("events"))
	require.NoError(t, err)

	// Two people on a server with a shared inbox, one on a server without,
	// one pending, one on a blocked server and one on an unreachable one.
	var ids []int64
	for _, r := range []*model.RemoteActor{
		remote("big.example", "a", true), remote("big.example", "b", true), remote("small.example", "c", false),
		remote("slow.example", "d", false), remote("spam.example", "e", false), remote("gone.example", "f", false),
	} {
		stored, err := s.RemoteActorUpsert(ctx, r)
		require.NoError(t, err)
		ids = append(ids, stored.ID)
	}
	for i, id := range ids {
		state := model.FollowAccepted
		if i == 3 {
			state = model.FollowPending
		}
		_, err := s.FollowUpsert(ctx, &store.FollowUpsertParams{ActorID: actor.ID, RemoteActorID: id,
			FollowURI: fmt.Sprintf("https://x.example/follows/%d", i), State: state, CreatedAt: time.Now()})
		require.NoError(t, err)
	}
	require.NoError(t, s.DomainBlock(ctx, "spam.example", time.Now()))
	_, err = s.HostRecordFailure(ctx, "gone.example", time.Now().Add(-8*24*time.Hour), time.Now().Add(-7*24*time.Hour))
	require.NoError(t, err)
	_, err = s.HostRecordFailure(ctx, "gone.example", time.Now(), time.Now().Add(-7*24*time.Hour))
	require.NoError(t, err)

	inboxes, err := s.FollowerInboxes(ctx, actor.ID)
	require.NoError(t, err)
	require.Equal(t, []string{"https://big.example/inbox", "https://small.example/users/c/inbox"}, inboxes)

	n, err := s.FollowerCount(ctx, actor.ID, model.FollowAccepted)
	require.NoError(t, err)
	require.Equal(t, 5, n)
	pending, err := s.FollowerList(ctx, &store.FollowerListParams{ActorID: actor.ID, State: model.FollowPending, Limit: 10})
	require.NoError(t, err)
	require.Len(t, pending, 1)
	require.Equal(t, "d", pending[0].Username)

	// Accepting updates the follow in place.
	f, err := s.FollowUpsert(ctx, &store.FollowUpsertParams{ActorID: actor.ID, RemoteActorID: ids[3],
		FollowURI: "https://x.example/follows/again", State: model.FollowAccepted, CreatedAt: time.Now()})
	require.NoError(t, err)
	require.Equal(t, model.FollowAccepted, f.State)
	got, err := s.FollowGet(ctx, actor.ID, ids[3])
	require.NoError(t, err)
	require.Equal(t, "https://x.example/follows/again", got.FollowURI)

	page, err := s.FollowerList(ctx, &store.FollowerListParams{ActorID: actor.ID, State: model.FollowAccepted, Limit: 2, Offset: 1})
	require.NoError(t, err)
	require.Len(t, page, 2)

	require.NoError(t, s.FollowDelete(ctx, actor.ID, ids[0]))
	_, err = s.FollowGet(ctx, actor.ID, ids[0])
	require.ErrorIs(t, err, store.ErrNotFound)

	// Forgetting an actor drops its follows.
	require.NoError(t, s.RemoteActorDelete(ctx, "https://small.example/users/c"))
	inboxes, err = s.FollowerInboxes(ctx, actor.ID)
	require.NoError(t, err)
	require.Equal(t, []string{"https://big.example/inbox", "https://slow.example/users/d/inbox"}, inboxes)
}

func testInboxActivities(t *testing.T, h Harness) {
	ctx := context.Background()
	s := setup(t, h).store
	in := &model.InboxActivity{URI: "https://social.example/activities/1", Type: "Follow",
		ActorURI: "https://social.example/users/a", Raw: []byte(`{"type":"Follow"}`), ReceivedAt: time.Now()}
	id, err := s.InboxActivityInsert(ctx, in)
	require.NoError(t, err)

	_, err = s.InboxActivityInsert(ctx, in)
	require.ErrorIs(t, err, store.ErrConflict, "the same activity twice is a conflict")
	// In a transaction the conflict skips the row and the transaction
	// goes on: the inbox stores a batch of activities in one.
	again := *in
	again.URI = "https://social.example/activities/2"
	require.NoError(t, s.InTx(ctx, func(tx store.Tx) error {
		if _, err := tx.InboxActivityInsert(ctx, in); !errors.Is(err, store.ErrConflict) {
			return fmt.Errorf("want a conflict, got %v", err)
		}
		_, err := tx.InboxActivityInsert(ctx, &again)
		return err
	}))
	n, err := s.InboxActivityCount(ctx)
	require.NoError(t, err)
	require.Equal(t, 2, n)

	got, err := s.InboxActivityGet(ctx, id)
	require.NoError(t, err)
	require.JSONEq(t, `{"type":"Follow"}`, string(got.Raw))
	require.Nil(t, got.ProcessedAt)

	require.NoError(t, s.InboxActivityMarkProcessed(ctx, time.Now(), id))
	got, err = s.InboxActivityGet(ctx, id)
	require.NoError(t, err)
	require.NotNil(t, got.ProcessedAt)

	// A batch of answers marks its activities processed in one statement.
	var batch []int64
	for i := 3; i <= 5; i++ {
		next := *in
		next.URI = fmt.Sprintf("https://social.example/activities/%d", i)
		id, err := s.InboxActivityInsert(ctx, &next)
		require.NoError(t, err)
		batch = append(batch, id)
	}
	require.NoError(t, s.InboxActivityMarkProcessed(ctx, time.Now()), "no ids: nothing to do")
	require.NoError(t, s.InboxActivityMarkProcessed(ctx, time.Now(), batch[0], batch[2]))
	for i, want := range []bool{true, false, true} {
		got, err := s.InboxActivityGet(ctx, batch[i])
		require.NoError(t, err)
		require.Equal(t, want, got.ProcessedAt != nil, "activity %d", i+3)
	}
}

func testOutbox(t *testing.T, h Harness) {
	ctx := context.Background()
	s := setup(t, h).store
	actor, err := s.ActorCreate(ctx, newActor("events"))
	require.NoError(t, err)
	for i, public := range []bool{true, false, true} {
		_, err := s.OutboxActivityInsert(ctx, &model.OutboxActivity{URI: fmt.Sprintf("https://us.example/activities/%d", i),
			ActorID: actor.ID, Type: "Create", Raw: []byte(`{}`), Public: public, CreatedAt: time.Now()})
		require.NoError(t, err)
	}
	_, err = s.OutboxActivityInsert(ctx, &model.OutboxActivity{URI: "https://us.example/activities/update",
		ActorID: actor.ID, Type: "Update", Raw: []byte(`{}`), Public: true, CreatedAt: time.Now()})
	require.NoError(t, err)
	n, err := s.OutboxCount(ctx, actor.ID)
	require.NoError(t, err)
	require.Equal(t, 2, n, "private activities (Accepts, direct notes) and updates stay out of the outbox")
	list, err := s.OutboxList(ctx, &store.OutboxListParams{ActorID: actor.ID, Limit: 10})
	require.NoError(t, err)
	require.Len(t, list, 2)
	require.Equal(t, "https://us.example/activities/2", list[0].URI, "newest first")

	testOutboxFilters(t, s, actor.ID)

	got, err := s.OutboxActivityGetByURI(ctx, "https://us.example/activities/1")
	require.NoError(t, err)
	require.False(t, got.Public)
	byID, err := s.OutboxActivityGet(ctx, got.ID)
	require.NoError(t, err)
	require.Equal(t, got.URI, byID.URI)

	// What was published about an event: the event, its poll and notes,
	// public or not; never another event whose id merely starts the same.
	for i, object := range []string{"https://us.example/gatherings/1", "https://us.example/gatherings/1/poll",
		"https://us.example/gatherings/12", "https://us.example/gatherings/1/notes/ab_c", "https://us.example/gatherings/1"} {
		typ := "Create"
		if i == 4 {
			typ = "Update"
		}
		_, err := s.OutboxActivityInsert(ctx, &model.OutboxActivity{URI: fmt.Sprintf("https://us.example/activities/about-%d", i),
			ActorID: actor.ID, Type: typ, ObjectURI: object, Raw: []byte(`{}`), Public: i != 3, CreatedAt: time.Now()})
		require.NoError(t, err)
	}
	about, err := s.OutboxCreatesAbout(ctx, actor.ID, "https://us.example/gatherings/1")
	require.NoError(t, err)
	var objects []string
	for _, a := range about {
		objects = append(objects, a.ObjectURI)
	}
	require.Equal(t, []string{"https://us.example/gatherings/1", "https://us.example/gatherings/1/poll",
		"https://us.example/gatherings/1/notes/ab_c"}, objects, "Creates only, oldest first")
	none, err := s.OutboxCreatesAbout(ctx, actor.ID, "https://us.example/gatherings/1_")
	require.NoError(t, err)
	require.Empty(t, none, "_ is a character, not a wildcard")
}

// testOutboxFilters: the outbox can list some objects' Creates first and
// the rest without them; Creates of deleted objects are neither listed
// nor counted.
func testOutboxFilters(t *testing.T, s store.Store, actorID int64) {
	ctx := context.Background()
	for _, obj := range []string{"a", "b", "c", "gone"} {
		_, err := s.OutboxActivityInsert(ctx, &model.OutboxActivity{URI: "https://us.example/activities/create-" + obj,
			ActorID: actorID, Type: "Create", ObjectURI: "https://us.example/objects/" + obj, Raw: []byte(`{}`), Public: true, CreatedAt: time.Now()})
		require.NoError(t, err)
	}
	require.NoError(t, s.TombstoneCreate(ctx, "https://us.example/objects/gone", "Event", time.Now()))
	n, err := s.OutboxCount(ctx, actorID)
	require.NoError(t, err)
	require.Equal(t, 5, n, "the two earlier Creates and a, b, c: not the deleted object's")
	uris := func(p *store.OutboxListParams) []string {
		p.ActorID = actorID
		list, err := s.OutboxList(ctx, p)
		require.NoError(t, err)
		var out []string
		for _, a := range list {
			out = append(out, strings.TrimPrefix(a.URI, "https://us.example/activities/"))
		}
		return out
	}
	require.Equal(t, []string{"create-c", "create-b", "create-a", "2", "0"}, uris(&store.OutboxListParams{}), "no limit")
	lead := []string{"https://us.example/objects/a", "https://us.example/objects/c", "https://us.example/objects/gone"}
	require.Equal(t, []string{"create-c", "create-a"}, uris(&store.OutboxListParams{ObjectURIs: lead}))
	require.Equal(t, []string{"create-b", "2"}, uris(&store.OutboxListParams{ExcludeObjectURIs: lead, Limit: 2}))
	require.Equal(t, []string{"0"}, uris(&store.OutboxListParams{ExcludeObjectURIs: lead, Limit: 2, Offset: 2}))
}

func testHosts(t *testing.T, h Harness) {
	ctx := context.Background()
	s := setup(t, h).store
	week := 7 * 24 * time.Hour
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

	_, err := s.HostGet(ctx, "flaky.example")
	require.ErrorIs(t, err, store.ErrNotFound)

	host, err := s.HostRecordFailure(ctx, "flaky.example", start, start.Add(-week))
	require.NoError(t, err)
	require.False(t, host.Unreachable)
	require.True(t, host.FailingSince.Equal(start))

	// Still failing six days later: not yet unreachable.
	host, err = s.HostRecordFailure(ctx, "flaky.example", start.Add(6*24*time.Hour), start.Add(6*24*time.Hour-week))
	require.NoError(t, err)
	require.False(t, host.Unreachable)
	require.True(t, host.FailingSince.Equal(start), "failing_since keeps the first failure")

	// Eight days: unreachable.
	host, err = s.HostRecordFailure(ctx, "flaky.example", start.Add(8*24*time.Hour), start.Add(8*24*time.Hour-week))
	require.NoError(t, err)
	require.True(t, host.Unreachable)

	require.NoError(t, s.HostClearUnreachable(ctx, "flaky.example"))
	host, err = s.HostGet(ctx, "flaky.example")
	require.NoError(t, err)
	require.False(t, host.Unreachable)
	require.Nil(t, host.FailingSince)

	require.NoError(t, s.HostRecordSuccess(ctx, "flaky.example", start))
	host, err = s.HostGet(ctx, "flaky.example")
	require.NoError(t, err)
	require.NotNil(t, host.LastSuccessAt)
}

func testDomainBlocks(t *testing.T, h Harness) {
	ctx := context.Background()
	s := setup(t, h).store
	require.NoError(t, s.DomainBlock(ctx, "spam.example", time.Now()))
	require.NoError(t, s.DomainBlock(ctx, "spam.example", time.Now()), "blocking twice is fine")

	for host, want := range map[string]bool{
		"spam.example": true, "eu.spam.example": true, "notspam.example": false, "example": false,
	} {
		got, err := s.DomainBlocked(ctx, host)
		require.NoError(t, err)
		require.Equal(t, want, got, host)
	}
	list, err := s.DomainBlockList(ctx)
	require.NoError(t, err)
	require.Equal(t, []string{"spam.example"}, list)

	require.NoError(t, s.DomainUnblock(ctx, "spam.example"))
	got, err := s.DomainBlocked(ctx, "spam.example")
	require.NoError(t, err)
	require.False(t, got)
}
