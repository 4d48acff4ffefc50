package asevent

import (
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/internal/wire"
	"github.com/gather-coop/gather/federation/jsonvalue"
)

func (e Event) validate() error {
	if err := e.validateCore(); err != nil {
		return err
	}
	if err := e.validateLocation(); err != nil {
		return err
	}
	return e.validateTerms()
}

func (e Event) validateCore() error {
	switch {
	case !jsonvalue.IsHTTPURL(e.ID):
		return fmt.Errorf("id %q is not an absolute http(s) URL", e.ID)
	case strings.TrimSpace(e.Name) == "":
		return fmt.Errorf("missing name")
	case e.TimeZone == nil:
		return fmt.Errorf("missing time zone")
	case e.TimeZone == time.Local || e.TimeZone.String() == "" || e.TimeZone.String() == "Local":
		return fmt.Errorf("time zone %q is not an IANA zone name", e.TimeZone.String())
	case e.Start.IsZero() || e.End.IsZero():
		return fmt.Errorf("missing start or end time")
	case !e.End.Truncate(time.Second).After(e.Start.Truncate(time.Second)):
		return fmt.Errorf("end %s is not after start %s", e.End.Format(time.RFC3339), e.Start.Format(time.RFC3339))
	}
	if err := wire.CheckPublished(e.Published, e.Updated); err != nil {
		return err
	}
	urls := []struct{ name, value string }{
		{"url", e.URL},
		{"attributedTo", e.AttributedTo},
		{"followers", e.Followers},
		{"attendees", e.AttendeesURL},
		{"externalParticipationUrl", e.ExternalParticipationURL},
		{"replies", e.RepliesURL},
		{"replies.first", e.RepliesFirst},
		{"superEvent", e.SuperEvent},
	}
	for i, u := range urls {
		required := i < 2
		if (required || u.value != "") && !jsonvalue.IsHTTPURL(u.value) {
			return fmt.Errorf("%s %q is not an absolute http(s) URL", u.name, u.value)
		}
	}
	for name, list := range map[string][]string{"organizers": e.Organizers, "subEvent": e.SubEvents, "cc": e.CC} {
		for _, id := range list {
			if !jsonvalue.IsHTTPURL(id) {
				return fmt.Errorf("%s: %q is not an absolute http(s) URL", name, id)
			}
		}
	}
	for _, img := range []*federation.Image{e.Icon, e.Image} {
		if img != nil && !jsonvalue.IsHTTPURL(img.URL) {
			return fmt.Errorf("image url %q is not an absolute http(s) URL", img.URL)
		}
	}
	if e.Image != nil && !strings.HasPrefix(e.Image.MediaType, "image/") {
		return fmt.Errorf("image %s: media type %q is not image/*: Gancio cannot take the picture without one", e.Image.URL, e.Image.MediaType)
	}
	return nil
}

func (e Event) validateLocation() error {
	switch {
	case e.Place != nil && e.Virtual != nil:
		return fmt.Errorf("two locations (Place and Virtual): an event has one location; give a hybrid event's link as OnlineURL")
	case e.Place == nil && e.Virtual == nil:
		return fmt.Errorf("missing location: set Place, or Virtual for an online-only event")
	case e.Virtual != nil && !jsonvalue.IsHTTPURL(e.Virtual.URL):
		return fmt.Errorf("virtual location url %q is not an absolute http(s) URL", e.Virtual.URL)
	case e.Virtual != nil && e.OnlineURL != "" && e.OnlineURL != e.Virtual.URL:
		return fmt.Errorf("two online links: OnlineURL %q differs from the virtual location's %q", e.OnlineURL, e.Virtual.URL)
	case e.OnlineURL != "" && !jsonvalue.IsHTTPURL(e.OnlineURL):
		return fmt.Errorf("online url %q is not an absolute http(s) URL", e.OnlineURL)
	}
	if p := e.Place; p != nil {
		if strings.TrimSpace(p.Name) == "" {
			return fmt.Errorf("place has no name")
		}
		if g := p.Geo; g != nil && !validGeo(*g) {
			return fmt.Errorf("place %q: coordinates %v, %v are out of range", p.Name, g.Latitude, g.Longitude)
		}
	}
	return nil
}

func validGeo(g GeoPoint) bool {
	for _, f := range []float64{g.Latitude, g.Longitude} {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return false
		}
	}
	return g.Latitude >= -90 && g.Latitude <= 90 && g.Longitude >= -180 && g.Longitude <= 180
}

func (e Event) validateTerms() error {
	switch {
	case e.Capacity < 0 || e.Going < 0:
		return fmt.Errorf("negative capacity %d or going %d", e.Capacity, e.Going)
	case !joinModes[e.joinMode()]:
		return fmt.Errorf("unknown join mode %q", e.JoinMode)
	case icalStatus[e.status()] == "":
		return fmt.Errorf("unknown status %q", e.Status)
	case e.Category != "" && !categoryPattern.MatchString(e.Category):
		return fmt.Errorf("category %q is not an upper-case id such as MEETING", e.Category)
	case e.SuperEvent == e.ID:
		return fmt.Errorf("superEvent is the event itself")
	}
	return nil
}

// checkSummary keeps the summary to the short line GoToSocial and Mastodon
// show: at most two lines and MaxSummaryLength characters.
func checkSummary(s string) error {
	switch n := utf8.RuneCountInString(s); {
	case strings.Count(s, "\n") > 1:
		return fmt.Errorf("summary has more than two lines")
	case n > MaxSummaryLength:
		return fmt.Errorf("summary is %d characters long, more than %d: shorten it (or the place's name)", n, MaxSummaryLength)
	}
	return nil
}

// escapeText makes plain text safe where HTML is read (Mastodon puts an
// Event's summary into the post's HTML as it is). Only &, < and > are
// escaped, so servers that show the summary as text show apostrophes and
// quotes as they are.
func escapeText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}
