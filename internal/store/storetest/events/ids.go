package events

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

func runIDs(t *testing.T, h Harness) {
	t.Run("IDsNeverReused", func(t *testing.T) { t.Parallel(); testIDsNeverReused(t, h) })
	t.Run("MigrationKeepsIDs", func(t *testing.T) { t.Parallel(); testMigrationKeepsIDs(t, h) })
}

// published is what one gathering left in the store: its ids.
type published struct {
	gathering int64
	sessions  []int64
	rsvps     []int64
}

// publishGathering saves a gathering with two sessions and an answer to
// each, as the app would, and returns their ids.
func publishGathering(t *testing.T, s store.Store, actorID int64, title string) published {
	t.Helper()
	ctx := context.Background()
	start := time.Date(2027, 3, 27, 10, 0, 0, 0, time.UTC)
	gid, err := s.GatheringCreate(ctx, newGathering(actorID, title, start))
	require.NoError(t, err)
	p := published{gathering: gid}
	for i := range 2 {
		at := start.Add(time.Duration(i) * time.Hour)
		sid, err := s.SessionCreate(ctx, &model.Session{GatheringID: gid, Title: fmt.Sprintf("%s %d", title, i), Kind: model.KindTalk,
			StartsAt: at, EndsAt: at.Add(time.Hour), CreatedAt: start, UpdatedAt: start})
		require.NoError(t, err)
		p.sessions = append(p.sessions, sid)
		r, err := s.RSVPSave(ctx, &model.RSVP{GatheringID: gid, SessionID: &sid, GuestName: "Sam", GuestKey: fmt.Sprintf("%s-%d", title, i),
			Status: model.RSVPGoing, Channel: model.ChannelWeb, CreatedAt: start, UpdatedAt: start})
		require.NoError(t, err)
		p.rsvps = append(p.rsvps, r.ID)
	}
	return p
}

// deleteGathering deletes a gathering as the app does: tombstones for its
// ids, then the rows.
func deleteGathering(t *testing.T, s store.Store, p published) {
	t.Helper()
	ctx := context.Background()
	now := time.Now()
	require.NoError(t, s.TombstoneCreate(ctx, fmt.Sprintf("https://us.example/gatherings/%d", p.gathering), "Event", now))
	require.NoError(t, s.TombstoneCreate(ctx, fmt.Sprintf("https://us.example/gatherings/%d/poll", p.gathering), "Question", now))
	for _, sid := range p.sessions {
		require.NoError(t, s.TombstoneCreate(ctx, fmt.Sprintf("https://us.example/sessions/%d", sid), "Event", now))
	}
	require.NoError(t, s.GatheringDelete(ctx, p.gathering))
}

// requireFresh checks that every event id of later is above every one of
// earlier, and with answers too if so.
func requireFresh(t *testing.T, earlier, later published, answers bool) {
	t.Helper()
	require.Greater(t, later.gathering, earlier.gathering, "a new gathering gets a new id")
	require.Greater(t, later.sessions[0], earlier.sessions[len(earlier.sessions)-1], "new sessions get new ids")
	if answers {
		require.Greater(t, later.rsvps[0], earlier.rsvps[len(earlier.rsvps)-1], "new answers get new ids")
	}
}

// testIDsNeverReused: deleting the newest gathering, with its sessions and
// answers, and creating another gives every new row an id never given
// before (SQLite used to hand the deleted ids out again).
func testIDsNeverReused(t *testing.T, h Harness) {
	ctx := context.Background()
	s := setup(t, h).store
	actor, err := s.ActorCreate(ctx, newActor("events"))
	require.NoError(t, err)
	publishGathering(t, s, actor.ID, "Kept")
	newest := publishGathering(t, s, actor.ID, "Deleted")
	deleteGathering(t, s, newest)
	requireFresh(t, newest, publishGathering(t, s, actor.ID, "After"), true)

	removed := newUser(t, s, "removed", model.RoleOrganiser)
	require.NoError(t, s.UserDelete(ctx, removed.ID))
	require.Greater(t, newUser(t, s, "next", model.RoleOrganiser).ID, removed.ID)
}

// testMigrationKeepsIDs: a database at version 7, with rows and deletions,
// migrates without changing any id, and from then on gives out none it
// gave before, the deleted ones included.
func testMigrationKeepsIDs(t *testing.T, h Harness) {
	ctx := context.Background()
	s := h.Open(t, store.JobsConfig{})
	require.NoError(t, h.MigrateTo(ctx, s, 7))
	actor, err := s.ActorCreate(ctx, newActor("events"))
	require.NoError(t, err)
	first := publishGathering(t, s, actor.ID, "First")
	middle := publishGathering(t, s, actor.ID, "Middle")
	last := publishGathering(t, s, actor.ID, "Last")
	deleteGathering(t, s, middle)
	deleteGathering(t, s, last) // the newest: its ids are the ones SQLite reused
	ada := newUser(t, s, "ada", model.RoleAdmin)
	gone := newUser(t, s, "gone", model.RoleOrganiser)
	require.NoError(t, s.UserDelete(ctx, gone.ID))

	require.NoError(t, s.Migrate(ctx))
	status, err := s.SchemaStatus(ctx)
	require.NoError(t, err)
	require.True(t, status.Current())

	g, err := s.GatheringGet(ctx, first.gathering)
	require.NoError(t, err)
	require.Equal(t, "First", g.Title)
	sessions, err := s.SessionList(ctx, first.gathering)
	require.NoError(t, err)
	require.Len(t, sessions, 2)
	for i, session := range sessions {
		require.Equal(t, first.sessions[i], session.ID)
		require.Equal(t, fmt.Sprintf("First %d", i), session.Title)
	}
	answers, err := s.RSVPList(ctx, first.gathering)
	require.NoError(t, err)
	var ids []int64
	for _, r := range answers {
		ids = append(ids, r.ID)
	}
	require.ElementsMatch(t, first.rsvps, ids, "answers keep their ids and their gathering")
	for _, p := range []published{middle, last} {
		_, err := s.GatheringGet(ctx, p.gathering)
		require.ErrorIs(t, err, store.ErrNotFound, "deleted stays deleted")
		_, err = s.TombstoneGet(ctx, fmt.Sprintf("https://us.example/gatherings/%d", p.gathering))
		require.NoError(t, err, "its tombstone is kept")
	}
	u, err := s.UserGetByID(ctx, ada.ID)
	require.NoError(t, err)
	require.Equal(t, "ada", u.Username)

	// The events' ids deleted before the migration are known from their
	// tombstones and are not given again. Those of answers and people
	// deleted before it left no trace on SQLite: only the ones deleted
	// from now on are never reused.
	after := publishGathering(t, s, actor.ID, "After")
	requireFresh(t, last, after, false)
	require.Greater(t, after.rsvps[0], first.rsvps[len(first.rsvps)-1])
	next := newUser(t, s, "next", model.RoleOrganiser)
	require.Greater(t, next.ID, ada.ID)
	require.NoError(t, s.UserDelete(ctx, next.ID))
	require.Greater(t, newUser(t, s, "after-next", model.RoleOrganiser).ID, next.ID)
}
