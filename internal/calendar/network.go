package calendar

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"fmt"
	"html"
	"regexp"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/gather-coop/gather/internal/model"
)

// NetworkEvent is an event of a co-op we follow, as the network calendar
// shows it: Host is its co-op's handle, HomeURL its page on its server,
// Where its place ("Online" for a call).
type NetworkEvent struct {
	model.RemoteEvent
	Host, HomeURL, Where string
}

// NetworkICS renders the network calendar, named name: one VEVENT per
// event, in start order, each at its wall-clock time in its own zone (UTC
// when it named none). The UID is the event's ActivityPub id, which its
// host never gives to anything else, so a subscribed calendar keeps one
// entry for it through edits; the description says who hosts it.
func NetworkICS(name string, events []NetworkEvent, now time.Time) ([]byte, error) {
	w := &writer{now: now.UTC(), zones: map[string]*zoneUse{}}
	var comps []ics.Component
	for _, e := range events {
		zone := zoneName(e.Timezone)
		loc, err := loadZone(e.Timezone)
		if err != nil {
			zone, loc = "UTC", time.UTC
		}
		if w.zones[zone] == nil {
			w.zones[zone] = &zoneUse{loc: loc}
		}
		end := e.StartsAt
		if e.EndsAt != nil {
			end = *e.EndsAt
		}
		w.zones[zone].add(e.StartsAt, end)
		status := model.StatusPublished
		if e.Cancelled() {
			status = model.StatusCancelled
		}
		ev := event{uid: e.ObjectURI, title: e.Title, location: e.Where, url: e.HomeURL, start: e.StartsAt, end: end, loc: loc,
			status: status, description: joinParagraphs([]string{"Hosted by " + e.Host, textOf(e.SummaryHTML)})}
		if e.UpdatedAt != nil {
			ev.modified = *e.UpdatedAt
		}
		comps = append(comps, w.vevent(ev))
	}
	cal := ics.NewCalendarFor("Gather")
	cal.SetProductId(ProductID)
	cal.SetCalscale("GREGORIAN")
	cal.SetMethod(ics.MethodPublish)
	cal.SetName(name)
	cal.SetRefreshInterval(refreshInterval)
	cal.SetXPublishedTTL(refreshInterval)
	cal.Components = append(w.timezones(), comps...)
	var buf bytes.Buffer
	if err := cal.SerializeTo(&buf, ics.WithNewLineWindows); err != nil {
		return nil, fmt.Errorf("render network calendar: %w", err)
	}
	return buf.Bytes(), nil
}

// NetworkAtom renders the network calendar as an Atom feed: feedURL is
// its own address, pageURL the calendar's page. Entries are in start
// order; each entry's id is the event's ActivityPub id, its link the
// event's page on its host, its summary when, where and who hosts it.
func NetworkAtom(feedURL, name, pageURL string, events []NetworkEvent, now time.Time) ([]byte, error) {
	feed := atomFeed{
		ID:    feedURL,
		Title: name,
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: feedURL},
			{Rel: "alternate", Type: "text/html", Href: pageURL},
		},
		Author:    atomPerson{Name: name, URI: pageURL},
		Generator: "Gather",
	}
	var updated time.Time
	for _, e := range events {
		loc, err := loadZone(e.Timezone)
		if err != nil {
			loc = time.UTC
		}
		end := e.StartsAt
		if e.EndsAt != nil {
			end = *e.EndsAt
		}
		title := plain(e.Title)
		if e.Cancelled() {
			title = "Cancelled: " + title
		}
		stamp := cmp.Or(derefTime(e.Version), e.ReceivedAt)
		entry := atomEntry{
			ID:      e.ObjectURI,
			Title:   atomText{Type: "text", Body: title},
			Updated: atomTime(stamp),
			Summary: &atomText{Type: "text", Body: joinParagraphs([]string{
				when(e.StartsAt, end, loc), e.Where, "Hosted by " + e.Host, textOf(e.SummaryHTML),
			})},
			Links: []atomLink{{Rel: "alternate", Type: "text/html", Href: e.HomeURL}},
		}
		if e.PublishedAt != nil {
			entry.Published = atomTime(*e.PublishedAt)
		}
		feed.Entries = append(feed.Entries, entry)
		updated = maxTime(updated, stamp)
	}
	if updated.IsZero() {
		updated = now
	}
	feed.Updated = atomTime(updated)
	body, err := xml.MarshalIndent(feed, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("render network feed: %w", err)
	}
	return append([]byte(xml.Header), append(body, '\n')...), nil
}

func derefTime(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

var tags = regexp.MustCompile(`<[^>]*>`)

// textOf is sanitised HTML (a remote event's summary) as plain text:
// paragraphs and breaks become line breaks, other tags go, entities are
// read.
func textOf(h string) string {
	h = strings.NewReplacer("<br>", "\n", "<br/>", "\n", "<br />", "\n", "</p>", "\n\n").Replace(h)
	return plain(html.UnescapeString(tags.ReplaceAllString(h, "")))
}
