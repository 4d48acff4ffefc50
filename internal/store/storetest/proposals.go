package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// testProposals: proposals line up in arrival order per kind; the same
// person proposing again changes their proposal rather than adding one,
// until it is placed; placing records its session, which may go.
func testProposals(t *testing.T, h Harness) {
	ctx := context.Background()
	b := setup(t, h)
	actor, err := b.store.ActorCreate(ctx, newActor("north"))
	require.NoError(t, err)
	start := time.Date(2027, 3, 6, 10, 0, 0, 0, time.UTC)
	gid, err := b.store.GatheringCreate(ctx, newGathering(actor.ID, "Co-op day", start))
	require.NoError(t, err)
	alice, err := b.store.RemoteActorUpsert(ctx, remote("social.example", "alice", true))
	require.NoError(t, err)
	at := time.Date(2027, 3, 6, 9, 0, 0, 0, time.UTC)
	propose := func(kind model.ProposalKind, title string, who *int64, guest string) (model.Proposal, bool) {
		t.Helper()
		p, added, err := b.store.ProposalSave(ctx, &model.Proposal{GatheringID: gid, Kind: kind, Title: title, RemoteActorID: who,
			GuestName: guest, GuestKey: guest, ActivityURI: "https://social.example/notes/" + title, CreatedAt: at, UpdatedAt: at})
		require.NoError(t, err)
		return p, added
	}

	talk, added := propose(model.ProposalLightning, "Worker buyouts", &alice.ID, "")
	require.True(t, added)
	require.Equal(t, model.ProposalProposed, talk.State)
	require.Equal(t, 1, talk.Position)
	second, _ := propose(model.ProposalLightning, "Our payroll", nil, "kim")
	require.Equal(t, 2, second.Position, "after the first")
	topic, added := propose(model.ProposalOpenSpace, "Co-op finance", &alice.ID, "")
	require.True(t, added, "one of each kind")
	require.Equal(t, 1, topic.Position, "each kind has its own order")

	again, added := propose(model.ProposalLightning, "Worker buyouts, how", &alice.ID, "")
	require.False(t, added)
	require.Equal(t, talk.ID, again.ID, "the same person's second talk changes the first")
	require.Equal(t, "Worker buyouts, how", again.Title)

	sid, err := b.store.SessionCreate(ctx, &model.Session{GatheringID: gid, Title: "Co-op finance", Kind: model.KindOpenSpace,
		StartsAt: start, EndsAt: start.Add(time.Hour), CreatedAt: at, UpdatedAt: at})
	require.NoError(t, err)
	topic.State, topic.SessionID, topic.UpdatedAt = model.ProposalPlaced, &sid, at.Add(time.Minute)
	require.NoError(t, b.store.ProposalUpdate(ctx, &topic))
	kept, added := propose(model.ProposalOpenSpace, "Something else", &alice.ID, "")
	require.False(t, added)
	require.Equal(t, "Co-op finance", kept.Title, "a placed topic stays as it was placed")
	require.Equal(t, &sid, kept.SessionID)

	got, err := b.store.ProposalGet(ctx, topic.ID)
	require.NoError(t, err)
	require.Equal(t, topic, got)
	all, err := b.store.ProposalList(ctx, gid)
	require.NoError(t, err)
	require.Len(t, all, 3)
	require.Equal(t, []int64{talk.ID, second.ID, topic.ID}, []int64{all[0].ID, all[1].ID, all[2].ID}, "by kind, then position")

	// A reply deleted takes back what it proposed, unless it was placed.
	n, err := b.store.ProposalWithdraw(ctx, "https://social.example/notes/Something else", alice.ID)
	require.NoError(t, err)
	require.Zero(t, n, "the placed topic stays")
	n, err = b.store.ProposalWithdraw(ctx, "https://social.example/notes/Worker buyouts, how", alice.ID+1)
	require.NoError(t, err)
	require.Zero(t, n, "only its author's")
	n, err = b.store.ProposalWithdraw(ctx, "https://social.example/notes/Worker buyouts, how", alice.ID)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	_, err = b.store.ProposalGet(ctx, talk.ID)
	require.ErrorIs(t, err, store.ErrNotFound)

	require.NoError(t, b.store.SessionDelete(ctx, sid))
	got, err = b.store.ProposalGet(ctx, topic.ID)
	require.NoError(t, err)
	require.Nil(t, got.SessionID, "its session went")

	_, err = b.store.ProposalGet(ctx, topic.ID+100)
	require.ErrorIs(t, err, store.ErrNotFound)
	missing := model.Proposal{ID: topic.ID + 100, State: model.ProposalDeclined, UpdatedAt: at}
	require.ErrorIs(t, b.store.ProposalUpdate(ctx, &missing), store.ErrNotFound)
}
