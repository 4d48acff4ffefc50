package remoteevent_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/remoteevent"
)

// FuzzRead feeds Read anything (seeds: testdata/fuzz/FuzzRead, what
// Gancio, Mobilizon and Gather send, and broken variants). Whatever it
// accepts must be safe to store and show: an event from the sender's
// server with a name and a start, links that are http(s), HTML with
// nothing that runs.
func FuzzRead(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		in, err := remoteevent.Read(body)
		if err != nil {
			var fe *remoteevent.FetchError
			if !errors.Is(err, federation.ErrMalformed) && !errors.Is(err, federation.ErrForeignID) &&
				!errors.Is(err, remoteevent.ErrNotEvent) && !errors.As(err, &fe) {
				t.Fatalf("error of no known kind: %v", err)
			}
			return
		}
		switch in.Action {
		case remoteevent.Delete:
			if !federation.SameOrigin(in.DeletedID, in.Actor) {
				t.Fatalf("delete of %s by %s", in.DeletedID, in.Actor)
			}
			return
		case remoteevent.Upsert:
		default:
			t.Fatalf("action %d", in.Action)
		}
		e := in.Event
		if !federation.SameOrigin(e.ID, in.Actor) || !federation.SameOrigin(e.ID, e.AttributedTo) {
			t.Fatalf("event %s by %s sent by %s", e.ID, e.AttributedTo, in.Actor)
		}
		if e.Name == "" || e.Start.IsZero() || (!e.End.IsZero() && !e.End.After(e.Start)) {
			t.Fatalf("name %q, %v to %v", e.Name, e.Start, e.End)
		}
		for _, link := range []string{e.URL, e.OnlineURL, e.PictureURL} {
			if link != "" && !strings.HasPrefix(link, "http://") && !strings.HasPrefix(link, "https://") {
				t.Fatalf("link %q", link)
			}
		}
		for _, html := range []string{e.SummaryHTML, e.ContentHTML} {
			lower := strings.ToLower(html)
			for _, bad := range []string{"<script", "<img", "<iframe", "<style", `="javascript:`} {
				if strings.Contains(lower, bad) {
					t.Fatalf("%q in %q", bad, html)
				}
			}
			if hasEventHandler(lower) {
				t.Fatalf("an on… attribute in %q", html)
			}
		}
		if e.TimeZone != "" {
			if _, err := time.LoadLocation(e.TimeZone); err != nil {
				t.Fatalf("zone %q: %v", e.TimeZone, err)
			}
		}
		if e.SuperEvent != "" && !federation.SameOrigin(e.SuperEvent, e.ID) {
			t.Fatalf("super event %s of %s", e.SuperEvent, e.ID)
		}
	})
}

// hasEventHandler reports whether a tag in html carries an on… attribute.
func hasEventHandler(html string) bool {
	for _, tag := range strings.Split(html, "<")[1:] {
		end := strings.IndexByte(tag, '>')
		if end < 0 {
			continue
		}
		fields := strings.Fields(tag[:end])
		for i := 1; i < len(fields); i++ {
			if strings.HasPrefix(fields[i], "on") {
				return true
			}
		}
	}
	return false
}

// FuzzReadOutboxPage feeds ReadOutboxPage any page of the actor
// https://gancio.test/federation/u/relay (seeds: testdata/fuzz/
// FuzzReadOutboxPage). What it returns must be that actor's server's
// upcoming events, and a next page on the same server.
func FuzzReadOutboxPage(f *testing.F) {
	const actor = "https://gancio.test/federation/u/relay"
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := remoteevent.ReadOutboxPage(body, actor, now)
		if err != nil {
			if !errors.Is(err, federation.ErrMalformed) {
				t.Fatalf("error of no known kind: %v", err)
			}
			return
		}
		if p.Next != "" && !federation.SameOrigin(p.Next, actor) {
			t.Fatalf("next %s", p.Next)
		}
		if len(p.Events) > p.Read || p.AllPast != (p.Read > 0 && len(p.Events) == 0) {
			t.Fatalf("%d events of %d read, all past %v", len(p.Events), p.Read, p.AllPast)
		}
		for _, e := range p.Events {
			if !federation.SameOrigin(e.ID, actor) || !e.Upcoming(now) {
				t.Fatalf("event %s at %v", e.ID, e.Start)
			}
		}
	})
}
