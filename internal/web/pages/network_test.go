package pages_test

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/server/servertest"
	"github.com/gather-coop/gather/internal/web/browsertest"
)

// networkFixture is an instance following two co-ops (Oxford, which
// answers, and Leeds, silent for eight days), with one asked but not yet
// accepted (York), each with events stored as package network keeps them.
type networkFixture struct {
	b                   *testBundle
	oxford, leeds, york model.Source
	year                int
}

func newNetworkFixture(t *testing.T, db string) *networkFixture {
	t.Helper()
	ctx := context.Background()
	inst := servertest.Start(t, db)
	f := &networkFixture{b: &testBundle{inst: inst, base: inst.Base}, year: time.Now().Year() + 1}
	actor, err := inst.App.Actor(ctx, "events")
	require.NoError(t, err)
	source := func(host string, accepted bool) model.Source {
		id, err := inst.Store.SourceCreate(ctx, &model.Source{ActorID: actor.ID, ActorURI: "https://" + host + "/actors/events",
			Handle: "@events@" + host, FollowURI: inst.Base + "/follows/" + host, RequestedAt: time.Now().Add(-time.Hour)})
		require.NoError(t, err)
		if accepted {
			require.NoError(t, inst.Store.SourceAnswered(ctx, id, model.SourceAccepted, time.Now().Add(-time.Hour)))
		}
		src, err := inst.Store.SourceGet(ctx, id)
		require.NoError(t, err)
		return src
	}
	f.oxford, f.leeds, f.york = source("oxford.example", true), source("leeds.example", true), source("york.example", false)
	require.NoError(t, inst.Store.SourceUnreachable(ctx, f.leeds.ID, time.Now().Add(-8*24*time.Hour)))

	at := func(month time.Month, day, hour int, zone string) time.Time {
		loc, err := time.LoadLocation(zone)
		require.NoError(t, err)
		return time.Date(f.year, month, day, hour, 0, 0, 0, loc)
	}
	put := func(src model.Source, e model.RemoteEvent) {
		e.SourceID, e.Raw, e.ReceivedAt, e.Status = src.ID, `{"type":"Event"}`, time.Now(), "EventScheduled"
		if e.Timezone == "" {
			e.Timezone = "Europe/London"
		}
		if e.EndsAt == nil {
			end := e.StartsAt.Add(6 * time.Hour)
			e.EndsAt = &end
		}
		_, err := inst.Store.RemoteEventUpsert(ctx, &e)
		require.NoError(t, err)
	}
	put(f.oxford, model.RemoteEvent{ObjectURI: "https://oxford.example/gatherings/7", URL: "https://oxford.example/g/spring",
		Title: "Spring gathering", SummaryHTML: "<p>The network's day in Oxford.</p>", StartsAt: at(time.April, 10, 10, "Europe/London"),
		PlaceName: "Old Fire Station", PlaceAddress: "40 George St, Oxford"})
	put(f.oxford, model.RemoteEvent{ObjectURI: "https://oxford.example/sessions/71", ParentURI: "https://oxford.example/gatherings/7",
		Title: "Pricing workshop", StartsAt: at(time.April, 10, 11, "Europe/London")})
	put(f.leeds, model.RemoteEvent{ObjectURI: "https://leeds.example/events/3", URL: "https://leeds.example/e/call",
		Title: "Leeds members' call", StartsAt: at(time.May, 5, 18, "Europe/London"), OnlineURL: "https://call.example/leeds"})
	put(f.york, model.RemoteEvent{ObjectURI: "https://york.example/events/1", Title: "York social", StartsAt: at(time.April, 20, 19, "Europe/London")})
	return f
}

func TestNetworkCalendar(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			f := newNetworkFixture(t, db)
			b := f.b

			p := b.get(t, "/network")
			require.Equal(t, 200, p.Status, p.Body)
			main := text(find(p.Doc, tag("main"))[0])
			for _, want := range []string{
				fmt.Sprintf("April %d", f.year), fmt.Sprintf("May %d", f.year),
				"Spring gathering", fmt.Sprintf("Saturday 10 April %d, 10:00–16:00 BST", f.year), "Old Fire Station, 40 George St, Oxford",
				"Hosted by @events@oxford.example",
				"Leeds members' call", "Online", "not reachable since",
			} {
				require.Contains(t, main, want)
			}
			require.NotContains(t, main, "York social", "a source that has not accepted is not shown")
			require.NotContains(t, main, "Pricing workshop", "a session stays under its gathering")
			require.Less(t, strings.Index(main, "Spring gathering"), strings.Index(main, "Leeds members' call"), "soonest first")

			var hrefs []string
			for _, a := range find(p.Doc, tag("a")) {
				href, _ := attr(a, "href")
				hrefs = append(hrefs, href)
			}
			require.Contains(t, hrefs, "https://oxford.example/g/spring", "the entry links to its page on its host")
			require.Contains(t, hrefs, "/interact?uri="+url.QueryEscape("https://oxford.example/gatherings/7"),
				"RSVP goes to the host's object, from the visitor's server")
			require.Contains(t, hrefs, "webcal://"+b.inst.App.URLs().Host()+"/network/calendar.ics")
			for _, img := range find(p.Doc, tag("img")) {
				src, _ := attr(img, "src")
				require.False(t, strings.Contains(src, "oxford.example") || strings.Contains(src, "leeds.example"), "no picture hot-linked: %s", src)
			}

			one := b.get(t, fmt.Sprintf("/network?source=%d", f.oxford.ID))
			require.Equal(t, 200, one.Status)
			require.Contains(t, one.Body, "Spring gathering")
			require.NotContains(t, one.Body, "Leeds members")
			require.Equal(t, 404, b.get(t, fmt.Sprintf("/network?source=%d", f.york.ID)).Status, "not a source we show")
			require.Equal(t, 404, b.get(t, "/network?source=abc").Status)

			month := b.get(t, fmt.Sprintf("/network?month=%d-04", f.year))
			require.Equal(t, 200, month.Status)
			cells := find(month.Doc, tag("td"))
			var tenth string
			for _, c := range cells {
				if strings.HasPrefix(strings.TrimSpace(text(c)), "10") && !hasClass(c, "other-month") {
					tenth = text(c)
				}
			}
			require.Contains(t, tenth, "10:00 Spring gathering", "on its day, at its local time")
			require.Contains(t, month.Body, fmt.Sprintf(`href="/network?month=%d-05"`, f.year))
			require.Equal(t, 400, b.get(t, "/network?month=April").Status)

			// The calendar file: one VEVENT each, at the local time, with
			// the host's id as UID.
			cal := b.get(t, "/network/calendar.ics")
			require.Equal(t, 200, cal.Status)
			require.True(t, strings.HasPrefix(cal.Header.Get("Content-Type"), "text/calendar"))
			parsed, err := ics.ParseCalendar(strings.NewReader(cal.Body))
			require.NoError(t, err)
			events := parsed.Events()
			require.Len(t, events, 2)
			require.Equal(t, "https://oxford.example/gatherings/7", events[0].Id())
			require.Contains(t, cal.Body, fmt.Sprintf("DTSTART;TZID=Europe/London:%d0410T100000", f.year))
			require.Contains(t, cal.Body, "Hosted by @events@oxford.example")

			feed := b.get(t, "/network/feed.atom")
			require.Equal(t, 200, feed.Status)
			var atom struct {
				Entries []struct {
					ID    string `xml:"id"`
					Title string `xml:"title"`
					Link  struct {
						Href string `xml:"href,attr"`
					} `xml:"link"`
				} `xml:"entry"`
			}
			require.NoError(t, xml.Unmarshal([]byte(feed.Body), &atom))
			require.Len(t, atom.Entries, 2)
			require.Equal(t, "https://oxford.example/gatherings/7", atom.Entries[0].ID)
			require.Equal(t, "https://oxford.example/g/spring", atom.Entries[0].Link.Href)

			// The home page and the co-op's profile show what is next.
			for _, path := range []string{"/", "/@events"} {
				home := b.get(t, path)
				require.Equal(t, 200, home.Status)
				main := text(find(home.Doc, tag("main"))[0])
				require.Contains(t, main, "Coming up in the network", path)
				require.Contains(t, main, "Spring gathering", path)
				require.Contains(t, main, "Old Fire Station, 40 George St, Oxford, hosted by @events@oxford.example", path)
			}

			// Unfollowed, a source is gone with its events.
			require.NoError(t, b.inst.Store.SourceDelete(t.Context(), f.oxford.ID))
			after := b.get(t, "/network")
			require.NotContains(t, after.Body, "Spring gathering")
			require.Contains(t, after.Body, "Leeds members")
		})
	}
}

func TestNetworkCalendarEmpty(t *testing.T) {
	t.Parallel()
	b := setup(t)
	p := b.get(t, "/network")
	require.Equal(t, 200, p.Status)
	require.Contains(t, text(find(p.Doc, tag("main"))[0]), "follows no other co-ops yet")
	require.NotContains(t, b.get(t, "/").Body, "Coming up in the network", "nothing to show, no section")
}

// TestRSVPFromYourServerToAHostsEvent: the remote-interaction form takes
// the id of an event we keep from a co-op we follow (and goes on to the
// visitor's server), but no other address that is not ours.
func TestRSVPFromYourServerToAHostsEvent(t *testing.T) {
	t.Parallel()
	f := newNetworkFixture(t, "sqlite")
	ctx := t.Context()
	_, err := f.b.inst.App.RemoteInteraction(ctx, "@ana@127.0.0.1:1", "https://oxford.example/gatherings/7")
	require.Error(t, err)
	require.Equal(t, "handle", fieldOf(err), "the host's event is accepted; only the visitor's server is out of reach here")
	_, err = f.b.inst.App.RemoteInteraction(ctx, "@ana@127.0.0.1:1", "https://york.example/events/1")
	require.Equal(t, "uri", fieldOf(err), "a source that has not accepted is not ours to send people to")
	_, err = f.b.inst.App.RemoteInteraction(ctx, "@ana@127.0.0.1:1", "https://elsewhere.example/events/1")
	require.Equal(t, "uri", fieldOf(err))
}

// fieldOf is the field a validation error names, "" for other errors.
func fieldOf(err error) string {
	var ve *app.ValidationError
	if errors.As(err, &ve) {
		return ve.Field
	}
	return ""
}

func hasClass(n *html.Node, class string) bool {
	v, _ := attr(n, "class")
	return slices.Contains(strings.Fields(v), class)
}

// TestBrowserNetworkCalendar opens the network calendar, as a list and as
// a month, at 1280 and 390 px: axe-core finds nothing serious, and on a
// phone nothing scrolls sideways.
func TestBrowserNetworkCalendar(t *testing.T) {
	t.Parallel()
	ctx := browsertest.Start(t)
	f := newNetworkFixture(t, "sqlite")
	london, err := time.LoadLocation("Europe/London")
	require.NoError(t, err)
	// Co-hosted ones carry a mark, checked with the rest.
	f.coHost(t, "https://oxford.example/gatherings/7", "oxford.example", "Spring gathering",
		time.Date(f.year, time.April, 10, 10, 0, 0, 0, london), model.CoHostedAccepted)
	f.coHost(t, "https://bristol.example/gatherings/2", "bristol.example", "Bristol joint day",
		time.Date(f.year, time.April, 15, 10, 0, 0, 0, london), model.CoHostedAccepted)
	axe, missing := browsertest.AxeScript()
	if missing != "" {
		t.Skip(missing)
	}
	for _, path := range []string{"/network", fmt.Sprintf("/network?month=%d-04", f.year)} {
		for _, width := range []int64{1280, 390} {
			browsertest.CheckAccessibility(t, ctx, axe, f.b.base+path, width)
			require.Contains(t, browsertest.Evaluate[string](t, ctx, `document.querySelector("main").innerText`), "Spring gathering")
			scrollWidth := browsertest.Evaluate[float64](t, ctx, `document.documentElement.scrollWidth`)
			innerWidth := browsertest.Evaluate[float64](t, ctx, `innerWidth`)
			require.LessOrEqual(t, scrollWidth, innerWidth, "%s at %dpx: nothing scrolls sideways", path, width)
		}
	}
	browsertest.Screenshot(t, ctx, "network-month.png")
}

// coHost stores, for the fixture's @events, a gathering elsewhere naming
// it as co-host, in state.
func (f *networkFixture) coHost(t *testing.T, uri, host, title string, start time.Time, state model.CoHostedState) {
	t.Helper()
	ctx := context.Background()
	actor, err := f.b.inst.App.Actor(ctx, "events")
	require.NoError(t, err)
	end := start.Add(6 * time.Hour)
	_, err = f.b.inst.Store.CoHostedUpsert(ctx, &model.CoHosted{ActorID: actor.ID, ObjectURI: uri, URL: uri,
		HostURI: "https://" + host + "/actors/events", HostHandle: "@events@" + host, State: state, Title: title,
		StartsAt: start, EndsAt: &end, Timezone: "Europe/London", PlaceName: "Co-op hall", ReceivedAt: time.Now()})
	require.NoError(t, err)
}

// TestNetworkCalendarCoHosted: gatherings naming @events as co-host,
// once accepted, are marked "Co-hosted with us": one of a source we
// follow where it is listed already, one of a host we do not follow
// added, hosted by it; a pending one is not shown. The profile's Coming
// up lists the co-hosted one among ours.
func TestNetworkCalendarCoHosted(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			f := newNetworkFixture(t, db)
			b := f.b
			london, err := time.LoadLocation("Europe/London")
			require.NoError(t, err)
			f.coHost(t, "https://oxford.example/gatherings/7", "oxford.example", "Spring gathering",
				time.Date(f.year, time.April, 10, 10, 0, 0, 0, london), model.CoHostedAccepted)
			f.coHost(t, "https://bristol.example/gatherings/2", "bristol.example", "Bristol joint day",
				time.Date(f.year, time.April, 15, 10, 0, 0, 0, london), model.CoHostedAccepted)
			f.coHost(t, "https://spam.example/gatherings/1", "spam.example", "Pending day",
				time.Date(f.year, time.April, 16, 10, 0, 0, 0, london), model.CoHostedPending)

			p := b.get(t, "/network")
			require.Equal(t, 200, p.Status, p.Body)
			main := text(find(p.Doc, tag("main"))[0])
			require.Equal(t, 2, strings.Count(main, "Co-hosted with us"), main)
			require.Equal(t, 1, strings.Count(main, "Spring gathering"), "listed once")
			require.Contains(t, main, "Hosted by @events@bristol.example")
			require.NotContains(t, main, "Pending day", "not accepted: not listed")
			require.Less(t, strings.Index(main, "Spring gathering"), strings.Index(main, "Bristol joint day"), "soonest first")
			require.Less(t, strings.Index(main, "Bristol joint day"), strings.Index(main, "Leeds members' call"), "soonest first")

			one := b.get(t, fmt.Sprintf("/network?source=%d", f.oxford.ID))
			require.Contains(t, one.Body, "Co-hosted with us")
			require.NotContains(t, one.Body, "Bristol joint day", "one source's calendar has only its own")

			cal := b.get(t, "/network/calendar.ics")
			require.Contains(t, cal.Body, "SUMMARY:Bristol joint day")

			profile := b.get(t, "/@events")
			require.Equal(t, 200, profile.Status)
			upcoming := text(find(profile.Doc, tag("main"))[0])
			require.Contains(t, upcoming, "Bristol joint day")
			require.Contains(t, upcoming, "Co-op hall, hosted by @events@bristol.example")
			require.NotContains(t, upcoming, "Pending day")
		})
	}
}
