package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

func runNetwork(t *testing.T, h Harness) {
	t.Run("Sources", func(t *testing.T) { t.Parallel(); testSources(t, h) })
	t.Run("RemoteEventsNewerOnly", func(t *testing.T) { t.Parallel(); testRemoteEventsNewerOnly(t, h) })
	t.Run("RemoteEventsUpcoming", func(t *testing.T) { t.Parallel(); testRemoteEventsUpcoming(t, h) })
	t.Run("RemoteEventsSessionsAndDelete", func(t *testing.T) { t.Parallel(); testRemoteEventsSessionsAndDelete(t, h) })
	t.Run("Shares", func(t *testing.T) { t.Parallel(); testShares(t, h) })
	t.Run("CoHosts", func(t *testing.T) { t.Parallel(); testCoHosts(t, h) })
	t.Run("CoHosted", func(t *testing.T) { t.Parallel(); testCoHosted(t, h) })
}

var networkNow = time.Date(2027, 3, 1, 12, 0, 0, 0, time.UTC)

// newSource stores a source of ours (actor) for the remote host and, when
// accepted, marks it so.
func newSource(t *testing.T, s store.Store, actorID int64, host string, accepted bool) model.Source {
	t.Helper()
	ctx := context.Background()
	src := &model.Source{ActorID: actorID, ActorURI: "https://" + host + "/actors/events", Handle: "@events@" + host,
		FollowURI: "https://us.example/follows/" + host, RequestedAt: networkNow.Add(-time.Hour)}
	id, err := s.SourceCreate(ctx, src)
	require.NoError(t, err)
	if accepted {
		require.NoError(t, s.SourceAnswered(ctx, id, model.SourceAccepted, networkNow.Add(-30*time.Minute)))
	}
	got, err := s.SourceGet(ctx, id)
	require.NoError(t, err)
	return got
}

// remoteEvent is an event of src starting at start, an hour long, first
// published a month before networkNow.
func remoteEvent(src model.Source, n int, start time.Time) *model.RemoteEvent {
	host := src.ActorURI[len("https://"):]
	host = host[:len(host)-len("/actors/events")]
	return &model.RemoteEvent{
		SourceID: src.ID, ObjectURI: fmt.Sprintf("https://%s/events/%d", host, n), URL: fmt.Sprintf("https://%s/g/%d", host, n),
		Title: fmt.Sprintf("Event %d", n), SummaryHTML: "<p>Summary</p>", ContentHTML: "<p>Content &amp; more</p>",
		StartsAt: start, EndsAt: ptr(start.Add(time.Hour)), Timezone: "Europe/London",
		PlaceName: "Hall", PlaceAddress: "1 Road, Oxford", Latitude: ptr(51.75), Longitude: ptr(-1.25),
		Status: "EventScheduled", PictureURL: fmt.Sprintf("https://%s/media/%d.jpg", host, n),
		PublishedAt: ptr(networkNow.AddDate(0, -1, 0)), Version: ptr(networkNow.AddDate(0, -1, 0)),
		Raw: `{"type":"Event"}`, ReceivedAt: networkNow,
	}
}

func testSources(t *testing.T, h Harness) {
	ctx := context.Background()
	b := setup(t, h)
	us, err := b.store.ActorCreate(ctx, newActor("north"))
	require.NoError(t, err)

	src := newSource(t, b.store, us.ID, "coop-b.test", false)
	require.Equal(t, model.SourcePending, src.State, "pending until accepted")
	require.Nil(t, src.AcceptedAt)
	require.Nil(t, src.LastHeardAt)
	require.True(t, src.RequestedAt.Equal(networkNow.Add(-time.Hour)))
	_, err = b.store.SourceCreate(ctx, &model.Source{ActorID: us.ID, ActorURI: src.ActorURI, FollowURI: "https://us.example/follows/again",
		RequestedAt: networkNow})
	require.ErrorIs(t, err, store.ErrConflict, "one source per remote actor")

	got, err := b.store.SourceGetByFollow(ctx, src.FollowURI)
	require.NoError(t, err)
	require.Equal(t, src.ID, got.ID, "the Accept names our Follow")
	_, err = b.store.SourceGetByFollow(ctx, "https://us.example/follows/unknown")
	require.ErrorIs(t, err, store.ErrNotFound)

	require.NoError(t, b.store.SourceAnswered(ctx, src.ID, model.SourceAccepted, networkNow))
	got, err = b.store.SourceGetByActor(ctx, src.ActorURI)
	require.NoError(t, err)
	require.Equal(t, model.SourceAccepted, got.State)
	require.True(t, got.AcceptedAt.Equal(networkNow))
	require.True(t, got.LastHeardAt.Equal(networkNow), "an answer is news from it")

	// Unreachable: the first failure counts, and hearing from it clears it.
	require.NoError(t, b.store.SourceUnreachable(ctx, src.ID, networkNow.Add(time.Hour)))
	require.NoError(t, b.store.SourceUnreachable(ctx, src.ID, networkNow.Add(2*time.Hour)))
	got, err = b.store.SourceGet(ctx, src.ID)
	require.NoError(t, err)
	require.True(t, got.UnreachableSince.Equal(networkNow.Add(time.Hour)), "unreachable since %v", got.UnreachableSince)
	require.NoError(t, b.store.SourceHeard(ctx, src.ID, networkNow.Add(3*time.Hour)))
	got, err = b.store.SourceGet(ctx, src.ID)
	require.NoError(t, err)
	require.Nil(t, got.UnreachableSince)
	require.True(t, got.LastHeardAt.Equal(networkNow.Add(3*time.Hour)))

	refused := newSource(t, b.store, us.ID, "aloof.test", false)
	require.NoError(t, b.store.SourceAnswered(ctx, refused.ID, model.SourceRejected, networkNow))
	got, err = b.store.SourceGet(ctx, refused.ID)
	require.NoError(t, err)
	require.Equal(t, model.SourceRejected, got.State)
	require.Nil(t, got.AcceptedAt)

	// The list counts each source's upcoming events.
	for i, start := range []time.Time{networkNow.Add(24 * time.Hour), networkNow.Add(48 * time.Hour), networkNow.Add(-48 * time.Hour)} {
		_, err := b.store.RemoteEventUpsert(ctx, remoteEvent(src, i, start))
		require.NoError(t, err)
	}
	noEnd := remoteEvent(src, 9, networkNow.Add(time.Hour))
	noEnd.EndsAt = nil
	_, err = b.store.RemoteEventUpsert(ctx, noEnd)
	require.NoError(t, err)
	list, err := b.store.SourceList(ctx, networkNow)
	require.NoError(t, err)
	require.Len(t, list, 2)
	require.Equal(t, "@events@aloof.test", list[0].Handle, "by handle")
	require.Equal(t, 0, list[0].Upcoming)
	require.Equal(t, 3, list[1].Upcoming, "two upcoming and one without an end that has not started; not the past one")

	// Unfollowing removes the source and every event of it.
	require.NoError(t, b.store.SourceDelete(ctx, src.ID))
	_, err = b.store.SourceGet(ctx, src.ID)
	require.ErrorIs(t, err, store.ErrNotFound)
	_, err = b.store.RemoteEventGet(ctx, noEnd.ObjectURI)
	require.ErrorIs(t, err, store.ErrNotFound, "its events went with it")
	require.ErrorIs(t, b.store.SourceDelete(ctx, src.ID), store.ErrNotFound)
	require.ErrorIs(t, b.store.SourceHeard(ctx, src.ID, networkNow), store.ErrNotFound)
}

func testRemoteEventsNewerOnly(t *testing.T, h Harness) {
	ctx := context.Background()
	b := setup(t, h)
	us, err := b.store.ActorCreate(ctx, newActor("north"))
	require.NoError(t, err)
	src := newSource(t, b.store, us.ID, "coop-b.test", true)
	other := newSource(t, b.store, us.ID, "coop-c.test", true)

	e := remoteEvent(src, 1, networkNow.Add(24*time.Hour))
	wrote, err := b.store.RemoteEventUpsert(ctx, e)
	require.NoError(t, err)
	require.True(t, wrote)
	got, err := b.store.RemoteEventGet(ctx, e.ObjectURI)
	require.NoError(t, err)
	require.Equal(t, e.Title, got.Title)
	require.Equal(t, e.ContentHTML, got.ContentHTML)
	require.Equal(t, e.URL, got.URL)
	require.Equal(t, e.Timezone, got.Timezone)
	require.True(t, got.StartsAt.Equal(e.StartsAt) && got.EndsAt.Equal(*e.EndsAt))
	require.Equal(t, 51.75, *got.Latitude)
	require.Equal(t, -1.25, *got.Longitude)
	require.Equal(t, e.PictureURL, got.PictureURL)
	require.Equal(t, e.Raw, got.Raw)
	require.Nil(t, got.UpdatedAt)
	require.Equal(t, src.Handle, got.SourceHandle)
	require.Equal(t, src.ActorURI, got.SourceActorURI)

	// The same version again (a redelivery) and an older one change nothing.
	again := *e
	again.Title = "Redelivered"
	wrote, err = b.store.RemoteEventUpsert(ctx, &again)
	require.NoError(t, err)
	require.False(t, wrote, "not newer")
	older := *e
	older.Title, older.Version = "Older", ptr(e.Version.Add(-time.Hour))
	wrote, err = b.store.RemoteEventUpsert(ctx, &older)
	require.NoError(t, err)
	require.False(t, wrote, "an out-of-order update")
	unversioned := *e
	unversioned.Title, unversioned.Version = "No version", nil
	wrote, err = b.store.RemoteEventUpsert(ctx, &unversioned)
	require.NoError(t, err)
	require.False(t, wrote, "a copy without a version does not replace one with")
	got, err = b.store.RemoteEventGet(ctx, e.ObjectURI)
	require.NoError(t, err)
	require.Equal(t, "Event 1", got.Title)

	// A newer one replaces it, whole: a cancellation, moved online.
	newer := *e
	newer.Title, newer.Status, newer.Version, newer.UpdatedAt = "Event 1 (moved)", "EventCancelled",
		ptr(e.Version.Add(time.Minute)), ptr(e.Version.Add(time.Minute))
	newer.PlaceName, newer.PlaceAddress, newer.Latitude, newer.Longitude = "", "", nil, nil
	newer.OnlineURL, newer.EndsAt = "https://meet.test/1", nil
	wrote, err = b.store.RemoteEventUpsert(ctx, &newer)
	require.NoError(t, err)
	require.True(t, wrote)
	got, err = b.store.RemoteEventGet(ctx, e.ObjectURI)
	require.NoError(t, err)
	require.Equal(t, "Event 1 (moved)", got.Title)
	require.True(t, got.Cancelled())
	require.Nil(t, got.Latitude)
	require.Nil(t, got.EndsAt)
	require.Empty(t, got.PlaceName)
	require.Equal(t, "https://meet.test/1", got.OnlineURL)
	require.True(t, got.UpdatedAt.Equal(*newer.UpdatedAt))

	// Another source cannot take it over, however new its copy.
	spoof := newer
	spoof.SourceID, spoof.Title, spoof.Version = other.ID, "Spoofed", ptr(networkNow.AddDate(1, 0, 0))
	_, err = b.store.RemoteEventUpsert(ctx, &spoof)
	require.ErrorIs(t, err, store.ErrConflict)
	got, err = b.store.RemoteEventGet(ctx, e.ObjectURI)
	require.NoError(t, err)
	require.Equal(t, src.ID, got.SourceID)
	require.Equal(t, "Event 1 (moved)", got.Title)

	// Without versions on either side, the last received wins.
	plain := remoteEvent(src, 2, networkNow.Add(24*time.Hour))
	plain.Version, plain.PublishedAt = nil, nil
	_, err = b.store.RemoteEventUpsert(ctx, plain)
	require.NoError(t, err)
	plain.Title = "Event 2 again"
	wrote, err = b.store.RemoteEventUpsert(ctx, plain)
	require.NoError(t, err)
	require.True(t, wrote)
}

func testRemoteEventsUpcoming(t *testing.T, h Harness) {
	ctx := context.Background()
	b := setup(t, h)
	us, err := b.store.ActorCreate(ctx, newActor("north"))
	require.NoError(t, err)
	bSrc := newSource(t, b.store, us.ID, "coop-b.test", true)
	cSrc := newSource(t, b.store, us.ID, "coop-c.test", true)
	pending := newSource(t, b.store, us.ID, "coop-d.test", false)

	day := 24 * time.Hour
	for _, ev := range []*model.RemoteEvent{
		remoteEvent(bSrc, 1, networkNow.Add(3*day)),
		remoteEvent(cSrc, 2, networkNow.Add(1*day)),
		remoteEvent(bSrc, 3, networkNow.Add(2*day)),
		remoteEvent(bSrc, 4, networkNow.Add(-day)),                   // past
		remoteEvent(cSrc, 5, networkNow.Add(-30*time.Minute)),        // under way: ends in half an hour
		remoteEvent(pending, 6, networkNow.Add(day)),                 // not accepted: not shown
		remoteEvent(cSrc, 7, networkNow.Add(4*day).Add(time.Second)), // last
	} {
		_, err := b.store.RemoteEventUpsert(ctx, ev)
		require.NoError(t, err)
	}
	titles := func(list []model.RemoteEvent) []string {
		out := []string{}
		for _, e := range list {
			out = append(out, e.Title)
		}
		return out
	}
	all, err := b.store.RemoteEventUpcoming(ctx, &store.RemoteEventListParams{After: networkNow, Limit: 10})
	require.NoError(t, err)
	require.Equal(t, []string{"Event 5", "Event 2", "Event 3", "Event 1", "Event 7"}, titles(all),
		"by start, from accepted sources only, those under way included")
	require.Equal(t, cSrc.Handle, all[0].SourceHandle, "each says who hosts it")

	first, err := b.store.RemoteEventUpcoming(ctx, &store.RemoteEventListParams{After: networkNow, Limit: 2})
	require.NoError(t, err)
	require.Equal(t, []string{"Event 5", "Event 2"}, titles(first))

	one, err := b.store.RemoteEventUpcoming(ctx, &store.RemoteEventListParams{After: networkNow, SourceID: bSrc.ID, Limit: 10})
	require.NoError(t, err)
	require.Equal(t, []string{"Event 3", "Event 1"}, titles(one), "one co-op's")

	// Once the pending source accepts, its events show.
	require.NoError(t, b.store.SourceAnswered(ctx, pending.ID, model.SourceAccepted, networkNow))
	all, err = b.store.RemoteEventUpcoming(ctx, &store.RemoteEventListParams{After: networkNow, Limit: 10})
	require.NoError(t, err)
	require.Len(t, all, 6)
}

func testRemoteEventsSessionsAndDelete(t *testing.T, h Harness) {
	ctx := context.Background()
	b := setup(t, h)
	us, err := b.store.ActorCreate(ctx, newActor("north"))
	require.NoError(t, err)
	src := newSource(t, b.store, us.ID, "coop-b.test", true)
	other := newSource(t, b.store, us.ID, "coop-c.test", true)

	day := 24 * time.Hour
	gathering := remoteEvent(src, 1, networkNow.Add(2*day))
	gathering.EndsAt = ptr(networkNow.Add(3 * day))
	late := remoteEvent(src, 3, networkNow.Add(2*day+5*time.Hour))
	late.ParentURI = gathering.ObjectURI
	early := remoteEvent(src, 2, networkNow.Add(2*day+time.Hour))
	early.ParentURI = gathering.ObjectURI
	// A session whose gathering has not arrived (yet) shows on its own.
	orphan := remoteEvent(src, 5, networkNow.Add(day))
	orphan.ParentURI = "https://coop-b.test/events/4"
	for _, ev := range []*model.RemoteEvent{late, gathering, early, orphan} {
		_, err := b.store.RemoteEventUpsert(ctx, ev)
		require.NoError(t, err)
	}
	upcoming, err := b.store.RemoteEventUpcoming(ctx, &store.RemoteEventListParams{After: networkNow, Limit: 10})
	require.NoError(t, err)
	require.Len(t, upcoming, 2, "sessions show under their gathering")
	require.Equal(t, orphan.ObjectURI, upcoming[0].ObjectURI)
	require.Equal(t, gathering.ObjectURI, upcoming[1].ObjectURI)
	sessions, err := b.store.RemoteEventSessions(ctx, gathering.ObjectURI)
	require.NoError(t, err)
	require.Len(t, sessions, 2)
	require.Equal(t, early.ObjectURI, sessions[0].ObjectURI, "by start")
	require.Equal(t, late.ObjectURI, sessions[1].ObjectURI)

	// Another source cannot delete it.
	require.ErrorIs(t, b.store.RemoteEventDelete(ctx, other.ID, gathering.ObjectURI), store.ErrNotFound)
	_, err = b.store.RemoteEventGet(ctx, gathering.ObjectURI)
	require.NoError(t, err)

	// Deleting one session leaves the rest; deleting the gathering takes
	// its sessions with it.
	require.NoError(t, b.store.RemoteEventDelete(ctx, src.ID, late.ObjectURI))
	sessions, err = b.store.RemoteEventSessions(ctx, gathering.ObjectURI)
	require.NoError(t, err)
	require.Len(t, sessions, 1)
	require.NoError(t, b.store.RemoteEventDelete(ctx, src.ID, gathering.ObjectURI))
	for _, uri := range []string{gathering.ObjectURI, early.ObjectURI} {
		_, err = b.store.RemoteEventGet(ctx, uri)
		require.ErrorIs(t, err, store.ErrNotFound, uri)
	}
	_, err = b.store.RemoteEventGet(ctx, orphan.ObjectURI)
	require.NoError(t, err, "another gathering's session stays")
	require.ErrorIs(t, b.store.RemoteEventDelete(ctx, src.ID, gathering.ObjectURI), store.ErrNotFound, "gone already")
}
