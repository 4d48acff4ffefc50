package pages_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/internal/app"
)

func TestGatheringPage(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ref := b.create(t, true, nil)

	p := b.get(t, fmt.Sprintf("/gatherings/%d", ref.ID))
	require.Equal(t, http.StatusOK, p.Status, p.Body)
	require.Equal(t, "text/html; charset=utf-8", p.Header.Get("Content-Type"))
	require.Contains(t, p.Header.Values("Vary"), "Accept")

	require.Equal(t, "Tech co-op network gathering", meta(t, p, "og:title"))
	require.Equal(t, "A day of honest business talk, big-tech ethics, show and tell, and the pub.", meta(t, p, "og:description"))
	require.Equal(t, ref.URL, meta(t, p, "og:url"))
	require.Equal(t, "website", meta(t, p, "og:type"))
	alternates := find(p.Doc, func(n *html.Node) bool {
		typ, _ := attr(n, "type")
		return n.Data == "link" && typ == "application/activity+json"
	})
	require.Len(t, alternates, 1)
	href, _ := attr(alternates[0], "href")
	require.Equal(t, ref.APID, href)

	// The facts, the map link and the schedule.
	require.Contains(t, p.Body, "Saturday 27 March 2027, 10:00 GMT – Sunday 28 March 2027, 12:00 BST")
	require.Contains(t, p.Body, "Europe/London")
	require.Contains(t, p.Body, `href="https://www.openstreetmap.org/?mlat=51.5362&amp;mlon=-0.1033#map=17/51.5362/-0.1033"`)
	require.Contains(t, p.Body, "1 Example Road, London N1 0AA, GB")
	require.Contains(t, p.Body, "<strong>Business development</strong>", "the description is rendered Markdown")
	require.NotContains(t, p.Body, "<iframe")
	cellsOf := func(room string) []*html.Node {
		return find(p.Doc, func(n *html.Node) bool {
			r, ok := attr(n, "data-room")
			return n.Data == "td" && ok && r == room
		})
	}
	require.Len(t, cellsOf("Main room"), 3)
	require.Len(t, cellsOf("Small room"), 5)
	require.Len(t, cellsOf("Lobby and kitchen"), 2)
	require.Len(t, cellsOf(""), 1, "the pub has no room")
	require.Len(t, find(p.Doc, tag("table")), 2, "a table per day")
	require.Contains(t, p.Body, "Sam from Coop B")
	require.Contains(t, p.Body, "15 places")

	// How to follow and RSVP.
	require.Contains(t, p.Body, "@events@"+b.inst.App.URLs().Host())
	require.Contains(t, p.Body, "reply “going”")
	uri := find(p.Doc, func(n *html.Node) bool {
		name, _ := attr(n, "name")
		return n.Data == "input" && name == "uri"
	})
	require.Len(t, uri, 1)
	v, _ := attr(uri[0], "value")
	require.Equal(t, ref.URL, v)

	ld := jsonLD(t, p)
	require.Equal(t, "https://schema.org", ld["@context"])
	require.Equal(t, "Event", ld["@type"])
	require.Equal(t, "Tech co-op network gathering", ld["name"])
	require.Equal(t, "2027-03-27T10:00:00+00:00", ld["startDate"])
	require.Equal(t, "2027-03-28T12:00:00+01:00", ld["endDate"])
	require.Equal(t, "https://schema.org/EventScheduled", ld["eventStatus"])
	require.Equal(t, "https://schema.org/OfflineEventAttendanceMode", ld["eventAttendanceMode"])
	loc := ld["location"].(map[string]any)
	require.Equal(t, "Place", loc["@type"])
	require.Equal(t, "Co-op workspace", loc["name"])
	require.Equal(t, "PostalAddress", loc["address"].(map[string]any)["@type"])
	require.Equal(t, "N1 0AA", loc["address"].(map[string]any)["postalCode"])
	require.InDelta(t, 51.5362, loc["geo"].(map[string]any)["latitude"], 1e-9)
	require.Equal(t, "Co-op events", ld["organizer"].(map[string]any)["name"])
	subs := ld["subEvent"].([]any)
	require.Len(t, subs, 11)
	sunday := subs[10].(map[string]any)
	require.Equal(t, "Pre-mortems: imagining a project's failure before it starts", sunday["name"])
	require.Equal(t, "2027-03-28T10:00:00+01:00", sunday["startDate"], "the Sunday session is in summer time")
	require.Equal(t, "Small room, Co-op workspace", sunday["location"].(map[string]any)["name"])
	require.EqualValues(t, 15, sunday["maximumAttendeeCapacity"])
}

func TestSessionPage(t *testing.T) {
	t.Parallel()
	b := setup(t)
	in := exampleInput(t)
	ref := b.create(t, true, nil)
	s := sessionNamed(t, ref, in, "Pre-mortems: imagining a project's failure before it starts")
	workshop := sessionNamed(t, ref, in, "How we're really doing")

	p := b.get(t, fmt.Sprintf("/sessions/%d", s.ID))
	require.Equal(t, http.StatusOK, p.Status, p.Body)
	require.Equal(t, s.URL, meta(t, p, "og:url"))
	require.Contains(t, meta(t, p, "og:title"), "Pre-mortems")
	require.Contains(t, meta(t, p, "og:description"), "Small room")
	require.Contains(t, p.Body, "Sunday 28 March 2027, 10:00–12:00 BST")
	require.Contains(t, p.Body, `href="`+ref.URL+`"`, "links to its gathering")
	require.Contains(t, p.Body, "The clocks go forward overnight")
	require.Contains(t, p.Body, "Business development")

	ld := jsonLD(t, p)
	require.Equal(t, "Event", ld["@type"])
	require.Equal(t, s.URL, ld["@id"])
	require.Equal(t, "2027-03-28T10:00:00+01:00", ld["startDate"])
	require.Equal(t, "2027-03-28T12:00:00+01:00", ld["endDate"])
	sup := ld["superEvent"].(map[string]any)
	require.Equal(t, ref.URL, sup["@id"])
	require.Equal(t, "Tech co-op network gathering", sup["name"])

	p = b.get(t, fmt.Sprintf("/sessions/%d", workshop.ID))
	require.Equal(t, http.StatusOK, p.Status)
	require.Contains(t, p.Body, "Sam from Coop B")
	require.Contains(t, p.Body, "Finances, burnout")
	ld = jsonLD(t, p)
	require.Equal(t, "Sam from Coop B", ld["performer"].([]any)[0].(map[string]any)["name"])
}

func TestPageStatuses(t *testing.T) {
	t.Parallel()
	b := setup(t)
	in := exampleInput(t)
	draft := b.create(t, false, nil)
	cancelled := b.create(t, true, nil)
	_, err := b.inst.App.CancelGathering(t.Context(), cancelled.ID)
	require.NoError(t, err)
	deleted := b.create(t, true, nil)
	deletedSession := sessionNamed(t, deleted, in, "Lunch")
	require.NoError(t, b.inst.App.DeleteGathering(t.Context(), deleted.ID))

	for _, tc := range []struct {
		path   string
		status int
		says   string
	}{
		{"/", http.StatusOK, "Co-op events"},
		{"/@events", http.StatusOK, "Co-op events"},
		{"/@EVENTS", http.StatusOK, "Co-op events"},
		{"/@nobody", http.StatusNotFound, "Page not found"},
		{fmt.Sprintf("/gatherings/%d", draft.ID), http.StatusNotFound, "Page not found"},
		{fmt.Sprintf("/sessions/%d", draft.Sessions[0].ID), http.StatusNotFound, "Page not found"},
		{fmt.Sprintf("/gatherings/%d", cancelled.ID), http.StatusOK, "This gathering will not take place"},
		{fmt.Sprintf("/sessions/%d", cancelled.Sessions[1].ID), http.StatusOK, "will not take place"},
		{fmt.Sprintf("/gatherings/%d", deleted.ID), http.StatusGone, "This has been deleted"},
		{fmt.Sprintf("/sessions/%d", deletedSession.ID), http.StatusGone, "This has been deleted"},
		{"/gatherings/999999", http.StatusNotFound, "Page not found"},
		{"/gatherings/not-a-number", http.StatusNotFound, "Page not found"},
		{"/sessions/999999", http.StatusNotFound, "Page not found"},
		{"/interact", http.StatusOK, "Your fediverse address"},
	} {
		p := b.get(t, tc.path)
		require.Equal(t, tc.status, p.Status, tc.path)
		require.Equal(t, "text/html; charset=utf-8", p.Header.Get("Content-Type"), tc.path)
		require.Contains(t, p.Body, tc.says, tc.path)
	}

	p := b.get(t, fmt.Sprintf("/gatherings/%d", cancelled.ID))
	require.Equal(t, "Cancelled: Tech co-op network gathering", meta(t, p, "og:title"))
	require.Equal(t, "https://schema.org/EventCancelled", jsonLD(t, p)["eventStatus"])

	p = b.get(t, "/@events")
	require.Contains(t, p.Body, "Cancelled</span>", "the profile marks the cancelled gathering")
	require.Equal(t, 1, strings.Count(p.Body, `class="card-title"`), "the draft and the deleted one are not listed")
}

func TestJSONLDCannotCloseTheScript(t *testing.T) {
	t.Parallel()
	b := setup(t)
	const evil = `</script><script>alert(1)</script>`
	ref := b.create(t, true, func(in *app.GatheringInput) {
		in.Title = "Party " + evil
		in.Summary = `"quotes" & <b>tags</b> ` + evil
		in.Sessions[0].Title = "Welcome " + evil
	})
	for _, path := range []string{fmt.Sprintf("/gatherings/%d", ref.ID), fmt.Sprintf("/sessions/%d", ref.Sessions[0].ID), "/@events"} {
		p := b.get(t, path)
		require.Equal(t, http.StatusOK, p.Status)
		require.NotContains(t, p.Body, "<script>alert(1)", path)
		require.NotContains(t, p.Body, "<b>tags", path)
		scripts := find(p.Doc, tag("script"))
		for _, s := range scripts {
			typ, _ := attr(s, "type")
			src, _ := attr(s, "src")
			require.True(t, typ == "application/ld+json" || src != "", "only our own scripts: %s", path)
		}
		if path != "/@events" {
			ld := jsonLD(t, p)
			require.Contains(t, ld["name"], evil, "the title survives, encoded, in the JSON")
		}
	}
}

func TestInteract(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ref := b.create(t, true, nil)

	t.Run("an address that is not one", func(t *testing.T) {
		t.Parallel()
		p := b.post(t, "/interact", url.Values{"handle": {"not a handle"}, "uri": {ref.URL}})
		require.Equal(t, http.StatusBadRequest, p.Status)
		require.Contains(t, p.Body, "Tech co-op network gathering", "the gathering page again")
		inputs := find(p.Doc, func(n *html.Node) bool { id, _ := attr(n, "id"); return n.Data == "input" && id == "handle" })
		require.Len(t, inputs, 1)
		value, _ := attr(inputs[0], "value")
		require.Equal(t, "not a handle", value, "what they typed is kept")
		invalid, _ := attr(inputs[0], "aria-invalid")
		require.Equal(t, "true", invalid)
		described, _ := attr(inputs[0], "aria-describedby")
		require.Contains(t, described, "handle-error")
		errs := find(p.Doc, func(n *html.Node) bool { id, _ := attr(n, "id"); return id == "handle-error" })
		require.Len(t, errs, 1)
		require.Contains(t, text(errs[0]), "Give your full fediverse address")
		require.Equal(t, inputs[0].Parent.Parent, errs[0].Parent, "the error is in the form, beside the field")
		require.True(t, strings.HasPrefix(text(find(p.Doc, tag("title"))[0]), "Error: "))
	})

	t.Run("a server that does not answer", func(t *testing.T) {
		t.Parallel()
		p := b.post(t, "/interact", url.Values{"handle": {"@someone@127.0.0.1:1"}, "uri": {b.inst.App.URLs().Actor("events")}})
		require.Equal(t, http.StatusBadRequest, p.Status)
		require.Contains(t, p.Body, "could not be found")
		require.Contains(t, p.Body, "Follow from Mastodon", "the profile page again")
		require.Contains(t, p.Body, `value="@someone@127.0.0.1:1"`)
	})

	t.Run("a page that is not ours", func(t *testing.T) {
		t.Parallel()
		p := b.post(t, "/interact", url.Values{"handle": {"@alice@mastodon.example"}, "uri": {"https://elsewhere.example/x"}})
		require.Equal(t, http.StatusBadRequest, p.Status)
		require.Contains(t, p.Body, "not to a page on this server")
	})

	t.Run("to the visitor's server", func(t *testing.T) {
		t.Parallel()
		masto := fedtest.NewServer(t, fedtest.Mastodon)
		alice := masto.AddActor("alice")
		p := b.post(t, "/interact", url.Values{"handle": {alice.Handle}, "uri": {ref.URL}})
		require.Equal(t, http.StatusSeeOther, p.Status, p.Body)
		require.Equal(t, masto.URL()+"/authorize_interaction?uri="+url.QueryEscape(ref.URL), p.Header.Get("Location"))

		p = b.get(t, "/interact?"+url.Values{"handle": {alice.Handle}, "uri": {ref.URL}}.Encode())
		require.Equal(t, http.StatusOK, p.Status, "a link shows the form filled in, and never redirects by itself")
		require.Contains(t, p.Body, `value="`+alice.Handle+`"`)
	})

	t.Run("from another site", func(t *testing.T) {
		t.Parallel()
		req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, b.base+"/interact",
			strings.NewReader(url.Values{"handle": {"@a@b.example"}, "uri": {ref.URL}}.Encode()))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		p := do(t, req)
		require.Equal(t, http.StatusForbidden, p.Status)
		require.Contains(t, p.Body, "only be sent from this site")
	})
}

// TestHTMLSmoke checks every page for what a validator and a screen
// reader would trip on first.
func TestHTMLSmoke(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ref := b.create(t, true, nil)
	for _, path := range []string{"/", "/@events", fmt.Sprintf("/gatherings/%d", ref.ID), fmt.Sprintf("/sessions/%d", ref.Sessions[1].ID),
		"/interact?uri=" + url.QueryEscape(ref.URL), "/gatherings/999999"} {
		p := b.get(t, path)
		require.True(t, strings.HasPrefix(p.Body, "<!doctype html>"), path)
		htmls := find(p.Doc, tag("html"))
		lang, _ := attr(htmls[0], "lang")
		require.Equal(t, "en", lang, path)
		require.Len(t, find(p.Doc, tag("h1")), 1, path)
		require.Len(t, find(p.Doc, tag("title")), 1, path)
		for _, landmark := range []string{"header", "nav", "main", "footer"} {
			require.Len(t, find(p.Doc, tag(landmark)), 1, "%s: one %s", path, landmark)
		}

		// Headings go down one level at a time.
		level := 0
		for _, h := range find(p.Doc, func(n *html.Node) bool {
			return len(n.Data) == 2 && n.Data[0] == 'h' && n.Data[1] >= '1' && n.Data[1] <= '6'
		}) {
			l := int(h.Data[1] - '0')
			require.LessOrEqual(t, l, level+1, "%s: %s %q after h%d", path, h.Data, text(h), level)
			level = l
		}

		// Ids are unique, and every field has a label.
		ids := map[string]bool{}
		labels := map[string]bool{}
		for _, n := range find(p.Doc, func(*html.Node) bool { return true }) {
			if id, ok := attr(n, "id"); ok {
				require.False(t, ids[id], "%s: id %q twice", path, id)
				ids[id] = true
			}
			if f, ok := attr(n, "for"); ok && n.Data == "label" {
				labels[f] = true
			}
		}
		for _, f := range find(p.Doc, func(n *html.Node) bool {
			typ, _ := attr(n, "type")
			return (n.Data == "input" && typ != "hidden") || n.Data == "select" || n.Data == "textarea"
		}) {
			id, _ := attr(f, "id")
			require.True(t, labels[id], "%s: field %q has no label", path, id)
		}
		for _, img := range find(p.Doc, tag("img")) {
			_, ok := attr(img, "alt")
			require.True(t, ok, "%s: img without alt", path)
		}
	}
}

func TestAsset(t *testing.T) {
	t.Parallel()
	b := setup(t)
	p := b.get(t, "/")
	links := find(p.Doc, func(n *html.Node) bool { rel, _ := attr(n, "rel"); return n.Data == "link" && rel == "stylesheet" })
	require.Len(t, links, 1)
	href, _ := attr(links[0], "href")
	require.True(t, strings.HasPrefix(href, "/assets/gather.css?v="), href)

	css := b.get(t, href)
	require.Equal(t, http.StatusOK, css.Status)
	require.Equal(t, "text/css; charset=utf-8", css.Header.Get("Content-Type"))
	require.Contains(t, css.Header.Get("Cache-Control"), "immutable")
	require.Contains(t, css.Body, ".grid")
	require.Equal(t, http.StatusNotFound, b.get(t, "/assets/nothing.css").Status)
}

func TestCalendarAndFeed(t *testing.T) {
	t.Parallel()
	b := setup(t)
	in := exampleInput(t)
	ref := b.create(t, true, nil)
	draft := b.create(t, false, nil)
	deleted := b.create(t, true, nil)
	require.NoError(t, b.inst.App.DeleteGathering(t.Context(), deleted.ID))

	ics := b.get(t, fmt.Sprintf("/gatherings/%d/calendar.ics", ref.ID))
	require.Equal(t, http.StatusOK, ics.Status)
	require.Equal(t, "text/calendar; charset=utf-8", ics.Header.Get("Content-Type"))
	require.Contains(t, ics.Header.Get("Content-Disposition"), fmt.Sprintf(`filename="gathering-%d.ics"`, ref.ID))
	require.True(t, strings.HasPrefix(ics.Body, "BEGIN:VCALENDAR\r\n"))
	require.Contains(t, ics.Body, "SUMMARY:Tech co-op network gathering")
	require.Equal(t, len(in.Sessions)+1, strings.Count(ics.Body, "BEGIN:VEVENT"))

	etag := ics.Header.Get("ETag")
	require.NotEmpty(t, etag)
	again := b.get(t, fmt.Sprintf("/gatherings/%d/calendar.ics", ref.ID), "If-None-Match", etag)
	require.Equal(t, http.StatusNotModified, again.Status, "the same calendar gives the same bytes, so apps that poll get 304")

	require.Equal(t, http.StatusNotFound, b.get(t, fmt.Sprintf("/gatherings/%d/calendar.ics", draft.ID)).Status)
	require.Equal(t, http.StatusGone, b.get(t, fmt.Sprintf("/gatherings/%d/calendar.ics", deleted.ID)).Status)

	coop := b.get(t, "/@events/calendar.ics")
	require.Equal(t, http.StatusOK, coop.Status)
	require.Contains(t, coop.Body, "SUMMARY:Tech co-op network gathering")
	require.NotContains(t, coop.Body, fmt.Sprintf("gathering-%d@", draft.ID), "no drafts")
	require.Equal(t, http.StatusNotFound, b.get(t, "/@nobody/calendar.ics").Status)

	atom := b.get(t, "/@events/feed.atom")
	require.Equal(t, http.StatusOK, atom.Status)
	require.Equal(t, "application/atom+xml; charset=utf-8", atom.Header.Get("Content-Type"))
	require.Contains(t, atom.Body, "<title>Co-op events</title>")
	require.Contains(t, atom.Body, "Tech co-op network gathering")

	// The profile and the gathering page point at them.
	profile := b.get(t, "/@events")
	feeds := find(profile.Doc, func(n *html.Node) bool {
		typ, _ := attr(n, "type")
		return n.Data == "link" && typ == "application/atom+xml"
	})
	require.Len(t, feeds, 1)
	href, _ := attr(feeds[0], "href")
	require.Equal(t, b.inst.App.URLs().Profile("events")+"/feed.atom", href)
	require.Contains(t, profile.Body, `href="webcal://`+b.inst.App.URLs().Host()+`/@events/calendar.ics"`)
	page := b.get(t, fmt.Sprintf("/gatherings/%d", ref.ID))
	require.Contains(t, page.Body, fmt.Sprintf(`href="%s/calendar.ics"`, ref.URL))
}

// TestNegotiation checks that the pages leave the ActivityStreams side of
// the same URLs, and the routes beneath them, as they were.
func TestNegotiation(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ref := b.create(t, true, nil)
	const as = "application/activity+json"
	for _, path := range []string{fmt.Sprintf("/gatherings/%d", ref.ID), fmt.Sprintf("/sessions/%d", ref.Sessions[0].ID)} {
		p := b.get(t, path, "Accept", as)
		require.Equal(t, http.StatusOK, p.Status, path)
		require.Contains(t, p.Header.Get("Content-Type"), "activity+json", path)
		require.Contains(t, p.Body, `"type":"Event"`, path)
	}
	p := b.get(t, fmt.Sprintf("/gatherings/%d/replies", ref.ID), "Accept", as)
	require.NotEqual(t, http.StatusNotFound, p.Status, "the replies collection is still routed")
	require.NotEqual(t, http.StatusMethodNotAllowed, p.Status)
}

func TestOnlineAndMixedGatherings(t *testing.T) {
	t.Parallel()
	b := setup(t)
	online := "https://meet.example/coop-assembly"
	onlineOnly := b.create(t, true, func(in *app.GatheringInput) {
		in.Venue, in.OnlineURL, in.Rooms, in.Sessions = nil, &online, nil, nil
	})
	mixed := b.create(t, true, func(in *app.GatheringInput) { in.OnlineURL = &online })

	p := b.get(t, fmt.Sprintf("/gatherings/%d", onlineOnly.ID))
	require.Equal(t, http.StatusOK, p.Status)
	require.Contains(t, p.Body, `href="`+online+`"`)
	require.NotContains(t, p.Body, "OpenStreetMap")
	require.Empty(t, find(p.Doc, tag("table")), "no sessions, no schedule")
	ld := jsonLD(t, p)
	require.Equal(t, "https://schema.org/OnlineEventAttendanceMode", ld["eventAttendanceMode"])
	require.Equal(t, map[string]any{"@type": "VirtualLocation", "url": online}, ld["location"])

	ld = jsonLD(t, b.get(t, fmt.Sprintf("/gatherings/%d", mixed.ID)))
	require.Equal(t, "https://schema.org/MixedEventAttendanceMode", ld["eventAttendanceMode"])
	locations := ld["location"].([]any)
	require.Len(t, locations, 2)
	require.Equal(t, "Place", locations[0].(map[string]any)["@type"])
	require.Equal(t, "VirtualLocation", locations[1].(map[string]any)["@type"])

	p = b.get(t, "/@events")
	require.Contains(t, p.Body, "Co-op workspace, London and online")
	require.Contains(t, p.Body, "· Online<")
}

func TestFediverseFacilitator(t *testing.T) {
	t.Parallel()
	b := setup(t)
	masto := fedtest.NewServer(t, fedtest.Mastodon)
	alice := masto.AddActor("alice")
	ref := b.create(t, true, func(in *app.GatheringInput) {
		in.Sessions[1].Facilitators = []string{alice.Handle, "A visiting researcher"}
	})

	p := b.get(t, fmt.Sprintf("/sessions/%d", ref.Sessions[1].ID))
	require.Equal(t, http.StatusOK, p.Status)
	people := find(p.Doc, func(n *html.Node) bool { c, _ := attr(n, "class"); return c == "person" })
	require.Len(t, people, 2)
	links := find(people[0], tag("a"))
	require.Len(t, links, 1, "a fediverse facilitator links to their profile")
	href, _ := attr(links[0], "href")
	require.Equal(t, alice.URL, href)
	require.Empty(t, find(people[1], tag("a")), "a name alone links nowhere")
	require.Equal(t, "A", text(find(p.Doc, func(n *html.Node) bool {
		c, _ := attr(n, "class")
		return c == "avatar avatar-none"
	})[1]), "no picture: an initial")
}

func TestProfileSummaryIsSanitised(t *testing.T) {
	t.Parallel()
	b := setup(t)
	_, err := b.inst.App.UpdateProfile(t.Context(), "events", app.ProfileParams{Name: "Co-op events",
		SummaryHTML: `<p>We are <em>a network</em> of <a href="https://coops.example">tech co-ops</a>.</p><script>alert(1)</script><img src=x onerror=alert(2)>`})
	require.NoError(t, err)
	for _, path := range []string{"/@events", "/"} {
		p := b.get(t, path)
		require.Equal(t, http.StatusOK, p.Status)
		require.Contains(t, p.Body, `<em>a network</em>`, path)
		require.Contains(t, p.Body, `<a href="https://coops.example" rel="nofollow">tech co-ops</a>`, path)
		require.NotContains(t, p.Body, "alert(", path)
		require.NotContains(t, p.Body, "onerror", path)
	}
}

func TestDayOfSignUp(t *testing.T) {
	t.Parallel()
	b := setup(t)
	seats := 1
	nook := "Nook"
	yes := true
	in := app.GatheringInput{Title: "Door day", Timezone: "Europe/London", StartsAt: "2027-04-10T10:00", EndsAt: "2027-04-10T17:00",
		Venue: &app.VenueInput{Name: "Hall"}, DayOfSignup: &yes, Rooms: []app.RoomInput{{Name: nook, Capacity: &seats}},
		Sessions: []app.SessionInput{{Title: "Tiny workshop", Room: &nook, StartsAt: "2027-04-10T11:00", EndsAt: "2027-04-10T12:00"}}}
	ref, err := b.inst.App.CreateGathering(t.Context(), "events", &in, true)
	require.NoError(t, err)
	path := strings.TrimPrefix(ref.Sessions[0].URL, b.base)

	page := b.get(t, path)
	require.Contains(t, page.Body, `action="`+ref.Sessions[0].URL+`/signup"`, "the form shows when day-of sign-up is on")

	signUp := func(jar http.CookieJar, name string) (int, string) {
		c := &http.Client{Jar: jar}
		req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, ref.Sessions[0].URL+"/signup",
			strings.NewReader(url.Values{"name": {name}}.Encode()))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		res, err := c.Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		body, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		return res.StatusCode, string(body)
	}
	phoneA, err := cookiejar.New(nil)
	require.NoError(t, err)
	phoneB, err := cookiejar.New(nil)
	require.NoError(t, err)
	status, body := signUp(phoneA, "Sam")
	require.Equal(t, http.StatusOK, status, body)
	require.Contains(t, body, "signed up")
	status, body = signUp(phoneB, "Kit")
	require.Equal(t, http.StatusOK, status)
	require.Contains(t, body, "#1 in line")
	status, _ = signUp(phoneA, "Sam")
	require.Equal(t, http.StatusOK, status, "the same phone again is the same sign-up")
	status, body = signUp(phoneA, "")
	require.Equal(t, http.StatusBadRequest, status)
	require.Contains(t, body, "Give your name")

	list, err := b.inst.App.ListRSVPs(t.Context(), ref.ID)
	require.NoError(t, err)
	require.Len(t, list, 4, "Sam and Kit, each at the workshop and so at the gathering")
	for _, r := range list {
		require.False(t, r.Person.Verified, "day-of sign-ups are unverified")
		require.Equal(t, "web", r.Channel)
	}

	// A sign-up at the door of a cancelled gathering is refused as such,
	// not as the server's failure.
	_, err = b.inst.App.CancelGathering(t.Context(), ref.ID)
	require.NoError(t, err)
	phoneC, err := cookiejar.New(nil)
	require.NoError(t, err)
	status, body = signUp(phoneC, "Lou")
	require.Equal(t, http.StatusConflict, status, body)
	require.Contains(t, body, "The gathering takes no answers now: it is a draft, cancelled or over.")
}
