package events

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

func runGatherings(t *testing.T, h Harness) {
	t.Run("Gatherings", func(t *testing.T) { t.Parallel(); testGatherings(t, h) })
	t.Run("RoomsAndTracks", func(t *testing.T) { t.Parallel(); testRoomsAndTracks(t, h) })
	t.Run("Sessions", func(t *testing.T) { t.Parallel(); testSessions(t, h) })
	t.Run("FacilitatorLookup", func(t *testing.T) { t.Parallel(); testFacilitatorLookup(t, h) })
	t.Run("Tombstones", func(t *testing.T) { t.Parallel(); testTombstones(t, h) })
	t.Run("RSVPs", func(t *testing.T) { t.Parallel(); testRSVPs(t, h) })
	t.Run("CommentsAndPersonBlocks", func(t *testing.T) { t.Parallel(); testComments(t, h) })
}

func testGatherings(t *testing.T, h Harness) {
	ctx := context.Background()
	s := setup(t, h).store
	actor, err := s.ActorCreate(ctx, newActor("events"))
	require.NoError(t, err)
	march := time.Date(2027, 3, 27, 10, 0, 0, 0, time.UTC)

	id, err := s.GatheringCreate(ctx, newGathering(actor.ID, "Network day", march))
	require.NoError(t, err)
	g, err := s.GatheringGet(ctx, id)
	require.NoError(t, err)
	require.Equal(t, "Network day", g.Title)
	require.Equal(t, 1, g.Version)
	require.Equal(t, []string{"coops", "tech"}, g.Tags)
	require.InDelta(t, 51.5362, *g.Venue.Latitude, 1e-9)
	require.True(t, g.StartsAt.Equal(march))
	require.Nil(t, g.PublishedAt)

	g.Title, g.Status, g.PublishedAt = "Network gathering", model.StatusPublished, ptr(march.Add(-30*24*time.Hour))
	g.Venue.Latitude, g.Venue.Longitude = nil, nil
	updated, err := s.GatheringUpdate(ctx, &g, 1)
	require.NoError(t, err)
	require.Equal(t, 2, updated.Version)
	require.Equal(t, model.StatusPublished, updated.Status)
	require.NotNil(t, updated.PublishedAt)
	require.Nil(t, updated.Venue.Latitude)

	// Someone else's form, still at version 1, is refused.
	g.Title = "Stale"
	_, err = s.GatheringUpdate(ctx, &g, 1)
	require.ErrorIs(t, err, store.ErrStale)
	// Without an expected version the write goes through.
	_, err = s.GatheringUpdate(ctx, &g, 0)
	require.NoError(t, err)
	missing := g
	missing.ID = 999999
	_, err = s.GatheringUpdate(ctx, &missing, 0)
	require.ErrorIs(t, err, store.ErrNotFound)

	// A draft, a past one and another actor's.
	_, err = s.GatheringCreate(ctx, newGathering(actor.ID, "Draft", march.Add(24*time.Hour)))
	require.NoError(t, err)
	pastG := newGathering(actor.ID, "Last year", march.Add(-365*24*time.Hour))
	pastG.Status = model.StatusPublished
	_, err = s.GatheringCreate(ctx, pastG)
	require.NoError(t, err)
	other, err := s.ActorCreate(ctx, newActor("other"))
	require.NoError(t, err)
	_, err = s.GatheringCreate(ctx, newGathering(other.ID, "Theirs", march))
	require.NoError(t, err)

	list, err := s.GatheringList(ctx, &store.GatheringListParams{ActorID: actor.ID})
	require.NoError(t, err)
	require.Len(t, list, 3)
	require.Equal(t, "Last year", list[0].Title, "by start time")

	upcoming, err := s.GatheringList(ctx, &store.GatheringListParams{ActorID: actor.ID,
		Statuses: []model.GatheringStatus{model.StatusPublished, model.StatusCancelled}, EndsAfter: march.Add(-time.Hour)})
	require.NoError(t, err)
	require.Len(t, upcoming, 1)
	require.Equal(t, "Stale", upcoming[0].Title)

	latest, err := s.GatheringList(ctx, &store.GatheringListParams{ActorID: actor.ID, Descending: true, Limit: 1})
	require.NoError(t, err)
	require.Len(t, latest, 1)
	require.Equal(t, "Draft", latest[0].Title)

	require.NoError(t, s.GatheringDelete(ctx, id))
	_, err = s.GatheringGet(ctx, id)
	require.ErrorIs(t, err, store.ErrNotFound)
}

func testRoomsAndTracks(t *testing.T, h Harness) {
	ctx := context.Background()
	s := setup(t, h).store
	actor, err := s.ActorCreate(ctx, newActor("events"))
	require.NoError(t, err)
	id, err := s.GatheringCreate(ctx, newGathering(actor.ID, "Day", time.Date(2027, 3, 27, 10, 0, 0, 0, time.UTC)))
	require.NoError(t, err)

	rooms, err := s.RoomsSet(ctx, id, []model.Room{{Name: "Main room", Capacity: ptr(40)}, {Name: "Small room", Capacity: ptr(15)}, {Name: "Lobby"}})
	require.NoError(t, err)
	require.Len(t, rooms, 3)
	main := rooms[0].ID

	// Reorder, change a capacity, drop one: the kept rooms keep their ids.
	rooms, err = s.RoomsSet(ctx, id, []model.Room{{Name: "Small room", Capacity: ptr(12)}, {Name: "Main room", Capacity: ptr(40)}})
	require.NoError(t, err)
	require.Equal(t, main, rooms[1].ID)
	g, err := s.GatheringGet(ctx, id)
	require.NoError(t, err)
	require.Equal(t, []string{"Small room", "Main room"}, []string{g.Rooms[0].Name, g.Rooms[1].Name})
	require.Equal(t, 12, *g.Rooms[0].Capacity)
	require.Nil(t, (&model.Room{}).Capacity)

	tracks, err := s.TracksSet(ctx, id, []model.Track{{Name: "Business"}, {Name: "Big tech"}})
	require.NoError(t, err)
	require.Len(t, tracks, 2)
	_, err = s.TracksSet(ctx, id, nil)
	require.NoError(t, err)
	g, err = s.GatheringGet(ctx, id)
	require.NoError(t, err)
	require.Empty(t, g.Tracks)
}

// testFacilitatorLookup: a facilitator saved while their server was down
// is pending; the lookup's outcome is written onto every pending copy of
// the handle in that session, once.
func testFacilitatorLookup(t *testing.T, h Harness) {
	ctx := context.Background()
	s := setup(t, h).store
	actor, err := s.ActorCreate(ctx, newActor("events"))
	require.NoError(t, err)
	start := time.Date(2027, 3, 27, 10, 0, 0, 0, time.UTC)
	gid, err := s.GatheringCreate(ctx, newGathering(actor.ID, "Day", start))
	require.NoError(t, err)
	sid, err := s.SessionCreate(ctx, &model.Session{GatheringID: gid, Title: "Talk", Kind: model.KindTalk, StartsAt: start,
		EndsAt: start.Add(time.Hour), CreatedAt: start, UpdatedAt: start, Facilitators: []model.Facilitator{
			{Name: "Sam"}, {Handle: "@ada@down.example", Lookup: model.LookupPending}, {Handle: "@bob@gone.example", Lookup: model.LookupPending}}})
	require.NoError(t, err)
	got, err := s.SessionGet(ctx, sid)
	require.NoError(t, err)
	require.Equal(t, model.LookupPending, got.Facilitators[1].Lookup)
	require.True(t, got.Facilitators[1].Unconfirmed())
	require.False(t, got.Facilitators[0].Unconfirmed())

	later := start.Add(time.Minute)
	found := model.Facilitator{Name: "Ada", Handle: "@ada@down.example", ActorURI: "https://down.example/users/ada",
		ProfileURL: "https://down.example/@ada", Inbox: "https://down.example/users/ada/inbox"}
	require.NoError(t, s.FacilitatorResolve(ctx, &store.FacilitatorResolveParams{SessionID: sid, Handle: "@ADA@down.example", Found: found, UpdatedAt: later}))
	require.ErrorIs(t, s.FacilitatorResolve(ctx, &store.FacilitatorResolveParams{SessionID: sid, Handle: "@ada@down.example", Found: found}),
		store.ErrNotFound, "found already")
	require.NoError(t, s.FacilitatorResolve(ctx, &store.FacilitatorResolveParams{SessionID: sid, Handle: "@bob@gone.example",
		Found: model.Facilitator{Lookup: model.LookupNotFound}}))
	got, err = s.SessionGet(ctx, sid)
	require.NoError(t, err)
	require.Equal(t, found, got.Facilitators[1])
	require.Equal(t, model.Facilitator{Handle: "@bob@gone.example", Lookup: model.LookupNotFound}, got.Facilitators[2])
	require.True(t, got.UpdatedAt.Equal(later), "the session's Event changed")
	require.Equal(t, 1, got.Version, "but an open form of it is not stale")
}

func testSessions(t *testing.T, h Harness) {
	ctx := context.Background()
	s := setup(t, h).store
	actor, err := s.ActorCreate(ctx, newActor("events"))
	require.NoError(t, err)
	start := time.Date(2027, 3, 27, 10, 0, 0, 0, time.UTC)
	gid, err := s.GatheringCreate(ctx, newGathering(actor.ID, "Day", start))
	require.NoError(t, err)
	rooms, err := s.RoomsSet(ctx, gid, []model.Room{{Name: "Main", Capacity: ptr(40)}, {Name: "Small", Capacity: ptr(15)}})
	require.NoError(t, err)

	mk := func(title string, at time.Time, room int64, fs ...model.Facilitator) *model.Session {
		return &model.Session{GatheringID: gid, Title: title, Kind: model.KindWorkshop, StartsAt: at, EndsAt: at.Add(time.Hour),
			RoomID: &room, Facilitators: fs, CreatedAt: start, UpdatedAt: start}
	}
	small, err := s.SessionCreate(ctx, mk("In the small room", start, rooms[1].ID, model.Facilitator{Name: "A researcher"}))
	require.NoError(t, err)
	mainID, err := s.SessionCreate(ctx, mk("In the main room", start, rooms[0].ID,
		model.Facilitator{Handle: "@workshops@coop-b.example", ActorURI: "https://coop-b.example/users/workshops"},
		model.Facilitator{Name: "Sam"}))
	require.NoError(t, err)
	_, err = s.SessionCreate(ctx, mk("Later", start.Add(2*time.Hour), rooms[1].ID))
	require.NoError(t, err)

	list, err := s.SessionList(ctx, gid)
	require.NoError(t, err)
	require.Len(t, list, 3)
	require.Equal(t, mainID, list[0].ID, "same time: in room order")
	require.Equal(t, small, list[1].ID)
	require.Len(t, list[0].Facilitators, 2)
	require.Equal(t, "@workshops@coop-b.example", list[0].Facilitators[0].Handle)
	require.Equal(t, "Sam", list[0].Facilitators[1].Label())
	require.Empty(t, list[2].Facilitators)

	got, err := s.SessionGet(ctx, small)
	require.NoError(t, err)
	require.Nil(t, got.AnnouncedAt, "not announced on its own yet")
	got.Capacity = ptr(10)
	got.Facilitators = nil
	announced := start.Add(-48 * time.Hour).Truncate(time.Second)
	got.AnnouncedAt = &announced
	updated, err := s.SessionUpdate(ctx, &got, got.Version)
	require.NoError(t, err)
	require.Equal(t, 2, updated.Version)
	require.Equal(t, 10, *updated.Capacity)
	require.NotNil(t, updated.AnnouncedAt)
	require.True(t, announced.Equal(*updated.AnnouncedAt), "announced_at round-trips: %v", updated.AnnouncedAt)
	_, err = s.SessionUpdate(ctx, &got, 1)
	require.ErrorIs(t, err, store.ErrStale)
	got, err = s.SessionGet(ctx, small)
	require.NoError(t, err)
	require.Empty(t, got.Facilitators)

	// Dropping a room leaves its sessions without one.
	_, err = s.RoomsSet(ctx, gid, []model.Room{{Name: "Main", Capacity: ptr(40)}})
	require.NoError(t, err)
	got, err = s.SessionGet(ctx, small)
	require.NoError(t, err)
	require.Nil(t, got.RoomID)

	require.NoError(t, s.SessionDelete(ctx, small))
	_, err = s.SessionGet(ctx, small)
	require.ErrorIs(t, err, store.ErrNotFound)

	// Deleting the gathering takes its sessions.
	require.NoError(t, s.GatheringDelete(ctx, gid))
	_, err = s.SessionGet(ctx, mainID)
	require.ErrorIs(t, err, store.ErrNotFound)
}

func testTombstones(t *testing.T, h Harness) {
	ctx := context.Background()
	s := setup(t, h).store
	at := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	require.NoError(t, s.TombstoneCreate(ctx, "https://us.example/gatherings/1", "Event", at))
	require.NoError(t, s.TombstoneCreate(ctx, "https://us.example/gatherings/1", "Event", at.Add(time.Hour)), "twice is fine")
	got, err := s.TombstoneGet(ctx, "https://us.example/gatherings/1")
	require.NoError(t, err)
	require.True(t, got.Equal(at))
	_, err = s.TombstoneGet(ctx, "https://us.example/gatherings/2")
	require.ErrorIs(t, err, store.ErrNotFound)
}
