package asevent

import (
	"strings"
	"time"
	"unicode/utf8"
)

// EventSummary returns the summary EventJSON writes when Event.Summary is
// "": the title (after the status, unless scheduled), when, where and how
// to sign up, joined by " · ", in English:
//
//	Tech co-op network gathering · Sat 27 Mar 2027, 10:00–17:00 GMT · Co-op workspace, London · Reply 'going' to RSVP
//	Cancelled: Members' picnic · Sun 4 Jul 2027, 12:00–16:00 EDT · Meadow, Springfield
//
// The title leads because GoToSocial shows the summary as the content
// warning of a collapsed post and drops the name: without it a follower
// sees a date and a place but not what they are for. Mastodon shows the
// name as a heading above the summary, so there the title reads twice;
// that is the price of one summary serving both.
//
// Times are in the event's zone, named by its abbreviation (or UTC+hh
// where the zone has none). The line holds no counts, so it changes only
// when the event does: GoToSocial marks every changed summary as an edit.
// When the line would pass MaxSummaryLength, the sign-up hint goes first,
// then the title is shortened with "…". Fields EventJSON would refuse
// give a best-effort line.
func EventSummary(e Event) string {
	title := oneLine(e.Name)
	if s := statusWords[e.status()]; s != "" {
		title = s + ": " + title
	}
	rest := []string{}
	if when := EventWhen(e); when != "" {
		rest = append(rest, when)
	}
	if where := EventWhere(e); where != "" {
		rest = append(rest, where)
	}
	line := joinSummary(title, rest)
	if e.status() != EventCancelled && e.status() != EventPostponed {
		if how := joinWords[e.joinMode()]; how != "" {
			if withHow := joinSummary(title, append(rest, how)); utf8.RuneCountInString(withHow) <= MaxSummaryLength {
				return withHow
			}
		}
	}
	if over := utf8.RuneCountInString(line) - MaxSummaryLength; over > 0 {
		keep := utf8.RuneCountInString(title) - over - 1
		if keep >= minSummaryTitle {
			line = joinSummary(string([]rune(title)[:keep])+"…", rest)
		}
	}
	return line
}

// minSummaryTitle is the shortest a title is cut to for the summary; a
// line that needs a shorter one is left too long, and EventJSON says so.
const minSummaryTitle = 24

func joinSummary(title string, rest []string) string {
	parts := rest
	if title != "" {
		parts = append([]string{title}, rest...)
	}
	return strings.Join(parts, " · ")
}

// EventWhenWhere returns the line of an event's time and place, "Sat 27
// Mar 2027, 10:00–17:00 GMT · Co-op workspace, London": what a post about
// the event (its poll, a note of a change) says so that a follower knows
// when and where without opening a link.
func EventWhenWhere(e Event) string {
	var parts []string
	for _, p := range []string{EventWhen(e), EventWhere(e)} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, " · ")
}

// oneLine collapses runs of white space, line breaks included, to one
// space: a title is one line wherever it is shown.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

var statusWords = map[EventStatus]string{
	EventTentative:   "To be confirmed",
	EventCancelled:   "Cancelled",
	EventPostponed:   "Postponed",
	EventRescheduled: "New time",
	EventMovedOnline: "Moved online",
}

var joinWords = map[JoinMode]string{
	JoinFree:       "Reply 'going' to RSVP",
	JoinRestricted: "Reply 'going' to ask for a place",
	JoinInvite:     "By invitation",
	JoinExternal:   "Sign up on the event page",
}

// EventWhen writes the event's dates and times in its zone: one date when
// it starts and ends on the same day, and the zone once unless it changes
// between start and end (a change of clocks). "" without a start or zone.
func EventWhen(e Event) string {
	return summaryWhen(e.Start, e.End, e.TimeZone)
}

func summaryWhen(start, end time.Time, loc *time.Location) string {
	if start.IsZero() || loc == nil {
		return ""
	}
	start = start.In(loc)
	const day, clock = "Mon 2 Jan 2006", "15:04"
	if end.IsZero() || !end.After(start) {
		return start.Format(day) + ", " + start.Format(clock) + " " + zoneName(start)
	}
	end = end.In(loc)
	sameZone := zoneName(start) == zoneName(end)
	sameDay := start.Format(day) == end.Format(day)
	switch {
	case sameDay && sameZone:
		return start.Format(day) + ", " + start.Format(clock) + "–" + end.Format(clock) + " " + zoneName(end)
	case sameDay:
		return start.Format(day) + ", " + start.Format(clock) + " " + zoneName(start) + "–" + end.Format(clock) + " " + zoneName(end)
	case sameZone:
		return start.Format(day) + " " + start.Format(clock) + " – " + end.Format(day) + " " + end.Format(clock) + " " + zoneName(end)
	default:
		return start.Format(day) + " " + start.Format(clock) + " " + zoneName(start) + " – " +
			end.Format(day) + " " + end.Format(clock) + " " + zoneName(end)
	}
}

// zoneName is the zone's abbreviation at t ("GMT", "BST"), or "UTC+03"
// for zones whose abbreviation is only an offset.
func zoneName(t time.Time) string {
	abbr := t.Format("MST")
	if strings.HasPrefix(abbr, "+") || strings.HasPrefix(abbr, "-") {
		return "UTC" + abbr
	}
	return abbr
}

// EventWhere names the event's place: the Place's name with its town when
// the name does not already say it, "and online" for a hybrid event, or
// "Online". "" without a location.
func EventWhere(e Event) string {
	p := e.Place
	if p == nil {
		if e.Virtual != nil {
			return "Online"
		}
		return ""
	}
	where := oneLine(p.Name)
	if a := p.Address; a != nil && a.Locality != "" && !strings.Contains(where, a.Locality) {
		where += ", " + a.Locality
	}
	if e.OnlineURL != "" {
		where += " and online"
	}
	return where
}
