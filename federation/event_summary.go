package federation

import (
	"strings"
	"time"
)

// EventSummary returns the one-line summary EventJSON writes when
// Event.Summary is "": status (unless scheduled), when, where and how to
// sign up, joined by " · ", in English:
//
//	Sat 27 Mar 2027, 10:00–17:00 GMT · Co-op workspace, London · Reply 'going' to RSVP
//
// Times are in the event's zone, named by its abbreviation (or UTC+hh
// where the zone has none). The line holds no counts, so it changes only
// when the event does: GoToSocial marks every changed summary as an edit.
// Fields EventJSON would refuse give a best-effort line.
func EventSummary(e Event) string {
	var parts []string
	if s := statusWords[e.status()]; s != "" {
		parts = append(parts, s)
	}
	if when := summaryWhen(e.Start, e.End, e.TimeZone); when != "" {
		parts = append(parts, when)
	}
	if where := summaryWhere(e); where != "" {
		parts = append(parts, where)
	}
	if e.status() != EventCancelled && e.status() != EventPostponed {
		if how := joinWords[e.joinMode()]; how != "" {
			parts = append(parts, how)
		}
	}
	return strings.Join(parts, " · ")
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

// summaryWhen writes the event's dates and times in its zone: one date
// when it starts and ends on the same day, and the zone once unless it
// changes between start and end (a change of clocks).
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

// summaryWhere names the place: the Place's name with its town when the
// name does not already say it, "and online" for a hybrid event, or
// "Online".
func summaryWhere(e Event) string {
	p := e.Place
	if p == nil {
		if e.Virtual != nil {
			return "Online"
		}
		return ""
	}
	where := strings.TrimSpace(p.Name)
	if a := p.Address; a != nil && a.Locality != "" && !strings.Contains(where, a.Locality) {
		where += ", " + a.Locality
	}
	if e.OnlineURL != "" {
		where += " and online"
	}
	return where
}
