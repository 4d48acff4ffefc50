package network

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/asevent"
	"github.com/gather-coop/gather/federation/client"
	"github.com/gather-coop/gather/federation/remoteevent"
)

// TestRemoteEventOf: what is read is kept as read, times in UTC, the
// absent ones nil, the version the later of updated and published.
func TestRemoteEventOf(t *testing.T) {
	london := time.FixedZone("BST", 3600)
	start := time.Date(2030, 6, 10, 10, 0, 0, 0, london)
	published := time.Date(2030, 1, 1, 9, 0, 0, 0, time.UTC)
	now := time.Date(2030, 2, 1, 0, 0, 0, 0, time.UTC)
	e := remoteevent.Event{ID: "https://b.example/gatherings/1", URL: "https://b.example/g/1", Name: "Assembly",
		Start: start, TimeZone: "Europe/London", Status: asevent.EventStatus("EventScheduled"),
		Place:      &remoteevent.Place{Name: "Hall", Address: "1 Road", Latitude: 51.7, Longitude: -1.2, HasGeo: true},
		SuperEvent: "", Published: published, Raw: []byte(`{"id":"x"}`)}
	r := remoteEventOf(7, e, now)
	require.Equal(t, int64(7), r.SourceID)
	require.Equal(t, start.UTC(), r.StartsAt)
	require.Equal(t, time.UTC, r.StartsAt.Location())
	require.Nil(t, r.EndsAt, "no end given")
	require.Equal(t, "Hall", r.PlaceName)
	require.InDelta(t, 51.7, *r.Latitude, 1e-9)
	require.Nil(t, r.UpdatedAt)
	require.Equal(t, published, *r.Version, "without updated, the version is published")
	require.Equal(t, `{"id":"x"}`, r.Raw)
	require.Equal(t, now, r.ReceivedAt)

	e.End = start.Add(2 * time.Hour)
	e.Updated = published.Add(time.Hour)
	e.Place = &remoteevent.Place{Name: "Online"}
	r = remoteEventOf(7, e, now)
	require.Equal(t, e.End.UTC(), *r.EndsAt)
	require.Equal(t, e.Updated, *r.Version)
	require.Nil(t, r.Latitude, "no coordinates given")
}

// TestRefusedByOrigin: an origin that disowns an object or answers 4xx
// settles it; time-outs, 5xx and 429 are worth a retry.
func TestRefusedByOrigin(t *testing.T) {
	for _, c := range []struct {
		err  error
		want bool
	}{
		{fmt.Errorf("fetch: %w", federation.ErrForeignID), true},
		{fmt.Errorf("fetch: %w", client.ErrOriginMismatch), true},
		{fmt.Errorf("fetch: %w", &client.StatusError{Code: 404}), true},
		{fmt.Errorf("fetch: %w", &client.StatusError{Code: 410}), true},
		{fmt.Errorf("fetch: %w", &client.StatusError{Code: 429}), false},
		{fmt.Errorf("fetch: %w", &client.StatusError{Code: 503}), false},
		{errors.New("dial tcp: connection refused"), false},
	} {
		require.Equal(t, c.want, refusedByOrigin(c.err), "%v", c.err)
	}
}

// TestBackfillBackoff: from about 30 s, doubling, never past 4 h and a
// fifth; the attempts span two to three days.
func TestBackfillBackoff(t *testing.T) {
	require.InDelta(t, 30, BackfillBackoff(1).Seconds(), 6)
	require.InDelta(t, 60, BackfillBackoff(2).Seconds(), 12)
	var sum time.Duration
	for a := 1; a < BackfillAttempts; a++ {
		d := BackfillBackoff(a)
		require.LessOrEqual(t, d, 4*time.Hour+48*time.Minute)
		sum += d
	}
	require.Greater(t, sum, 36*time.Hour)
	require.Less(t, sum, 4*24*time.Hour)
}
