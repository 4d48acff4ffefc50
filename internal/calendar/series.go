package calendar

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/recur"
)

// SeriesEntry is a series as a calendar shows it: the series and the
// gatherings made for its occurrences so far.
type SeriesEntry struct {
	Series      model.Series
	Occurrences []SeriesOccurrence
}

// SeriesOccurrence is one occurrence's gathering. RecurrenceID is its
// start as the rule gives it (model.SeriesOccurrence.RecurrenceID); the
// gathering's own StartsAt and EndsAt say when it really is.
type SeriesOccurrence struct {
	RecurrenceID time.Time
	Gathering    model.Gathering
}

// attendeesOnly is what calendars say in place of a call link kept for
// those coming.
const attendeesOnly = "link sent to those who RSVP"

// SeriesICS renders a series as one VEVENT whose RRULE is the series'
// rule, so a calendar app shows every occurrence, each at the rule's
// local time across daylight-saving changes (DTSTART has a TZID and the
// VTIMEZONE is included). Skipped dates are EXDATEs. An occurrence whose
// gathering was moved, retitled or cancelled alone gets its own VEVENT
// with the same UID and a RECURRENCE-ID: a moved one with its own DTSTART
// and DTEND, a cancelled one with STATUS:CANCELLED and a "Cancelled: "
// title, as a cancelled gathering has, rather than an EXDATE, so that
// subscribers see it was called off instead of seeing it vanish.
// Occurrences as the rule has them need no VEVENT of their own. Where
// the rule's local time falls in a gap or an overlap of the clocks,
// readers disagree on the instant, so there the series says it in UTC
// (an EXDATE and an RDATE; see seriesEvent).
//
// The UID is "series-ID@host". now is the DTSTAMP, and for a series with
// no end it bounds the VTIMEZONE (its rules then run on, for zones with
// a yearly rule such as London's).
func SeriesICS(host string, actor model.Actor, e SeriesEntry, links Links, now time.Time) ([]byte, error) {
	head := calendarHead{name: e.Series.Title, zone: zoneName(e.Series.Timezone)}
	b, err := render(head, host, actor, nil, []SeriesEntry{e}, links, now)
	if err != nil {
		return nil, fmt.Errorf("render calendar of series %d: %w", e.Series.ID, err)
	}
	return b, nil
}

// seriesEvents are a series' VEVENT and its overrides (see SeriesICS).
func (w *writer) seriesEvents(e SeriesEntry) ([]ics.Component, error) {
	s := e.Series
	sched, err := seriesSchedule(s)
	if err != nil {
		return nil, fmt.Errorf("series %d: %w", s.ID, err)
	}
	loc := sched.Loc
	if w.zones[loc.String()] == nil {
		w.zones[loc.String()] = &zoneUse{loc: loc}
	}
	use := w.zones[loc.String()]

	first := sched.First(1)
	if len(first) == 0 {
		return nil, fmt.Errorf("series %d: the rule gives no occurrence", s.ID)
	}
	use.add(first[0].Start, first[0].End)
	switch r := sched.Rule; {
	case !r.Until.IsZero():
		last := recur.Wall{Date: r.Until, Hour: r.Start.Hour, Minute: r.Start.Minute}.In(loc)
		use.add(last, last.Add(sched.Duration))
	case r.Count > 0:
		all := sched.First(r.Count)
		use.add(all[len(all)-1].Start, all[len(all)-1].End)
	default:
		use.add(w.now, w.now.AddDate(1, 0, 0))
	}

	uid := w.uid("series", s.ID)
	events := []ics.Component{w.seriesEvent(s, sched, uid)}
	occurrences := slices.Clone(e.Occurrences)
	slices.SortStableFunc(occurrences, func(a, b SeriesOccurrence) int { return a.RecurrenceID.Compare(b.RecurrenceID) })
	for _, o := range occurrences {
		g := o.Gathering
		if !changedAlone(s, o) {
			continue
		}
		if g.StartsAt.IsZero() {
			return nil, fmt.Errorf("series %d: gathering %d has no start time", s.ID, g.ID)
		}
		use.add(g.StartsAt, g.EndsAt)
		ev := w.gatheringEvent(g, loc, uid)
		ev.description = w.seriesDescription(s, g.Summary, g.Description, w.gatheringURL(g.ID))
		ev.location = seriesLocation(s, g)
		ev.sequence = s.Version + g.Version
		vev := w.vevent(ev)
		// An override names its occurrence as the master does: in UTC
		// where the local time is skipped or repeated (an RDATE).
		if isEdge(sched, recur.Occurrence{Start: o.RecurrenceID}) {
			vev.SetProperty(ics.ComponentPropertyRecurrenceId, o.RecurrenceID.UTC().Format(utcFormat))
		} else {
			vev.SetProperty(ics.ComponentPropertyRecurrenceId, o.RecurrenceID.In(loc).Format(localFormat), ics.WithTZID(loc.String()))
		}
		events = append(events, vev)
	}
	return events, nil
}

func seriesSchedule(s model.Series) (recur.Schedule, error) {
	rule, err := recur.Parse(s.Rule)
	if err != nil {
		return recur.Schedule{}, err
	}
	return recur.NewSchedule(rule, s.Timezone, s.Duration)
}

// changedAlone reports whether an occurrence differs from what the
// series' VEVENT says of it, in what a calendar shows: its times, its
// title or its being called off.
func changedAlone(s model.Series, o SeriesOccurrence) bool {
	g := o.Gathering
	return !g.StartsAt.Equal(o.RecurrenceID) || !g.EndsAt.Equal(o.RecurrenceID.Add(s.Duration)) ||
		g.Title != s.Title || g.Status == model.StatusCancelled
}

func (w *writer) gatheringURL(id int64) string {
	if w.links.GatheringURL == nil {
		return ""
	}
	return w.links.GatheringURL(id)
}

// seriesEvent is the VEVENT of the whole series.
func (w *writer) seriesEvent(s model.Series, sched recur.Schedule, uid string) *ics.VEvent {
	var url string
	if w.links.SeriesURL != nil {
		url = w.links.SeriesURL(s.ID)
	}
	start := sched.Rule.Start.In(sched.Loc)
	ev := w.vevent(event{
		uid:         uid,
		start:       start,
		title:       s.Title,
		description: w.seriesDescription(s, s.Summary, s.Description, url),
		location:    seriesLocation(s, model.Gathering{}),
		url:         url,
		loc:         sched.Loc,
		status:      model.StatusPublished,
		sequence:    s.Version,
		categories:  []string{"Meeting"},
		created:     s.CreatedAt,
		modified:    s.UpdatedAt,
	})
	// Always local time with a TZID, even for a time the clocks repeat
	// (RFC 5545 reads it as the first, as internal/recur does): the rule
	// repeats the wall-clock time, which a UTC DTSTART would lose.
	ev.SetProperty(ics.ComponentPropertyDtStart, start.Format(localFormat), ics.WithTZID(sched.Loc.String()))
	ev.SetProperty(ics.ComponentPropertyDuration, icsDuration(sched.Duration))
	ev.SetProperty(ics.ComponentPropertyRrule, RRule(sched))
	// EXDATEs name the rule's own local time, which a reader resolves as
	// it resolves the RRULE's instance on that day, so they cancel it
	// whichever instant the reader took.
	tzid := ics.WithTZID(sched.Loc.String())
	for _, d := range sched.Rule.Skip {
		ev.AddProperty(ics.ComponentPropertyExdate, nominal(sched, d), tzid)
	}
	// Readers differ where the rule's time does not exist or happens
	// twice (ical.js takes 01:30 on the day the clocks spring forward as
	// 00:30 GMT, and the later of a repeated 01:30), so such occurrences
	// are cancelled in the reader's own terms and added back as the UTC
	// instants RFC 5545 and internal/recur give them.
	for _, o := range w.edges(sched) {
		ev.AddProperty(ics.ComponentPropertyExdate, nominal(sched, o.Date), tzid)
		ev.AddProperty(ics.ComponentPropertyRdate, o.Start.UTC().Format(utcFormat))
	}
	return ev
}

// nominal is the rule's wall-clock time on day d, as a local DATE-TIME.
func nominal(sched recur.Schedule, d recur.Date) string {
	return fmt.Sprintf("%04d%02d%02dT%02d%02d00", d.Year, int(d.Month), d.Day, sched.Rule.Start.Hour, sched.Rule.Start.Minute)
}

// edges are the occurrences, up to two years past now (or past the first
// start, if later; the calendar is fetched again long before), whose
// local time the clocks skip or repeat.
func (w *writer) edges(sched recur.Schedule) []recur.Occurrence {
	first := sched.First(1)
	if len(first) == 0 {
		return nil
	}
	horizon := maxTime(w.now, first[0].Start).AddDate(2, 0, 0)
	var out []recur.Occurrence
	for _, o := range sched.Between(first[0].Start, horizon) {
		if isEdge(sched, o) {
			out = append(out, o)
		}
	}
	return out
}

func isEdge(sched recur.Schedule, o recur.Occurrence) bool {
	local := o.Start.In(sched.Loc)
	wall := recur.WallOf(local)
	return wall.Hour != sched.Rule.Start.Hour || wall.Minute != sched.Rule.Start.Minute || repeatedWallClock(local)
}

func (w *writer) seriesDescription(s model.Series, summary, description, url string) string {
	desc := []string{plain(summary), plain(description)}
	switch {
	case s.Online && s.LinkForAttendees:
		desc = append(desc, "Online: "+attendeesOnly)
	case s.Online && s.CallURL != "":
		desc = append(desc, "Online: "+s.CallURL)
	}
	desc = append(desc, "Repeats: "+describe(s))
	if organiser := actorLabel(w.actor, w.host); organiser != "" {
		desc = append(desc, "Organised by "+organiser)
	}
	return joinParagraphs(append(desc, url))
}

func describe(s model.Series) string {
	sched, err := seriesSchedule(s)
	if err != nil {
		return ""
	}
	return sched.Describe()
}

// seriesLocation is an occurrence's venue if it has one, else the call:
// its link, or "Online" when the link is for those coming.
func seriesLocation(s model.Series, g model.Gathering) string {
	if !g.Venue.IsZero() {
		return location(g, "")
	}
	switch {
	case !s.Online:
		return ""
	case s.LinkForAttendees || s.CallURL == "":
		return "Online (" + attendeesOnly + ")"
	}
	return s.CallURL
}

// RRule is the schedule's rule as an iCalendar RRULE value, such as
// FREQ=MONTHLY;BYDAY=2TU;UNTIL=20271130T180000Z. UNTIL is the start of
// the last occurrence the Until date allows, in UTC as RFC 5545 requires
// with a zoned DTSTART.
func RRule(s recur.Schedule) string {
	r := s.Rule
	parts := []string{"FREQ=" + strings.ToUpper(string(r.Freq))}
	if r.Interval > 1 {
		parts = append(parts, "INTERVAL="+strconv.Itoa(r.Interval))
	}
	switch {
	case r.Freq == recur.Weekly:
		days := make([]string, len(r.Weekdays))
		for i, d := range r.Weekdays {
			days[i] = recur.WeekdayCodes[d]
		}
		parts = append(parts, "BYDAY="+strings.Join(days, ","), "WKST=MO")
	case r.Week != 0:
		parts = append(parts, "BYDAY="+strconv.Itoa(r.Week)+recur.WeekdayCodes[r.Weekdays[0]])
	default:
		parts = append(parts, "BYMONTHDAY="+strconv.Itoa(r.MonthDay))
	}
	switch {
	case !r.Until.IsZero():
		last := recur.Wall{Date: r.Until, Hour: r.Start.Hour, Minute: r.Start.Minute}.In(s.Loc)
		parts = append(parts, "UNTIL="+last.UTC().Format(utcFormat))
	case r.Count > 0:
		parts = append(parts, "COUNT="+strconv.Itoa(r.Count))
	}
	return strings.Join(parts, ";")
}

// icsDuration writes a DURATION value: PT1H, PT1H30M, P1DT2H.
func icsDuration(d time.Duration) string {
	d = d.Round(time.Second)
	var b strings.Builder
	b.WriteByte('P')
	if days := d / (24 * time.Hour); days > 0 {
		fmt.Fprintf(&b, "%dD", days)
		d -= days * 24 * time.Hour
	}
	if d == 0 {
		if b.Len() == 1 {
			return "PT0S"
		}
		return b.String()
	}
	b.WriteByte('T')
	for _, u := range []struct {
		unit time.Duration
		code string
	}{{time.Hour, "H"}, {time.Minute, "M"}, {time.Second, "S"}} {
		if n := d / u.unit; n > 0 {
			fmt.Fprintf(&b, "%d%s", n, u.code)
			d -= n * u.unit
		}
	}
	return b.String()
}
