package events

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

func testRSVPs(t *testing.T, h Harness) {
	ctx := context.Background()
	s := setup(t, h).store
	actor, err := s.ActorCreate(ctx, newActor("events"))
	require.NoError(t, err)
	start := time.Date(2027, 3, 27, 10, 0, 0, 0, time.UTC)
	gid, err := s.GatheringCreate(ctx, newGathering(actor.ID, "Day", start))
	require.NoError(t, err)
	sid, err := s.SessionCreate(ctx, &model.Session{GatheringID: gid, Title: "Workshop", Kind: model.KindWorkshop,
		StartsAt: start, EndsAt: start.Add(time.Hour), CreatedAt: start, UpdatedAt: start})
	require.NoError(t, err)
	alice, err := s.RemoteActorUpsert(ctx, remote("social.example", "alice", true))
	require.NoError(t, err)
	bob, err := s.RemoteActorUpsert(ctx, remote("social.example", "bob", true))
	require.NoError(t, err)

	at := func(min int) time.Time { return start.Add(-24*time.Hour + time.Duration(min)*time.Minute) }
	save := func(person *int64, session *int64, status model.RSVPStatus, min int) model.RSVP {
		t.Helper()
		r := &model.RSVP{GatheringID: gid, SessionID: session, RemoteActorID: person, Status: status,
			Channel: model.ChannelReply, ActivityURI: "https://social.example/notes/1", UpdatedAt: at(min)}
		if status == model.RSVPWaitlisted {
			w := at(min)
			r.WaitlistedAt = &w
		}
		saved, err := s.RSVPSave(ctx, r)
		require.NoError(t, err)
		return saved
	}
	require.NoError(t, s.EventLock(ctx, gid, &sid), "outside a transaction the lock is a no-op that must not fail")

	first := save(&alice.ID, &sid, model.RSVPWaitlisted, 1)
	save(&bob.ID, &sid, model.RSVPWaitlisted, 2)
	save(&alice.ID, nil, model.RSVPGoing, 3)
	again := save(&alice.ID, &sid, model.RSVPWaitlisted, 4)
	require.Equal(t, first.ID, again.ID, "one answer per person per event")

	guest, err := s.RSVPSave(ctx, &model.RSVP{GatheringID: gid, SessionID: &sid, GuestName: "Sam at the door", GuestKey: "k1",
		Status: model.RSVPGoing, Channel: model.ChannelWeb, UpdatedAt: at(5)})
	require.NoError(t, err)
	require.Nil(t, guest.RemoteActorID)

	waitlist, err := s.RSVPWaitlist(ctx, gid, &sid)
	require.NoError(t, err)
	require.Len(t, waitlist, 2)
	require.Equal(t, alice.ID, *waitlist[1].RemoteActorID, "re-saving keeps no old place: alice re-queued last")
	require.Equal(t, bob.ID, *waitlist[0].RemoteActorID)

	counts, err := s.RSVPCounts(ctx, gid, &sid)
	require.NoError(t, err)
	require.Equal(t, map[model.RSVPStatus]int{model.RSVPWaitlisted: 2, model.RSVPGoing: 1}, counts)
	counts, err = s.RSVPCounts(ctx, gid, nil)
	require.NoError(t, err)
	require.Equal(t, map[model.RSVPStatus]int{model.RSVPGoing: 1}, counts, "the gathering's own answers, not its sessions'")

	got, err := s.RSVPGet(ctx, store.RSVPKey{GatheringID: gid, RemoteActorID: &alice.ID})
	require.NoError(t, err)
	require.Equal(t, model.RSVPGoing, got.Status)
	_, err = s.RSVPGet(ctx, store.RSVPKey{GatheringID: gid, RemoteActorID: &bob.ID})
	require.ErrorIs(t, err, store.ErrNotFound)

	list, err := s.RSVPList(ctx, gid)
	require.NoError(t, err)
	require.Len(t, list, 4)
	require.Equal(t, "alice", list[0].Person.Username)
	var guests int
	for _, r := range list {
		if r.Person == nil {
			guests++
			require.Equal(t, "Sam at the door", r.GuestName)
		}
	}
	require.Equal(t, 1, guests)

	last, err := s.RSVPLastChange(ctx, gid, &sid)
	require.NoError(t, err)
	require.True(t, last.Equal(at(5)), "last change %v", last)
	none, err := s.RSVPLastChange(ctx, gid+1000, nil)
	require.NoError(t, err)
	require.True(t, none.IsZero())
	byID, err := s.RemoteActorGetByID(ctx, alice.ID)
	require.NoError(t, err)
	require.Equal(t, alice.URI, byID.URI)

	byNote, err := s.RSVPListByActivity(ctx, "https://social.example/notes/1")
	require.NoError(t, err)
	require.Len(t, byNote, 3)
	byAlice, err := s.RSVPListByPerson(ctx, alice.ID, at(0))
	require.NoError(t, err)
	require.Len(t, byAlice, 2, "the gathering and the session")
	for _, r := range byAlice {
		require.Equal(t, alice.ID, *r.RemoteActorID)
	}
	ended, err := s.RSVPListByPerson(ctx, alice.ID, at(0).AddDate(100, 0, 0))
	require.NoError(t, err)
	require.Empty(t, ended, "answers to gatherings that have ended are history")

	require.NoError(t, s.RSVPDelete(ctx, guest.ID))
	require.NoError(t, s.SessionDelete(ctx, sid))
	list, err = s.RSVPList(ctx, gid)
	require.NoError(t, err)
	require.Len(t, list, 1, "a session's answers go with it")
}

func testComments(t *testing.T, h Harness) {
	ctx := context.Background()
	s := setup(t, h).store
	actor, err := s.ActorCreate(ctx, newActor("events"))
	require.NoError(t, err)
	gid, err := s.GatheringCreate(ctx, newGathering(actor.ID, "Day", time.Date(2027, 3, 27, 10, 0, 0, 0, time.UTC)))
	require.NoError(t, err)
	alice, err := s.RemoteActorUpsert(ctx, remote("social.example", "alice", true))
	require.NoError(t, err)

	c := &model.Comment{GatheringID: gid, RemoteActorID: alice.ID, NoteURI: "https://social.example/notes/9",
		ContentHTML: "<p>Is there parking?</p>", CreatedAt: time.Now()}
	require.NoError(t, s.CommentSave(ctx, c))
	c.ContentHTML = "<p>Is there bike parking?</p>"
	require.NoError(t, s.CommentSave(ctx, c), "an edit replaces it")
	list, err := s.CommentList(ctx, gid)
	require.NoError(t, err)
	require.Len(t, list, 1)
	require.Equal(t, "<p>Is there bike parking?</p>", list[0].ContentHTML)
	require.Equal(t, "alice", list[0].Person.Username)

	// Mallory, on the same server, can neither rewrite nor delete it.
	mallory, err := s.RemoteActorUpsert(ctx, remote("social.example", "mallory", true))
	require.NoError(t, err)
	forged := *c
	forged.RemoteActorID, forged.ContentHTML = mallory.ID, "<p>Parking is cancelled</p>"
	require.NoError(t, s.CommentSave(ctx, &forged))
	require.NoError(t, s.CommentDelete(ctx, c.NoteURI, mallory.URI))
	list, err = s.CommentList(ctx, gid)
	require.NoError(t, err)
	require.Len(t, list, 1, "only its author deletes a comment")
	require.Equal(t, "<p>Is there bike parking?</p>", list[0].ContentHTML, "only its author edits it")
	require.Equal(t, "alice", list[0].Person.Username)

	require.NoError(t, s.CommentDelete(ctx, c.NoteURI, alice.URI))
	list, err = s.CommentList(ctx, gid)
	require.NoError(t, err)
	require.Empty(t, list)

	blocked, err := s.ActorBlocked(ctx, alice.URI)
	require.NoError(t, err)
	require.False(t, blocked)
	require.NoError(t, s.ActorBlock(ctx, alice.URI, time.Now()))
	require.NoError(t, s.ActorBlock(ctx, alice.URI, time.Now()))
	blocked, err = s.ActorBlocked(ctx, alice.URI)
	require.NoError(t, err)
	require.True(t, blocked)
	require.NoError(t, s.ActorUnblock(ctx, alice.URI))
	blocked, err = s.ActorBlocked(ctx, alice.URI)
	require.NoError(t, err)
	require.False(t, blocked)
}
