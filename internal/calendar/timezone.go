package calendar

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
)

// localFormat is an iCalendar DATE-TIME in local ("floating") form; with a
// TZID parameter it names a wall-clock time in that zone.
const localFormat = "20060102T150405"

// loadZone loads an IANA zone; the empty name means UTC. "Local" is refused:
// it would be the server's zone, which says nothing about the gathering.
func loadZone(name string) (*time.Location, error) {
	if name == "" {
		return time.UTC, nil
	}
	if name == "Local" {
		return nil, fmt.Errorf("load time zone %q: not an IANA zone name", name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("load time zone %q: %w", name, err)
	}
	return loc, nil
}

// transition is a moment when a zone's observance changes.
type transition struct {
	at         time.Time // the instant
	observance           // what is in effect from then on
}

// observance is what a zone observes between two transitions, with the
// offset it replaced. Its fields are exactly a STANDARD or DAYLIGHT
// sub-component's, DTSTART aside.
type observance struct {
	from, to int    // UTC offsets in seconds, before and after
	name     string // abbreviation after, e.g. BST
	daylight bool
}

// onset is the wall-clock time of the transition in the offset it ends,
// which is how a VTIMEZONE's DTSTART states it (RFC 5545 §3.6.5).
func (tr transition) onset() time.Time {
	return tr.at.In(time.FixedZone("", tr.from))
}

// transitionAt describes the change at instant at; ok is false when
// nothing a calendar can see changes there (Go reports a bound where its
// table of transitions ends, for instance).
func transitionAt(loc *time.Location, at time.Time) (transition, bool) {
	before, after := at.Add(-time.Second).In(loc), at.In(loc)
	beforeName, beforeOff := before.Zone()
	afterName, afterOff := after.Zone()
	if beforeName == afterName && beforeOff == afterOff && before.IsDST() == after.IsDST() {
		return transition{}, false
	}
	daylight := after.IsDST()
	if before.IsDST() != after.IsDST() {
		// tzdata marks Irish winter time (and Morocco's Ramadan time) as
		// the DST one, with a negative saving. Calendar apps expect the
		// summer offset, the greater one, to be the DAYLIGHT observance.
		daylight = afterOff > beforeOff
	}
	return transition{at: at.UTC(), observance: observance{from: beforeOff, to: afterOff, name: afterName, daylight: daylight}}, true
}

// zoneTransitions returns the transition that began the observance in
// effect at start (none if the zone never changed), then every later
// transition before end.
func zoneTransitions(loc *time.Location, start, end time.Time) []transition {
	var out []transition
	begin, next := start.In(loc).ZoneBounds()
	for !begin.IsZero() {
		if tr, ok := transitionAt(loc, begin); ok {
			out = append(out, tr)
			break
		}
		begin, _ = begin.Add(-time.Second).ZoneBounds()
	}
	for !next.IsZero() && next.Before(end) {
		if tr, ok := transitionAt(loc, next); ok {
			out = append(out, tr)
		}
		_, after := next.ZoneBounds()
		if !after.After(next) {
			break
		}
		next = after
	}
	return out
}

// yearlyRule is a recurrence of the kind zones use: the nth (or, with
// week -1, the last) weekday of a month, at a wall-clock time.
type yearlyRule struct {
	month   time.Month
	week    int
	weekday time.Weekday
	clock   time.Duration // since local midnight
}

func (r yearlyRule) String() string {
	return fmt.Sprintf("FREQ=YEARLY;BYMONTH=%d;BYDAY=%d%s", int(r.month), r.week, weekdayCodes[r.weekday])
}

var weekdayCodes = [...]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

// ruleFor finds one yearly rule that every onset follows: "last weekday"
// first, as European and most southern rules are written, then "nth".
func ruleFor(onsets []time.Time) (yearlyRule, bool) {
	if len(onsets) == 0 {
		return yearlyRule{}, false
	}
	first := onsets[0]
	base := yearlyRule{month: first.Month(), weekday: first.Weekday(), clock: sinceMidnight(first)}
	for _, week := range []int{-1, weekOf(first)} {
		rule := base
		rule.week = week
		if allFollow(onsets, rule) {
			return rule, true
		}
	}
	return yearlyRule{}, false
}

func allFollow(onsets []time.Time, rule yearlyRule) bool {
	for _, t := range onsets {
		if t.Month() != rule.month || t.Weekday() != rule.weekday || sinceMidnight(t) != rule.clock {
			return false
		}
		last := t.Day()+7 > daysIn(t.Year(), t.Month())
		if (rule.week == -1 && !last) || (rule.week > 0 && weekOf(t) != rule.week) {
			return false
		}
	}
	return true
}

func weekOf(t time.Time) int { return (t.Day()-1)/7 + 1 }

func sinceMidnight(t time.Time) time.Duration {
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute + time.Duration(t.Second())*time.Second
}

func daysIn(year int, month time.Month) int {
	return time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// yearlyRules reports the two alternating observances of a zone with
// daylight saving and the rule each follows, when the transitions are
// exactly those rules' occurrences: one of each a year, every year from
// firstYear to lastYear, the same weekday rule each time. Anything else
// (no daylight saving, a change of rules, Ramadan breaks) is not.
func yearlyRules(trs []transition, firstYear, lastYear int) (map[observance]yearlyRule, bool) {
	onsets := map[observance][]time.Time{}
	for i, tr := range trs {
		if i > 0 && tr.observance == trs[i-1].observance {
			return nil, false
		}
		onsets[tr.observance] = append(onsets[tr.observance], tr.onset())
	}
	if len(onsets) != 2 {
		return nil, false
	}
	rules := make(map[observance]yearlyRule, 2)
	for obs, times := range onsets {
		if times[0].Year() > firstYear || times[len(times)-1].Year() != lastYear {
			return nil, false
		}
		for i := 1; i < len(times); i++ {
			if times[i].Year() != times[i-1].Year()+1 {
				return nil, false
			}
		}
		rule, ok := ruleFor(times)
		if !ok {
			return nil, false
		}
		rules[obs] = rule
	}
	return rules, true
}

// newTimezone describes loc as a VTIMEZONE valid for every instant from
// the start of first's year to the end of the year after last's. A zone
// with daylight saving on a steady yearly rule gets one STANDARD and one
// DAYLIGHT with an RRULE; any other zone gets one sub-component per
// transition in that span (and the one in effect at its start), which is
// exact whatever the rules do.
func newTimezone(loc *time.Location, first, last time.Time) *ics.VTimezone {
	firstYear, lastYear := first.In(loc).Year(), last.In(loc).Year()+1
	start := time.Date(firstYear, time.January, 1, 0, 0, 0, 0, loc)
	end := time.Date(lastYear+1, time.January, 1, 0, 0, 0, 0, loc)
	trs := zoneTransitions(loc, start, end)

	tz := ics.NewTimezone(loc.String())
	if len(trs) == 0 {
		name, offset := start.Zone()
		tz.Components = append(tz.Components, subcomponent(observance{from: offset, to: offset, name: name},
			time.Date(1970, time.January, 1, 0, 0, 0, 0, time.UTC), ""))
		return tz
	}
	if rules, ok := yearlyRules(trs, firstYear, lastYear); ok {
		seen := map[observance]bool{}
		for _, tr := range trs {
			if !seen[tr.observance] {
				seen[tr.observance] = true
				tz.Components = append(tz.Components, subcomponent(tr.observance, tr.onset(), rules[tr.observance].String()))
			}
		}
		return tz
	}
	for _, tr := range trs {
		tz.Components = append(tz.Components, subcomponent(tr.observance, tr.onset(), ""))
	}
	return tz
}

func subcomponent(obs observance, onset time.Time, rrule string) ics.Component {
	var base ics.ComponentBase
	base.AddProperty(ics.ComponentPropertyDtStart, onset.Format(localFormat))
	base.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), formatOffset(obs.from))
	base.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), formatOffset(obs.to))
	if obs.name != "" {
		base.AddProperty(ics.ComponentProperty(ics.PropertyTzname), obs.name)
	}
	if rrule != "" {
		base.AddProperty(ics.ComponentPropertyRrule, rrule)
	}
	if obs.daylight {
		return &ics.Daylight{ComponentBase: base}
	}
	return &ics.Standard{ComponentBase: base}
}

// formatOffset writes a UTC-OFFSET value: +0100, -0500, +0530, with
// seconds only when there are some (historic mean times).
func formatOffset(seconds int) string {
	var b strings.Builder
	if seconds < 0 {
		b.WriteByte('-')
		seconds = -seconds
	} else {
		b.WriteByte('+')
	}
	pad := func(n int) {
		if n < 10 {
			b.WriteByte('0')
		}
		b.WriteString(strconv.Itoa(n))
	}
	pad(seconds / 3600)
	pad(seconds / 60 % 60)
	if seconds%60 != 0 {
		pad(seconds % 60)
	}
	return b.String()
}
