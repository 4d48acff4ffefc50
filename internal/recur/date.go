package recur

import (
	"cmp"
	"fmt"
	"time"
)

// Date is a day in the calendar, without a zone: a skipped date, the
// Until date, or the local day of an occurrence.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf is the day of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

const dateLayout = "2006-01-02"

// ParseDate reads a date as 2027-01-12.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("parse date %q: %w", s, err)
	}
	return DateOf(t), nil
}

func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day) }

// IsZero reports whether d is the zero Date, meaning none.
func (d Date) IsZero() bool { return d == Date{} }

func (d Date) utc() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// Weekday is the day of the week d falls on.
func (d Date) Weekday() time.Weekday { return d.utc().Weekday() }

// AddDays is d moved n days on.
func (d Date) AddDays(n int) Date { return DateOf(d.utc().AddDate(0, 0, n)) }

// Compare is -1, 0 or +1 as d is before, the same day as, or after e.
func (d Date) Compare(e Date) int {
	return cmp.Or(cmp.Compare(d.Year, e.Year), cmp.Compare(d.Month, e.Month), cmp.Compare(d.Day, e.Day))
}

// Before reports whether d is an earlier day than e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is a later day than e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// valid reports whether d is a real day (not 31 April) within years 1–9999.
func (d Date) valid() bool {
	return d.Year >= 1 && d.Year <= 9999 && DateOf(d.utc()) == d
}

// daysBetween is the number of days from d to e.
func daysBetween(d, e Date) int { return int((e.utc().Unix() - d.utc().Unix()) / 86400) }

// Wall is a wall-clock time on a day, in no zone yet: the first start of
// a series, kept as the organiser typed it.
type Wall struct {
	Date
	Hour, Minute int
}

const wallLayout = "2006-01-02T15:04"

// ParseWall reads a wall-clock time as 2027-01-12T18:00.
func ParseWall(s string) (Wall, error) {
	t, err := time.Parse(wallLayout, s)
	if err != nil {
		return Wall{}, fmt.Errorf("parse local time %q: %w", s, err)
	}
	return Wall{Date: DateOf(t), Hour: t.Hour(), Minute: t.Minute()}, nil
}

func (w Wall) String() string { return fmt.Sprintf("%sT%02d:%02d", w.Date, w.Hour, w.Minute) }

// WallOf is t's wall-clock time in t's location, to the minute.
func WallOf(t time.Time) Wall { return Wall{Date: DateOf(t), Hour: t.Hour(), Minute: t.Minute()} }

// In is the instant this wall-clock time names in loc. A time the clocks
// skip moves forward by the gap; a time they repeat is the first of the
// two (see the package doc).
func (w Wall) In(loc *time.Location) time.Time {
	t := time.Date(w.Year, w.Month, w.Day, w.Hour, w.Minute, 0, 0, loc)
	// time.Date leaves the choice between the two readings of a repeated
	// time unspecified: look for an earlier instant with the same face.
	begin, _ := t.ZoneBounds()
	if begin.IsZero() {
		return t
	}
	_, offset := t.Zone()
	if _, before := begin.Add(-time.Second).Zone(); before > offset {
		earlier := t.Add(-time.Duration(before-offset) * time.Second)
		if earlier.Before(begin) && WallOf(earlier) == w {
			return earlier
		}
	}
	return t
}
