package remoteevent

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/gather-coop/gather/federation/jsonvalue"

	"github.com/gather-coop/gather/federation"
)

// OutboxPage is what one page of an actor's outbox holds for the network
// calendar.
type OutboxPage struct {
	// Events are the upcoming events embedded in the page's Create and
	// Update items, by the actor's server.
	Events []Event
	// Fetch are the IRIs of events the page names but does not vouch for
	// (by IRI only, or from another origin): fetch each from its origin.
	Fetch []string
	// Next is the next page's IRI; "" at the end, or when it is on
	// another origin than the actor's.
	Next string
	// Read is how many events the page held, upcoming or not; AllPast
	// says it held some and none was upcoming. Outboxes list the newest
	// first, so past a page of past events there are only older ones.
	Read    int
	AllPast bool
}

// Upcoming reports whether the event has not yet ended at now (an event
// without an end, until it starts).
func (e Event) Upcoming(now time.Time) bool {
	if !e.End.IsZero() {
		return e.End.After(now)
	}
	return e.Start.After(now)
}

// ReadOutboxPage reads a fetched outbox document of actor: an
// OrderedCollection (whose first page may be embedded, or only named:
// then Next is its IRI) or one OrderedCollectionPage. Items that are not
// events, and events past at now, are left out without error.
func ReadOutboxPage(raw []byte, actor string, now time.Time) (OutboxPage, error) {
	return readOutboxPage(raw, actor, now, true)
}

// readOutboxPage reads a page, or a collection when top is set: a page
// embedded in a page is not read, so nesting costs nothing.
func readOutboxPage(raw []byte, actor string, now time.Time, top bool) (OutboxPage, error) {
	o, err := jsonvalue.Decode(raw)
	if err != nil {
		return OutboxPage{}, fmt.Errorf("read outbox of %s: %w", actor, err)
	}
	var p OutboxPage
	items := o["orderedItems"]
	if items == nil {
		items = o["items"]
	}
	next := jsonvalue.RefID(o["next"])
	if first := o["first"]; items == nil && first != nil {
		if jsonvalue.Kind(first) == '{' && top {
			return readOutboxPage(first, actor, now, false)
		}
		next = jsonvalue.RefID(first)
	}
	if federation.SameOrigin(next, actor) {
		p.Next = next
	}
	for _, item := range jsonvalue.Elements(items) {
		// An activity named by IRI only is skipped: it could be anything,
		// and fetching each would cost a request per item.
		env, err := federation.DecodeActivity(item)
		if err != nil || (env.Type != "Create" && env.Type != "Update") {
			// An Announce is someone else's event, shared: the calendar
			// shows only the events of the actors it follows.
			continue
		}
		in, err := Read(item)
		if id, ok := IsFetch(err); ok {
			p.Fetch = append(p.Fetch, id)
			continue
		}
		if err != nil {
			continue
		}
		p.Read++
		if in.Event.Upcoming(now) {
			p.Events = append(p.Events, in.Event)
		}
	}
	p.AllPast = p.Read > 0 && len(p.Events) == 0
	return p, nil
}

// FetchFunc fetches a document by IRI, signed as the caller must.
type FetchFunc func(ctx context.Context, iri string) ([]byte, error)

// Outbox is what UpcomingFromOutbox found.
type Outbox struct {
	// Events are the upcoming events, one copy each (the newest), by
	// start.
	Events []Event
	// Fetch are the IRIs to fetch from their origins.
	Fetch []string
	// Pages is how many documents were read.
	Pages int
}

// UpcomingFromOutbox reads actor's outbox from its IRI through fetch,
// following next while pages hold upcoming events, at most maxPages
// documents (the collection counts as one). It is pure but for fetch. On
// a failed fetch after the first it returns what it read, with the error.
func UpcomingFromOutbox(ctx context.Context, fetch FetchFunc, outbox, actor string, now time.Time, maxPages int) (Outbox, error) {
	var out Outbox
	newest := map[string]Event{}
	seen := map[string]bool{}
	for iri := outbox; iri != "" && out.Pages < maxPages && !seen[iri]; {
		seen[iri] = true
		raw, err := fetch(ctx, iri)
		if err != nil {
			return out.sorted(newest), fmt.Errorf("read outbox of %s: page %s: %w", actor, iri, err)
		}
		out.Pages++
		page, err := ReadOutboxPage(raw, actor, now)
		if err != nil {
			return out.sorted(newest), err
		}
		for _, e := range page.Events {
			if old, ok := newest[e.ID]; !ok || e.Version().After(old.Version()) {
				newest[e.ID] = e
			}
		}
		out.Fetch = append(out.Fetch, page.Fetch...)
		if page.AllPast {
			break
		}
		iri = page.Next
	}
	return out.sorted(newest), nil
}

func (out Outbox) sorted(newest map[string]Event) Outbox {
	out.Events = make([]Event, 0, len(newest))
	for _, e := range newest {
		out.Events = append(out.Events, e)
	}
	sort.Slice(out.Events, func(i, j int) bool {
		a, b := out.Events[i], out.Events[j]
		if !a.Start.Equal(b.Start) {
			return a.Start.Before(b.Start)
		}
		return a.ID < b.ID
	})
	return out
}
