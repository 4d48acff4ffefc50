package remoteevent_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/asevent"
	"github.com/gather-coop/gather/federation/remoteevent"
)

// TestReadGancioOutbox reads Gancio's outbox: the collection names its
// first page, whose Creates embed the events.
func TestReadGancioOutbox(t *testing.T) {
	t.Parallel()
	const actor = "https://gancio.test/federation/u/relay"
	pages := map[string][]byte{
		actor + "/outbox":        readTestdata(t, "gancio-outbox.json"),
		actor + "/outbox?page=1": readTestdata(t, "gancio-outbox-page1.json"),
	}
	fetch := func(_ context.Context, iri string) ([]byte, error) {
		if b, ok := pages[iri]; ok {
			return b, nil
		}
		return nil, fmt.Errorf("GET %s: 404", iri)
	}
	// On 4 December 2026 events 6 to 9 are past (they end on the 1st to
	// the 4th at 03:13 CET) and 10 to 15 upcoming.
	now := mustTime("2026-12-04T12:00:00Z")
	out, err := remoteevent.UpcomingFromOutbox(context.Background(), fetch, actor+"/outbox", actor, now, 2)
	require.NoError(t, err, "two documents, the limit: page 2 is not asked for")
	require.Equal(t, 2, out.Pages)
	var names []string
	for _, e := range out.Events {
		names = append(names, e.Name)
	}
	require.Equal(t, []string{"Bench event 10", "Bench event 11", "Bench event 12", "Bench event 13", "Bench event 14", "Bench event 15"}, names,
		"upcoming, by start")

	_, err = remoteevent.UpcomingFromOutbox(context.Background(), fetch, actor+"/outbox", actor, now, 3)
	require.ErrorContains(t, err, "page=2: 404", "page 1 held upcoming events, so page 2 is read")
}

// TestUpcomingFromOutboxStops follows next while pages hold upcoming
// events, and no further than the limit, never off the actor's server,
// never round a loop.
func TestUpcomingFromOutboxStops(t *testing.T) {
	t.Parallel()
	const actor = "https://coop-b.test/actors/events"
	now := mustTime("2027-01-01T00:00:00Z")
	event := func(n int, start time.Time) json.RawMessage {
		obj, err := asevent.EventJSON(asevent.Event{
			ID: fmt.Sprintf("https://coop-b.test/events/%d", n), URL: fmt.Sprintf("https://coop-b.test/g/%d", n),
			AttributedTo: actor, Name: fmt.Sprintf("Event %d", n), Start: start, End: start.Add(time.Hour),
			TimeZone: time.UTC, Place: &asevent.Place{Name: "Hall"}, Published: mustTime("2026-06-01T00:00:00Z"),
		})
		require.NoError(t, err)
		b, err := federation.Create(fmt.Sprintf("https://coop-b.test/events/%d/create", n), actor, obj, federation.Audience{To: []string{federation.Public}})
		require.NoError(t, err)
		return b
	}
	page := func(n int, next string, items ...json.RawMessage) []byte {
		b, err := federation.OrderedCollectionPage(fmt.Sprintf(actor+"/outbox?page=%d", n), actor+"/outbox", items, next, "")
		require.NoError(t, err)
		return b
	}
	day := 24 * time.Hour
	var asked []string
	pages := map[string][]byte{
		actor + "/outbox?page=1": page(1, actor+"/outbox?page=2", event(5, now.Add(5*day)), event(4, now.Add(4*day))),
		// Page 2 mixes an upcoming event and a past one: read on.
		actor + "/outbox?page=2": page(2, actor+"/outbox?page=3", event(3, now.Add(-day)), event(2, now.Add(2*day)), json.RawMessage(`"https://coop-b.test/activities/9"`)),
		// Page 3 is all past: stop there.
		actor + "/outbox?page=3": page(3, actor+"/outbox?page=4", event(1, now.Add(-2*day)), event(0, now.Add(-3*day))),
		actor + "/outbox?page=4": page(4, "", event(9, now.Add(9*day))),
	}
	fetch := func(_ context.Context, iri string) ([]byte, error) {
		asked = append(asked, iri)
		if b, ok := pages[iri]; ok {
			return b, nil
		}
		return nil, errors.New("404")
	}
	out, err := remoteevent.UpcomingFromOutbox(context.Background(), fetch, actor+"/outbox?page=1", actor, now, 10)
	require.NoError(t, err)
	require.Equal(t, []string{actor + "/outbox?page=1", actor + "/outbox?page=2", actor + "/outbox?page=3"}, asked)
	require.Len(t, out.Events, 3)
	require.Equal(t, "Event 2", out.Events[0].Name)

	asked = nil
	out, err = remoteevent.UpcomingFromOutbox(context.Background(), fetch, actor+"/outbox?page=1", actor, now, 1)
	require.NoError(t, err)
	require.Len(t, asked, 1, "the limit")
	require.Len(t, out.Events, 2)

	// A next page on another server, and a loop, are not followed.
	pages[actor+"/outbox?page=5"] = page(5, "https://elsewhere.test/outbox?page=1", event(7, now.Add(day)))
	pages[actor+"/outbox?page=6"] = page(6, actor+"/outbox?page=6", event(8, now.Add(day)))
	for _, start := range []string{actor + "/outbox?page=5", actor + "/outbox?page=6"} {
		asked = nil
		_, err = remoteevent.UpcomingFromOutbox(context.Background(), fetch, start, actor, now, 10)
		require.NoError(t, err)
		require.Equal(t, []string{start}, asked)
	}
}

// TestReadOutboxPage reads a collection with its first page embedded, and
// sorts out what to fetch: an event from another server, an Announce.
func TestReadOutboxPage(t *testing.T) {
	t.Parallel()
	const actor = "https://coop-b.test/actors/events"
	foreign := `{"id":"https://coop-b.test/c/1","type":"Create","actor":"` + actor + `","object":{"id":"https://elsewhere.test/e/1","type":"Event","name":"x","startTime":"2027-05-01T10:00:00Z","attributedTo":"https://elsewhere.test/a"}}`
	announce := `{"id":"https://coop-b.test/s/1","type":"Announce","actor":"` + actor + `","object":"https://elsewhere.test/e/2"}`
	note := `{"id":"https://coop-b.test/c/2","type":"Create","actor":"` + actor + `","object":{"id":"https://coop-b.test/n/1","type":"Note","attributedTo":"` + actor + `"}}`
	raw := []byte(`{"id":"` + actor + `/outbox","type":"OrderedCollection","totalItems":3,"first":{"id":"` + actor + `/outbox?page=1","type":"OrderedCollectionPage","next":"` + actor + `/outbox?page=2","orderedItems":[` + foreign + `,` + announce + `,` + note + `]}}`)
	p, err := remoteevent.ReadOutboxPage(raw, actor, mustTime("2027-01-01T00:00:00Z"))
	require.NoError(t, err)
	require.Empty(t, p.Events)
	require.Equal(t, []string{"https://elsewhere.test/e/1"}, p.Fetch, "shared events are not the source's own")
	require.Equal(t, actor+"/outbox?page=2", p.Next)
	require.False(t, p.AllPast, "no event read: nothing says the rest is past")

	_, err = remoteevent.ReadOutboxPage([]byte(`[]`), actor, time.Time{})
	require.ErrorIs(t, err, federation.ErrMalformed)
}
