package calendar_test

import (
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/calendar"
	"github.com/gather-coop/gather/internal/model"
)

// feed is what a reader takes from an Atom document; declared here, apart
// from the package's own types, so the test reads the XML afresh.
type feed struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Links   []link   `xml:"link"`
	Author  struct {
		Name string `xml:"name"`
		URI  string `xml:"uri"`
	} `xml:"author"`
	Entries []entry `xml:"entry"`
}

type link struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
	Href string `xml:"href,attr"`
}

type text struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type entry struct {
	ID         string `xml:"id"`
	Title      text   `xml:"title"`
	Links      []link `xml:"link"`
	Updated    string `xml:"updated"`
	Published  string `xml:"published"`
	Summary    text   `xml:"summary"`
	Content    *text  `xml:"content"`
	Categories []struct {
		Term string `xml:"term,attr"`
	} `xml:"category"`
}

func TestAtom(t *testing.T) {
	t.Parallel()
	example := exampleEntry(t).Gathering // 27–28 March 2027, updated 10 February 2027
	at := func(v string) time.Time { return local(t, "Europe/London", v) }
	gathering := func(id int64, title, start string, status model.GatheringStatus, updated time.Time) model.Gathering {
		return model.Gathering{
			ID: id, Title: title, Timezone: "Europe/London", Status: status,
			StartsAt: at(start), EndsAt: at(start).Add(3 * time.Hour),
			Venue:     model.Venue{Name: "Hall", Locality: "Leeds", Country: "GB"},
			CreatedAt: updated.Add(-time.Hour), UpdatedAt: updated,
		}
	}
	later := gathering(20, "Summer social", "2027-07-03T18:00", model.StatusPublished, time.Date(2027, 2, 20, 8, 0, 0, 0, time.UTC))
	past := gathering(21, "Winter assembly", "2027-01-16T10:00", model.StatusPublished, time.Date(2027, 1, 17, 9, 0, 0, 0, time.UTC))
	older := gathering(22, "Autumn assembly", "2026-10-10T10:00", model.StatusPublished, time.Date(2026, 10, 11, 9, 0, 0, 0, time.UTC))
	cancelled := gathering(23, "Spring walk", "2027-04-10T10:00", model.StatusCancelled, time.Date(2027, 2, 25, 8, 0, 0, 0, time.UTC))
	draft := gathering(24, "Not yet", "2027-05-01T10:00", model.StatusDraft, time.Date(2027, 2, 28, 8, 0, 0, 0, time.UTC))
	online := gathering(25, "Online AGM", "2027-06-05T10:00", model.StatusPublished, time.Date(2027, 2, 1, 8, 0, 0, 0, time.UTC))
	online.Venue, online.OnlineURL = model.Venue{}, "https://meet.example/agm"

	raw, err := calendar.Atom("https://coop.example/@events/feed.atom", "Coop A", "https://coop.example/@events",
		[]model.Gathering{older, later, draft, past, example, cancelled, online}, testLinks, testNow)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(string(raw), xml.Header))

	var f feed
	require.NoError(t, xml.Unmarshal(raw, &f))
	require.Equal(t, "https://coop.example/@events/feed.atom", f.ID)
	require.Equal(t, "Coop A", f.Title)
	require.Equal(t, "Coop A", f.Author.Name)
	require.Equal(t, "https://coop.example/@events", f.Author.URI)
	require.Contains(t, f.Links, link{Rel: "self", Type: "application/atom+xml", Href: "https://coop.example/@events/feed.atom"})
	require.Contains(t, f.Links, link{Rel: "alternate", Type: "text/html", Href: "https://coop.example/@events"})
	require.Equal(t, "2027-02-25T08:00:00Z", f.Updated, "the latest entry's update; the draft's is not shown")

	var titles []string
	for _, e := range f.Entries {
		titles = append(titles, e.Title.Body)
	}
	require.Equal(t, []string{
		"Tech co-op network gathering", "Cancelled: Spring walk", "Online AGM", "Summer social", // upcoming, soonest first
		"Winter assembly", "Autumn assembly", // past, latest first
	}, titles)

	tests := []struct {
		name  string
		entry entry
		check func(t *testing.T, e entry)
	}{{
		name: "the example", entry: f.Entries[0],
		check: func(t *testing.T, e entry) {
			require.Equal(t, "https://coop.example/events/gathering/12", e.ID, "the ActivityPub id")
			require.Equal(t, []link{{Rel: "alternate", Type: "text/html", Href: "https://coop.example/gatherings/12"}}, e.Links)
			require.Equal(t, "text", e.Title.Type)
			require.Equal(t, "2027-02-10T16:30:00Z", e.Updated)
			require.Equal(t, "2027-02-10T16:30:00Z", e.Published)
			require.Equal(t, "text", e.Summary.Type)
			require.True(t, strings.HasPrefix(e.Summary.Body,
				"Sat 27 Mar 2027 10:00 GMT – Sun 28 Mar 2027 12:00 BST (Europe/London)\n\nCo-op workspace, 1 Example Road, London, N1 0AA, GB\n\nA day of honest"),
				e.Summary.Body)
			require.NotNil(t, e.Content)
			require.True(t, strings.HasPrefix(e.Content.Body, "Two themes run side by side"))
			require.Len(t, e.Categories, 3)
			require.Equal(t, "MEETING", e.Categories[0].Term)
		},
	}, {
		name: "a day's gathering says its date once; no description, no content", entry: f.Entries[3],
		check: func(t *testing.T, e entry) {
			require.Equal(t, "Sat 3 Jul 2027, 18:00–21:00 BST (Europe/London)\n\nHall, Leeds, GB", e.Summary.Body)
			require.Nil(t, e.Content)
			require.Empty(t, e.Published, "never published: no date")
		},
	}, {
		name: "online only: the link is where", entry: f.Entries[2],
		check: func(t *testing.T, e entry) {
			require.Contains(t, e.Summary.Body, "\n\nhttps://meet.example/agm")
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.check(t, tt.entry)
		})
	}
}

func TestAtomEmptyAndIDFallbacks(t *testing.T) {
	t.Parallel()
	raw, err := calendar.Atom("https://coop.example/feed.atom", "Coop A", "https://coop.example/", nil, calendar.Links{}, testNow)
	require.NoError(t, err)
	var f feed
	require.NoError(t, xml.Unmarshal(raw, &f))
	require.Empty(t, f.Entries)
	require.Equal(t, "2027-03-01T12:00:00Z", f.Updated, "no entries: now")

	g := model.Gathering{
		ID: 9, Title: "Picnic <&> \"fun\"", Timezone: "Europe/London", Status: model.StatusPublished,
		StartsAt:  time.Date(2027, 6, 1, 11, 0, 0, 0, time.UTC),
		CreatedAt: time.Date(2027, 1, 2, 3, 4, 5, 0, time.UTC), UpdatedAt: time.Date(2027, 1, 3, 0, 0, 0, 0, time.UTC),
	}
	for _, tt := range []struct {
		name  string
		links calendar.Links
		want  string
	}{
		{"no links: a tag URI", calendar.Links{}, "tag:coop.example,2027-01-02:gathering-9"},
		{"a page but no ActivityPub id: the page", calendar.Links{GatheringURL: testLinks.GatheringURL}, "https://coop.example/gatherings/9"},
		{"both: the ActivityPub id", testLinks, "https://coop.example/events/gathering/9"},
	} {
		raw, err := calendar.Atom("https://coop.example/feed.atom", "Coop A", "https://coop.example/", []model.Gathering{g}, tt.links, testNow)
		require.NoError(t, err, tt.name)
		var f feed
		require.NoError(t, xml.Unmarshal(raw, &f), tt.name)
		require.Len(t, f.Entries, 1, tt.name)
		require.Equal(t, tt.want, f.Entries[0].ID, tt.name)
		require.Equal(t, `Picnic <&> "fun"`, f.Entries[0].Title.Body, tt.name)
	}
}
