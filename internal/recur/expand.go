package recur

import (
	"errors"
	"fmt"
	"iter"
	"slices"
	"time"
)

// nthWeekday is the week'th (1–4, or Last) weekday wd of a month.
func nthWeekday(year int, month time.Month, week int, wd time.Weekday) (Date, bool) {
	if week == Last {
		last := Date{year, month, daysIn(year, month)}
		return last.AddDays(-int((last.Weekday() - wd + 7) % 7)), true
	}
	if week < 1 || week > 5 {
		return Date{}, false
	}
	first := Date{year, month, 1}
	d := first.AddDays(int((wd-first.Weekday()+7)%7) + 7*(week-1))
	return d, d.Month == month
}

func daysIn(year int, month time.Month) int {
	return time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// monday is the Monday of d's week: weeks begin on Monday, as iCalendar's
// default WKST=MO has them.
func monday(d Date) Date { return d.AddDays(-int((d.Weekday() + 6) % 7)) }

// monthsBetween is the number of months from d's month to e's.
func monthsBetween(d, e Date) int {
	return (e.Year-d.Year)*12 + int(e.Month) - int(d.Month)
}

// gives reports whether the rule's pattern falls on d, Until and Count
// aside: the test a skipped date must pass.
func (r Rule) gives(d Date) bool {
	if d.Before(r.Start.Date) {
		return false
	}
	switch r.Freq {
	case Weekly:
		weeks := daysBetween(monday(r.Start.Date), monday(d)) / 7
		return weeks%r.Interval == 0 && slices.Contains(r.Weekdays, d.Weekday())
	case Monthly:
		if monthsBetween(r.Start.Date, d)%r.Interval != 0 {
			return false
		}
		if r.Week != 0 {
			nth, ok := nthWeekday(d.Year, d.Month, r.Week, r.Weekdays[0])
			return ok && nth == d
		}
		return d.Day == r.MonthDay
	}
	return false
}

// dates yields the rule's dates in order with their index, counting from
// 0 at Start, skipped dates included, until Until or Count.
func (r Rule) dates() iter.Seq2[int, Date] {
	return func(yield func(int, Date) bool) {
		n := 0
		emit := func(d Date) bool {
			if d.Before(r.Start.Date) {
				return true
			}
			if (!r.Until.IsZero() && d.After(r.Until)) || (r.Count > 0 && n >= r.Count) || d.Year > 9999 {
				return false
			}
			if !yield(n, d) {
				return false
			}
			n++
			return true
		}
		switch r.Freq {
		case Weekly:
			for week := monday(r.Start.Date); week.Year <= 9999; week = week.AddDays(7 * r.Interval) {
				for _, wd := range r.Weekdays {
					if !emit(week.AddDays(int((wd + 6) % 7))) {
						return
					}
				}
			}
		case Monthly:
			for k := 0; ; k += r.Interval {
				first := Date{r.Start.Year + (int(r.Start.Month)-1+k)/12, time.Month((int(r.Start.Month)-1+k)%12 + 1), 1}
				if first.Year > 9999 {
					return
				}
				var d Date
				ok := true
				if r.Week != 0 {
					d, ok = nthWeekday(first.Year, first.Month, r.Week, r.Weekdays[0])
				} else if r.MonthDay <= daysIn(first.Year, first.Month) {
					d = Date{first.Year, first.Month, r.MonthDay}
				} else {
					ok = false // the 31st of April: no occurrence, as in RFC 5545
				}
				if ok && !emit(d) {
					return
				}
			}
		}
	}
}

// Schedule is a rule in its zone with a duration: what gives instants.
type Schedule struct {
	Rule     Rule
	Loc      *time.Location
	Duration time.Duration
}

// NewSchedule checks rule and loads zone (an IANA name; "" and "Local"
// are refused, since the server's zone says nothing of the series).
func NewSchedule(rule Rule, zone string, d time.Duration) (Schedule, error) {
	if err := rule.Normalize(); err != nil {
		return Schedule{}, fmt.Errorf("series rule: %w", err)
	}
	if zone == "" || zone == "Local" {
		return Schedule{}, fmt.Errorf("series zone %q: not an IANA zone name", zone)
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return Schedule{}, fmt.Errorf("series zone: %w", err)
	}
	if d <= 0 {
		return Schedule{}, errors.New("series duration: not a length of time")
	}
	return Schedule{Rule: rule, Loc: loc, Duration: d}, nil
}

// Occurrence is one meeting of a series as the rule gives it.
type Occurrence struct {
	// Index counts the rule's dates from 0 at the first start, skipped
	// ones included.
	Index int
	// Date is the local day; with the rule's time it identifies the
	// occurrence (its RECURRENCE-ID) even after it is moved.
	Date Date
	// Start and End are instants in the schedule's zone.
	Start, End time.Time
}

// At is the occurrence on day d, if the rule gives one there and it is
// not skipped.
func (s Schedule) At(d Date) (Occurrence, bool) {
	if !s.Rule.gives(d) || slices.Contains(s.Rule.Skip, d) {
		return Occurrence{}, false
	}
	for i, got := range s.Rule.dates() {
		if got == d {
			return s.occurrence(i, d), true
		}
		if got.After(d) {
			break
		}
	}
	return Occurrence{}, false
}

func (s Schedule) occurrence(i int, d Date) Occurrence {
	start := Wall{Date: d, Hour: s.Rule.Start.Hour, Minute: s.Rule.Start.Minute}.In(s.Loc)
	return Occurrence{Index: i, Date: d, Start: start, End: start.Add(s.Duration)}
}

// from yields the occurrences in order, skipped dates left out, from
// those that may start at or after t on: the instants of days well
// before t are not worked out (a zone is less than a day from UTC).
func (s Schedule) from(t time.Time) iter.Seq[Occurrence] {
	var earliest Date
	if !t.IsZero() {
		earliest = DateOf(t.UTC()).AddDays(-2)
	}
	return func(yield func(Occurrence) bool) {
		skip := s.Rule.Skip
		for i, d := range s.Rule.dates() {
			if d.Before(earliest) {
				continue
			}
			for len(skip) > 0 && skip[0].Before(d) {
				skip = skip[1:]
			}
			if len(skip) > 0 && skip[0] == d {
				continue
			}
			if !yield(s.occurrence(i, d)) {
				return
			}
		}
	}
}

// Between is the occurrences that start at or after t1 and before t2.
func (s Schedule) Between(t1, t2 time.Time) []Occurrence {
	var out []Occurrence
	for o := range s.from(t1) {
		if !o.Start.Before(t2) {
			break
		}
		if !o.Start.Before(t1) {
			out = append(out, o)
		}
	}
	return out
}

// Next is the first n occurrences that start after t (all of them when
// fewer are left).
func (s Schedule) Next(t time.Time, n int) []Occurrence {
	var out []Occurrence
	if n <= 0 {
		return out
	}
	for o := range s.from(t) {
		if o.Start.After(t) {
			out = append(out, o)
			if len(out) == n {
				break
			}
		}
	}
	return out
}

// First is the first n occurrences.
func (s Schedule) First(n int) []Occurrence { return s.Next(time.Time{}, n) }
