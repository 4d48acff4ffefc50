package calendar

import (
	"cmp"
	"encoding/xml"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/gather-coop/gather/internal/model"
)

// atomFeed is an Atom 1.0 feed (RFC 4287).
type atomFeed struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID        string      `xml:"id"`
	Title     string      `xml:"title"`
	Updated   string      `xml:"updated"`
	Links     []atomLink  `xml:"link"`
	Author    atomPerson  `xml:"author"`
	Generator string      `xml:"generator"`
	Entries   []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      atomText       `xml:"title"`
	Links      []atomLink     `xml:"link,omitempty"`
	Updated    string         `xml:"updated"`
	Published  string         `xml:"published,omitempty"`
	Summary    *atomText      `xml:"summary,omitempty"`
	Content    *atomText      `xml:"content,omitempty"`
	Categories []atomCategory `xml:"category,omitempty"`
}

// Atom renders an Atom 1.0 feed of a co-op's gatherings: feedURL is the
// feed's own address (its id and rel="self"), coopName and coopURL the
// co-op (title, author, rel="alternate").
//
// Drafts are left out. Entries come as people want them: upcoming
// gatherings first, soonest first, then past ones, latest first; a
// gathering counts as upcoming until it ends. Each entry's id is the
// gathering's ActivityPub id when links.EventID is set, else its page, so
// it never changes; its summary says when and where, its content is the
// description as text. The feed's updated is the latest entry's, or now
// when there are none.
func Atom(feedURL, coopName, coopURL string, entries []model.Gathering, links Links, now time.Time) ([]byte, error) {
	feed := atomFeed{
		ID:    feedURL,
		Title: coopName,
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: feedURL},
			{Rel: "alternate", Type: "text/html", Href: coopURL},
		},
		Author:    atomPerson{Name: coopName, URI: coopURL},
		Generator: "Gather",
	}
	var updated time.Time
	for _, g := range atomOrder(entries, now) {
		e, err := atomEntryOf(feedURL, g, links, now)
		if err != nil {
			return nil, err
		}
		feed.Entries = append(feed.Entries, e)
		updated = maxTime(updated, entryUpdated(g, now))
	}
	if updated.IsZero() {
		updated = now
	}
	feed.Updated = atomTime(updated)

	body, err := xml.MarshalIndent(feed, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("render atom feed %s: %w", feedURL, err)
	}
	return append([]byte(xml.Header), append(body, '\n')...), nil
}

// atomOrder drops drafts and puts upcoming gatherings first, soonest
// first, then past ones, latest first.
func atomOrder(gatherings []model.Gathering, now time.Time) []model.Gathering {
	var upcoming, past []model.Gathering
	for _, g := range gatherings {
		switch {
		case g.Status == model.StatusDraft:
		case !maxTime(g.StartsAt, g.EndsAt).Before(now):
			upcoming = append(upcoming, g)
		default:
			past = append(past, g)
		}
	}
	byStart := func(a, b model.Gathering) int {
		return cmp.Or(a.StartsAt.Compare(b.StartsAt), cmp.Compare(a.ID, b.ID))
	}
	slices.SortStableFunc(upcoming, byStart)
	slices.SortStableFunc(past, func(a, b model.Gathering) int { return byStart(b, a) })
	return append(upcoming, past...)
}

func atomEntryOf(feedURL string, g model.Gathering, links Links, now time.Time) (atomEntry, error) {
	loc, err := loadZone(g.Timezone)
	if err != nil {
		return atomEntry{}, fmt.Errorf("atom entry for gathering %d: %w", g.ID, err)
	}
	var page string
	if links.GatheringURL != nil {
		page = links.GatheringURL(g.ID)
	}
	title := plain(g.Title)
	if g.Status == model.StatusCancelled {
		title = "Cancelled: " + title
	}
	e := atomEntry{
		ID:      entryID(feedURL, g, links, page),
		Title:   atomText{Type: "text", Body: title},
		Updated: atomTime(entryUpdated(g, now)),
		Summary: &atomText{Type: "text", Body: joinParagraphs([]string{
			when(g.StartsAt, g.EndsAt, loc), location(g, ""), plain(g.Summary),
		})},
	}
	if page != "" {
		e.Links = []atomLink{{Rel: "alternate", Type: "text/html", Href: page}}
	}
	if g.PublishedAt != nil {
		e.Published = atomTime(*g.PublishedAt)
	}
	if content := joinParagraphs([]string{plain(g.Description), onlineLine(g)}); content != "" {
		e.Content = &atomText{Type: "text", Body: content}
	}
	if g.Category != "" {
		e.Categories = append(e.Categories, atomCategory{Term: g.Category, Label: label(g.Category)})
	}
	for _, tag := range g.Tags {
		e.Categories = append(e.Categories, atomCategory{Term: tag})
	}
	return e, nil
}

func onlineLine(g model.Gathering) string {
	if g.OnlineURL == "" || g.Venue.IsZero() {
		return "" // online only: the summary's "where" already says it
	}
	return "Online: " + g.OnlineURL
}

// entryID is the gathering's ActivityPub id, else its page, else a tag URI
// (RFC 4151) minted from the feed's host and the gathering's creation date.
func entryID(feedURL string, g model.Gathering, links Links, page string) string {
	if links.EventID != nil {
		if id := links.EventID("gathering", g.ID); id != "" {
			return id
		}
	}
	if page != "" {
		return page
	}
	host := feedURL
	if u, err := url.Parse(feedURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	return "tag:" + host + "," + g.CreatedAt.UTC().Format(time.DateOnly) + ":gathering-" + strconv.FormatInt(g.ID, 10)
}

func entryUpdated(g model.Gathering, now time.Time) time.Time {
	for _, t := range []time.Time{g.UpdatedAt, g.CreatedAt} {
		if !t.IsZero() {
			return t
		}
	}
	return now
}

func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// when says when a gathering happens in its own zone, e.g.
// "Sat 27 Mar 2027, 10:00–17:00 GMT (Europe/London)" or, over several days,
// "Sat 27 Mar 2027 10:00 GMT – Sun 28 Mar 2027 12:00 BST (Europe/London)".
func when(start, end time.Time, loc *time.Location) string {
	const day, clock = "Mon 2 Jan 2006", "15:04 MST"
	s, e := start.In(loc), end.In(loc)
	zone := " (" + loc.String() + ")"
	switch {
	case !end.After(start):
		return s.Format(day+" "+clock) + zone
	case s.Format(day) == e.Format(day):
		return s.Format(day+", 15:04") + "–" + e.Format(clock) + zone
	default:
		return s.Format(day+" "+clock) + " – " + e.Format(day+" "+clock) + zone
	}
}
