package remoteevent_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/asevent"
	"github.com/gather-coop/gather/federation/remoteevent"
)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestReadGancio reads what a real Gancio sent: an event with a poster at
// a place with a string address and no end, an update, and a Delete that
// embeds the whole Event.
func TestReadGancio(t *testing.T) {
	t.Parallel()
	in, err := remoteevent.Read(readTestdata(t, "gancio-create-event.json"))
	require.NoError(t, err)
	require.Equal(t, remoteevent.Upsert, in.Action)
	e := in.Event
	require.Equal(t, "https://gancio.test/federation/m/8", e.ID)
	require.Equal(t, "https://gancio.test/event/gathering-with-poster", e.URL)
	require.Equal(t, "https://gancio.test/federation/u/relay", e.AttributedTo)
	require.Equal(t, "Gathering with poster", e.Name)
	require.Equal(t, "<p>With image</p>", e.ContentHTML)
	require.Equal(t, "Casa del Popolo, Tuesday, December 1 at 01:12 AM GMT+1", e.SummaryHTML)
	require.True(t, e.Start.Equal(mustTime("2026-12-01T00:12:36Z")), "start %v", e.Start)
	require.True(t, e.End.IsZero(), "Gancio sent no endTime")
	require.Empty(t, e.TimeZone, "Gancio sends no timezone")
	require.Equal(t, &remoteevent.Place{Name: "Casa del Popolo", Address: "Via Po 5, Torino"}, e.Place)
	require.Empty(t, e.OnlineURL)
	require.Equal(t, asevent.EventScheduled, e.Status)
	require.Equal(t, "https://gancio.test/media/1d6c0daabf99b61da41c5830c48a89f2.jpg", e.PictureURL)
	require.True(t, e.Published.Equal(mustTime("2026-11-24T00:12:36.262Z")))
	require.True(t, e.Version().Equal(e.Published), "never updated: its version is its publication")

	in, err = remoteevent.Read(readTestdata(t, "gancio-update-event.json"))
	require.NoError(t, err)
	require.Equal(t, "Update", in.Type)
	require.Equal(t, "Co-op gathering (room changed)", in.Event.Name)
	require.False(t, in.Event.Updated.IsZero(), "an update says when")
	require.True(t, in.Event.Version().After(in.Event.Published))

	in, err = remoteevent.Read(readTestdata(t, "gancio-delete-event.json"))
	require.NoError(t, err)
	require.Equal(t, remoteevent.Delete, in.Action)
	require.Equal(t, "https://gancio.test/federation/m/1", in.DeletedID)
}

func TestReadGancioServedEvents(t *testing.T) {
	t.Parallel()
	e, err := remoteevent.ParseFetched(readTestdata(t, "gancio-event-online.json"), "https://gancio.test/federation/m/7")
	require.NoError(t, err)
	require.Equal(t, "https://meet.example/coop-call", e.OnlineURL, "VirtualLocation.url")
	require.Nil(t, e.Place)
	require.True(t, e.End.Equal(mustTime("2026-11-30T01:12:29Z")))

	// Gancio serves events it relays from other servers under its own
	// actor: the id is mockap.test's, the author gancio.test's.
	_, err = remoteevent.ParseFetched(readTestdata(t, "gancio-event-foreign.json"), "https://mockap.test/events/13")
	require.ErrorIs(t, err, federation.ErrForeignID)
}

// TestReadMobilizon reads Mobilizon's shape: a PostalAddress, float
// coordinates, the online link as a "Website" Link, ical:status, an update
// by a member of the group, and a Delete by IRI.
func TestReadMobilizon(t *testing.T) {
	t.Parallel()
	in, err := remoteevent.Read(readTestdata(t, "mobilizon-create-event.json"))
	require.NoError(t, err)
	e := in.Event
	require.Equal(t, "https://mobilizon.test/@oxford_coops", e.AttributedTo)
	require.Equal(t, "Europe/London", e.TimeZone)
	require.True(t, e.Start.Equal(mustTime("2027-06-12T08:30:00Z")))
	require.Equal(t, &remoteevent.Place{Name: "East Oxford Community Centre",
		Address:  "44b Princes Street, Oxford, OX4 1DD, England, United Kingdom",
		Latitude: 51.7475, Longitude: -1.2339, HasGeo: true}, e.Place)
	require.Equal(t, "https://meet.test/oxford-weekend", e.OnlineURL, "the Website link")
	require.Equal(t, "https://mobilizon.test/media/banner.jpg", e.PictureURL)
	require.Equal(t, "<p>Two days of <strong>workshops</strong>.</p>", e.ContentHTML,
		"no script, and no image loaded from their server")

	in, err = remoteevent.Read(readTestdata(t, "mobilizon-update-cancelled.json"))
	require.NoError(t, err)
	require.Equal(t, "https://mobilizon.test/@anna", in.Actor)
	require.Equal(t, "https://mobilizon.test/@oxford_coops", in.Event.AttributedTo)
	require.Equal(t, asevent.EventCancelled, in.Event.Status)
	require.Equal(t, "https://meet.test/oxford-weekend", in.Event.OnlineURL)
	require.Nil(t, in.Event.Place)
	require.True(t, in.Event.Version().After(e.Version()), "the update is newer")

	in, err = remoteevent.Read(readTestdata(t, "mobilizon-delete-event.json"))
	require.NoError(t, err)
	require.Equal(t, remoteevent.Delete, in.Action)
	require.Equal(t, "https://mobilizon.test/events/5b1c2a8e-7f3d-4a55-9a0e-3c1f0d6e2b11", in.DeletedID)
}

// gatherEvent is one of Gather's gatherings as federation builds it.
func gatherEvent(t testing.TB) asevent.Event {
	t.Helper()
	london, err := time.LoadLocation("Europe/London")
	require.NoError(t, err)
	return asevent.Event{
		ID: "https://coop-b.test/events/2", URL: "https://coop-b.test/g/spring",
		AttributedTo: "https://coop-b.test/actors/events", Followers: "https://coop-b.test/actors/events/followers",
		Name: "Network gathering", DescriptionHTML: "<p>Two days &amp; a <a href=\"https://coop-b.test/\">party</a>.</p>",
		Start: mustTime("2027-03-27T10:00:00Z"), End: mustTime("2027-03-28T16:00:00Z"), TimeZone: london,
		Place: &asevent.Place{Name: "Co-op workspace",
			Address: &asevent.PostalAddress{StreetAddress: "12 Example Street", Locality: "Oxford", Country: "GB"},
			Geo:     &asevent.GeoPoint{Latitude: 51.75, Longitude: -1.25}},
		OnlineURL: "https://meet.test/spring",
		Image:     &federation.Image{URL: "https://coop-b.test/media/spring.jpg", MediaType: "image/jpeg"},
		SubEvents: []string{"https://coop-b.test/events/2/sessions/5", "https://elsewhere.test/events/9"},
		Published: mustTime("2027-01-15T09:30:00Z"),
	}
}

func create(t testing.TB, typ string, e asevent.Event) []byte {
	t.Helper()
	obj, err := asevent.EventJSON(e)
	require.NoError(t, err)
	aud := federation.Audience{To: []string{federation.Public}, CC: []string{e.Followers}}
	build := federation.Create
	if typ == "Update" {
		build = federation.Update
	}
	b, err := build(e.ID+"/"+typ, e.AttributedTo, obj, aud)
	require.NoError(t, err)
	return b
}

// TestReadGather reads back what Gather's own builders write: a gathering
// with its sessions, a session, a cancellation and a Delete.
func TestReadGather(t *testing.T) {
	t.Parallel()
	g := gatherEvent(t)
	in, err := remoteevent.Read(create(t, "Create", g))
	require.NoError(t, err)
	e := in.Event
	require.Equal(t, g.ID, e.ID)
	require.Equal(t, g.URL, e.URL)
	require.Equal(t, "Network gathering", e.Name)
	require.Equal(t, `<p>Two days &amp; a <a href="https://coop-b.test/" rel="nofollow">party</a>.</p><p>Join online: <a href="https://meet.test/spring" rel="nofollow">https://meet.test/spring</a></p>`, e.ContentHTML)
	require.Contains(t, e.SummaryHTML, "Network gathering")
	require.True(t, e.Start.Equal(g.Start) && e.End.Equal(g.End))
	require.Equal(t, "Europe/London", e.TimeZone)
	require.Equal(t, &remoteevent.Place{Name: "Co-op workspace", Address: "12 Example Street, Oxford, GB",
		Latitude: 51.75, Longitude: -1.25, HasGeo: true}, e.Place)
	require.Equal(t, "https://meet.test/spring", e.OnlineURL)
	require.Equal(t, "https://coop-b.test/media/spring.jpg", e.PictureURL)
	require.Equal(t, []string{"https://coop-b.test/events/2/sessions/5"}, e.SubEvents,
		"a session on another server is not this gathering's")
	require.Empty(t, e.SuperEvent)

	session := g
	session.ID, session.URL, session.Name = g.ID+"/sessions/5", g.URL+"/s/5", "Bookkeeping workshop"
	session.SubEvents, session.SuperEvent = nil, g.ID
	in, err = remoteevent.Read(create(t, "Create", session))
	require.NoError(t, err)
	require.Equal(t, g.ID, in.Event.SuperEvent)

	cancelled := g
	cancelled.Status = asevent.EventCancelled
	cancelled.Updated = g.Published.Add(24 * time.Hour)
	in, err = remoteevent.Read(create(t, "Update", cancelled))
	require.NoError(t, err)
	require.Equal(t, asevent.EventCancelled, in.Event.Status)
	require.Equal(t, "Network gathering", in.Event.Name, "the status is not said twice")
	require.True(t, in.Event.Version().Equal(cancelled.Updated))

	del, err := federation.Delete(g.ID+"/delete", g.AttributedTo, federation.Tombstone{ID: g.ID, FormerType: "Event"},
		federation.Audience{To: []string{federation.Public}})
	require.NoError(t, err)
	in, err = remoteevent.Read(del)
	require.NoError(t, err)
	require.Equal(t, remoteevent.Delete, in.Action)
	require.Equal(t, g.ID, in.DeletedID)

	// Gather's testdata Events, as served.
	for _, name := range []string{"event-gathering.json", "event-session.json", "event-online.json", "event-cancelled.json"} {
		raw, err := os.ReadFile(filepath.Join("..", "asevent", "testdata", name))
		require.NoError(t, err)
		e, err := remoteevent.ParseFetched(raw, "https://coop.example/events/")
		require.NoError(t, err, name)
		require.NotEmpty(t, e.Name, name)
	}
}

// TestReadRefuses holds the trust rules: an object must come from its own
// server, and what is not an event is not read as one.
func TestReadRefuses(t *testing.T) {
	t.Parallel()
	g := gatherEvent(t)
	obj, err := asevent.EventJSON(g)
	require.NoError(t, err)
	aud := federation.Audience{To: []string{federation.Public}}

	t.Run("foreign Create asks for a fetch", func(t *testing.T) {
		t.Parallel()
		b, err := federation.Create("https://mallory.test/c/1", "https://mallory.test/actor", obj, aud)
		require.NoError(t, err)
		_, err = remoteevent.Read(b)
		id, ok := remoteevent.IsFetch(err)
		require.True(t, ok, "%v", err)
		require.Equal(t, g.ID, id)
	})
	t.Run("Announce of a partner's event asks for a fetch", func(t *testing.T) {
		t.Parallel()
		b := []byte(`{"id":"https://coop-a.test/announces/1","type":"Announce","actor":"https://coop-a.test/actors/events","object":` + string(obj) + `}`)
		_, err := remoteevent.Read(b)
		id, ok := remoteevent.IsFetch(err)
		require.True(t, ok, "%v", err)
		require.Equal(t, g.ID, id)
		b = []byte(`{"id":"https://coop-a.test/announces/2","type":"Announce","actor":"https://coop-a.test/actors/events","object":"` + g.ID + `"}`)
		_, err = remoteevent.Read(b)
		id, ok = remoteevent.IsFetch(err)
		require.True(t, ok, "%v", err)
		require.Equal(t, g.ID, id)
	})
	t.Run("Create by IRI asks for a fetch", func(t *testing.T) {
		t.Parallel()
		_, err := remoteevent.Read([]byte(`{"id":"https://coop-b.test/c/1","type":"Create","actor":"https://coop-b.test/actors/events","object":"` + g.ID + `"}`))
		_, ok := remoteevent.IsFetch(err)
		require.True(t, ok, "%v", err)
	})
	t.Run("an event's author on another server", func(t *testing.T) {
		t.Parallel()
		spoof := g
		spoof.AttributedTo = "https://elsewhere.test/actors/events"
		_, err := remoteevent.Read(create(t, "Update", spoof))
		require.ErrorIs(t, err, federation.ErrForeignID)
	})
	t.Run("Delete of another server's event", func(t *testing.T) {
		t.Parallel()
		_, err := remoteevent.Read([]byte(`{"id":"https://mallory.test/d/1","type":"Delete","actor":"https://mallory.test/actor","object":{"id":"` + g.ID + `","type":"Tombstone"}}`))
		require.ErrorIs(t, err, federation.ErrForeignID)
	})
	t.Run("activity id on another server", func(t *testing.T) {
		t.Parallel()
		b, err := federation.Create("https://mallory.test/c/2", g.AttributedTo, obj, aud)
		require.NoError(t, err)
		_, err = remoteevent.Read(b)
		require.ErrorIs(t, err, federation.ErrForeignID)
	})
	t.Run("fetched from another server", func(t *testing.T) {
		t.Parallel()
		_, err := remoteevent.ParseFetched(obj, "https://mallory.test/events/2")
		require.ErrorIs(t, err, federation.ErrForeignID)
	})
	for name, body := range map[string]string{
		"a Note":               `{"id":"https://coop-b.test/c/3","type":"Create","actor":"https://coop-b.test/a","object":{"id":"https://coop-b.test/n/1","type":"Note","attributedTo":"https://coop-b.test/a","content":"hi"}}`,
		"a Follow":             `{"id":"https://coop-b.test/f/1","type":"Follow","actor":"https://coop-b.test/a","object":"https://coop-a.test/a"}`,
		"a Note's tombstone":   `{"id":"https://coop-b.test/d/3","type":"Delete","actor":"https://coop-b.test/a","object":{"id":"https://coop-b.test/n/1","type":"Tombstone","formerType":"Note"}}`,
		"a Like of an Event":   `{"id":"https://coop-b.test/l/1","type":"Like","actor":"https://coop-b.test/a","object":"https://coop-a.test/events/1"}`,
		"a Question in Update": `{"id":"https://coop-b.test/u/1","type":"Update","actor":"https://coop-b.test/a","object":{"id":"https://coop-b.test/q/1","type":"Question"}}`,
	} {
		t.Run("not an event: "+name, func(t *testing.T) {
			t.Parallel()
			_, err := remoteevent.Read([]byte(body))
			require.ErrorIs(t, err, remoteevent.ErrNotEvent)
		})
	}
	for name, object := range map[string]string{
		"no name":     `{"id":"https://coop-b.test/e/1","type":"Event","attributedTo":"https://coop-b.test/a","startTime":"2027-01-01T10:00:00Z"}`,
		"no start":    `{"id":"https://coop-b.test/e/1","type":"Event","attributedTo":"https://coop-b.test/a","name":"x"}`,
		"bad start":   `{"id":"https://coop-b.test/e/1","type":"Event","attributedTo":"https://coop-b.test/a","name":"x","startTime":"tomorrow"}`,
		"relative id": `{"id":"/e/1","type":"Event","attributedTo":"https://coop-b.test/a","name":"x","startTime":"2027-01-01T10:00:00Z"}`,
	} {
		t.Run("malformed: "+name, func(t *testing.T) {
			t.Parallel()
			_, err := remoteevent.Read([]byte(`{"id":"https://coop-b.test/c/9","type":"Create","actor":"https://coop-b.test/a","object":` + object + `}`))
			require.Error(t, err)
			_, fetch := remoteevent.IsFetch(err)
			require.True(t, errors.Is(err, federation.ErrMalformed) || fetch, "%v", err)
		})
	}
}

// TestReadShapes covers the variants of each property that servers send.
func TestReadShapes(t *testing.T) {
	t.Parallel()
	base := `"id":"https://s.test/e/1","type":"Event","attributedTo":"https://s.test/a","name":"N","startTime":"2027-01-01T10:00:00Z"`
	tests := []struct {
		name, extra string
		check       func(t *testing.T, e remoteevent.Event)
	}{
		{"location list: first Place, online from address.url",
			`,"location":[{"type":"VirtualLocation","address":{"type":"VirtualLocation","url":"https://meet.test/a"}},{"type":"Place","name":"Hall","address":"1 Road"}]`,
			func(t *testing.T, e remoteevent.Event) {
				require.Equal(t, "https://meet.test/a", e.OnlineURL)
				require.Equal(t, &remoteevent.Place{Name: "Hall", Address: "1 Road"}, e.Place)
			}},
		{"VirtualLocation with href only, javascript: refused",
			`,"location":{"type":"VirtualLocation","url":"javascript:alert(1)"},"attachment":{"type":"Link","href":"https://meet.test/b","mediaType":"text/html","name":"join"}`,
			func(t *testing.T, e remoteevent.Event) {
				require.Equal(t, "https://meet.test/b", e.OnlineURL, "an online event's web link")
			}},
		{"a Link not named Website is no online link of an in-person event",
			`,"location":{"type":"Place","name":"Hall"},"attachment":[{"type":"Link","href":"https://shop.test/tickets","name":"Tickets"}]`,
			func(t *testing.T, e remoteevent.Event) { require.Empty(t, e.OnlineURL) }},
		{"coordinates as strings; out of range dropped",
			`,"location":{"type":"Place","name":"Hall","latitude":"45.5","longitude":"7.25"}`,
			func(t *testing.T, e remoteevent.Event) {
				require.Equal(t, &remoteevent.Place{Name: "Hall", Latitude: 45.5, Longitude: 7.25, HasGeo: true}, e.Place)
			}},
		{"coordinates out of range",
			`,"location":{"type":"Place","name":"Hall","latitude":145,"longitude":7}`,
			func(t *testing.T, e remoteevent.Event) { require.False(t, e.Place.HasGeo) }},
		{"eventStatus as a schema.org IRI",
			`,"eventStatus":"https://schema.org/EventPostponed","name":"Postponed: N"`,
			func(t *testing.T, e remoteevent.Event) {
				require.Equal(t, asevent.EventPostponed, e.Status)
			}},
		{"ical status lower case under status",
			`,"status":"cancelled"`,
			func(t *testing.T, e remoteevent.Event) { require.Equal(t, asevent.EventCancelled, e.Status) }},
		{"end before start is no end; unknown zone dropped",
			`,"endTime":"2026-01-01T10:00:00Z","timezone":"Mars/Olympus"`,
			func(t *testing.T, e remoteevent.Event) {
				require.True(t, e.End.IsZero())
				require.Empty(t, e.TimeZone)
			}},
		{"picture from image when no attachment; url as Link; contentMap",
			`,"image":{"type":"Image","url":{"type":"Link","href":"https://s.test/p.png"}},"contentMap":{"fr":"<p onclick=\"x()\">Bonjour</p>"}`,
			func(t *testing.T, e remoteevent.Event) {
				require.Equal(t, "https://s.test/p.png", e.PictureURL)
				require.Equal(t, "<p>Bonjour</p>", e.ContentHTML)
			}},
		{"superEvent on another server dropped; url list takes text/html",
			`,"superEvent":"https://other.test/e/1","url":[{"type":"Link","href":"https://s.test/e/1.ics","mediaType":"text/calendar"},{"type":"Link","href":"https://s.test/e/1","mediaType":"text/html"}]`,
			func(t *testing.T, e remoteevent.Event) {
				require.Empty(t, e.SuperEvent)
				require.Equal(t, "https://s.test/e/1", e.URL)
			}},
		{"author from actor when no attributedTo is on another server",
			`,"attributedTo":null,"actor":"https://s.test/group"`,
			func(t *testing.T, e remoteevent.Event) { require.Equal(t, "https://s.test/group", e.AttributedTo) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e, err := remoteevent.ParseFetched([]byte(`{`+base+tt.extra+`}`), "https://s.test/e/1")
			require.NoError(t, err)
			tt.check(t, e)
		})
	}
}

// TestReadOrganizers reads the actors an event credits: Gather's
// collection, a plain list, one actor object; nothing that is not an
// absolute URL, and at most MaxOrganizers.
func TestReadOrganizers(t *testing.T) {
	t.Parallel()
	read := func(organizers string) []string {
		t.Helper()
		in, err := remoteevent.Read([]byte(`{"@context":"https://www.w3.org/ns/activitystreams","id":"https://a.example/c/1",
			"type":"Create","actor":"https://a.example/actors/events","object":{"id":"https://a.example/gatherings/1","type":"Event",
			"name":"Joint day","startTime":"2031-05-10T10:00:00Z","attributedTo":"https://a.example/actors/events"` + organizers + `}}`))
		require.NoError(t, err)
		return in.Event.Organizers
	}
	require.Empty(t, read(""))
	require.Equal(t, []string{"https://a.example/actors/events", "https://b.example/actors/events"},
		read(`,"organizers":{"type":"Collection","totalItems":2,"items":["https://a.example/actors/events","https://b.example/actors/events"]}`))
	require.Equal(t, []string{"https://b.example/actors/events"},
		read(`,"organizers":["not a url",{"id":"https://b.example/actors/events","type":"Group"}]`))
	require.Equal(t, []string{"https://b.example/@coop"}, read(`,"organizers":{"id":"https://b.example/@coop","type":"Person"}`))
	many := make([]string, remoteevent.MaxOrganizers+5)
	for i := range many {
		many[i] = fmt.Sprintf(`"https://b.example/actors/%d"`, i)
	}
	require.Len(t, read(`,"organizers":[`+strings.Join(many, ",")+`]`), remoteevent.MaxOrganizers)
}
