package recur

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Freq is how a rule repeats.
type Freq string

const (
	// Weekly repeats every Interval weeks on the rule's Weekdays.
	Weekly Freq = "weekly"
	// Monthly repeats every Interval months on MonthDay, or on the Week'th
	// (-1: last) of the rule's one weekday.
	Monthly Freq = "monthly"
)

// Last is the Week of "the last Friday of the month".
const Last = -1

// Limits on a rule: enough for any gathering, small enough that expanding
// a rule is always cheap.
const (
	MaxWeeklyInterval  = 52
	MaxMonthlyInterval = 24
	MaxCount           = 1000
	MaxSkips           = 500
)

// Rule is when a series meets: from Start, every Interval weeks or months,
// until a date or for a count of occurrences, less the Skip dates. The
// zone and the duration are the series', not the rule's (see Schedule).
// Its stored form is the JSON of String and Parse.
type Rule struct {
	Start    Wall
	Freq     Freq
	Interval int            // 1 for every week or month
	Weekdays []time.Weekday // weekly: Monday first; monthly by weekday: exactly one
	MonthDay int            // monthly: 1–31, or 0 when by weekday
	Week     int            // monthly by weekday: 1–4, or Last
	Until    Date           // zero: no end date
	Count    int            // 0: no count
	Skip     []Date         // in order, each one a date the rule gives
}

// stored is Rule's JSON, with the weekdays as iCalendar's two-letter codes.
type stored struct {
	Start    string   `json:"start"`
	Freq     Freq     `json:"freq"`
	Interval int      `json:"interval,omitempty"`
	Weekdays []string `json:"weekdays,omitempty"`
	MonthDay int      `json:"month_day,omitempty"`
	Week     int      `json:"week,omitempty"`
	Until    string   `json:"until,omitempty"`
	Count    int      `json:"count,omitempty"`
	Skip     []string `json:"skip,omitempty"`
}

// WeekdayCodes are iCalendar's names of the days, Sunday first as
// time.Weekday counts them.
var WeekdayCodes = [...]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

// String is the rule's stored form, which Parse reads back: JSON such as
// {"start":"2027-01-12T18:00","freq":"monthly","interval":1,"weekdays":["TU"],"week":2}.
func (r Rule) String() string {
	s := stored{Start: r.Start.String(), Freq: r.Freq, Interval: r.Interval, MonthDay: r.MonthDay, Week: r.Week, Count: r.Count}
	for _, d := range r.Weekdays {
		s.Weekdays = append(s.Weekdays, WeekdayCodes[d])
	}
	if !r.Until.IsZero() {
		s.Until = r.Until.String()
	}
	for _, d := range r.Skip {
		s.Skip = append(s.Skip, d.String())
	}
	b, err := json.Marshal(s)
	if err != nil {
		panic(err) // strings and ints only
	}
	return string(b)
}

// MarshalText writes the stored form, so a Rule can be a JSON field.
func (r Rule) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText reads the stored form with Parse.
func (r *Rule) UnmarshalText(b []byte) error {
	p, err := Parse(string(b))
	if err != nil {
		return err
	}
	*r = p
	return nil
}

// Parse reads a rule's stored form and checks it, filling what may be
// left out: an interval of 1, a weekly rule's weekday and a monthly rule's
// day from Start.
func Parse(s string) (Rule, error) {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.DisallowUnknownFields()
	var st stored
	if err := dec.Decode(&st); err != nil {
		return Rule{}, fmt.Errorf("parse rule: %w", err)
	}
	if dec.More() {
		return Rule{}, errors.New("parse rule: text after the rule")
	}
	start, err := ParseWall(st.Start)
	if err != nil {
		return Rule{}, fmt.Errorf("parse rule: %w", err)
	}
	r := Rule{Start: start, Freq: st.Freq, Interval: st.Interval, MonthDay: st.MonthDay, Week: st.Week, Count: st.Count}
	for _, code := range st.Weekdays {
		i := slices.Index(WeekdayCodes[:], code)
		if i < 0 {
			return Rule{}, fmt.Errorf("parse rule: weekday %q is not one of %s", code, strings.Join(WeekdayCodes[:], ", "))
		}
		r.Weekdays = append(r.Weekdays, time.Weekday(i))
	}
	if st.Until != "" {
		if r.Until, err = ParseDate(st.Until); err != nil {
			return Rule{}, fmt.Errorf("parse rule: until: %w", err)
		}
	}
	for _, s := range st.Skip {
		d, err := ParseDate(s)
		if err != nil {
			return Rule{}, fmt.Errorf("parse rule: skip: %w", err)
		}
		r.Skip = append(r.Skip, d)
	}
	if err := r.Normalize(); err != nil {
		return Rule{}, fmt.Errorf("parse rule: %w", err)
	}
	return r, nil
}

// Normalize fills in what a rule may leave out (an interval of 1; a
// weekly rule's weekday and a monthly rule's day of the month from Start),
// puts weekdays and skipped dates in order, and reports what makes the
// rule unusable, for a form to show.
func (r *Rule) Normalize() error {
	if !r.Start.valid() || r.Start.Hour < 0 || r.Start.Hour > 23 || r.Start.Minute < 0 || r.Start.Minute > 59 {
		return fmt.Errorf("start %s is not a time", r.Start)
	}
	if r.Interval == 0 {
		r.Interval = 1
	}
	if r.Interval < 0 {
		return fmt.Errorf("interval %d is not a number of weeks or months", r.Interval)
	}
	r.Weekdays = slices.Clone(r.Weekdays)
	mondayFirst := func(a, b time.Weekday) int { return int((a+6)%7) - int((b+6)%7) }
	slices.SortFunc(r.Weekdays, mondayFirst)
	if len(slices.Compact(slices.Clone(r.Weekdays))) != len(r.Weekdays) {
		return errors.New("a weekday is given twice")
	}
	for _, d := range r.Weekdays {
		if d < time.Sunday || d > time.Saturday {
			return fmt.Errorf("weekday %d is not a day", d)
		}
	}
	switch r.Freq {
	case Weekly:
		if r.Interval > MaxWeeklyInterval {
			return fmt.Errorf("every %d weeks is more than %d", r.Interval, MaxWeeklyInterval)
		}
		if r.MonthDay != 0 || r.Week != 0 {
			return errors.New("a weekly rule has no day of the month")
		}
		if len(r.Weekdays) == 0 {
			r.Weekdays = []time.Weekday{r.Start.Weekday()}
		}
		if !slices.Contains(r.Weekdays, r.Start.Weekday()) {
			return fmt.Errorf("the first start, a %s, is not on one of the rule's weekdays", r.Start.Weekday())
		}
	case Monthly:
		if r.Interval > MaxMonthlyInterval {
			return fmt.Errorf("every %d months is more than %d", r.Interval, MaxMonthlyInterval)
		}
		switch {
		case r.Week != 0:
			if r.MonthDay != 0 {
				return errors.New("a monthly rule is on a day of the month or on a weekday, not both")
			}
			if r.Week != Last && (r.Week < 1 || r.Week > 4) {
				return fmt.Errorf("week %d is not 1 to 4 or last", r.Week)
			}
			if len(r.Weekdays) != 1 {
				return errors.New("a monthly rule by weekday has exactly one weekday")
			}
			if d, ok := nthWeekday(r.Start.Year, r.Start.Month, r.Week, r.Weekdays[0]); !ok || d != r.Start.Date {
				return fmt.Errorf("the first start, %s, is not the %s %s of its month", r.Start.Date, ordinalWords[r.Week], r.Weekdays[0])
			}
		default:
			if len(r.Weekdays) != 0 {
				return errors.New("a monthly rule on a day of the month has no weekdays")
			}
			if r.MonthDay == 0 {
				r.MonthDay = r.Start.Day
			}
			if r.MonthDay != r.Start.Day {
				return fmt.Errorf("the first start, %s, is not on day %d of its month", r.Start.Date, r.MonthDay)
			}
		}
	default:
		return fmt.Errorf("frequency %q is not %q or %q", r.Freq, Weekly, Monthly)
	}
	if !r.Until.IsZero() {
		if r.Count != 0 {
			return errors.New("a rule ends on a date or after a count, not both")
		}
		if !r.Until.valid() || r.Until.Before(r.Start.Date) {
			return fmt.Errorf("until %s is before the first start", r.Until)
		}
	}
	if r.Count < 0 || r.Count > MaxCount {
		return fmt.Errorf("count %d is not 1 to %d", r.Count, MaxCount)
	}
	if len(r.Skip) > MaxSkips {
		return fmt.Errorf("%d skipped dates is more than %d", len(r.Skip), MaxSkips)
	}
	r.Skip = slices.Clone(r.Skip)
	slices.SortFunc(r.Skip, Date.Compare)
	r.Skip = slices.Compact(r.Skip)
	for _, d := range r.Skip {
		if !d.valid() || !r.gives(d) {
			return fmt.Errorf("skipped date %s is not one of the rule's dates", d)
		}
	}
	return nil
}

// Equal reports whether r and o are the same rule.
func (r Rule) Equal(o Rule) bool {
	return r.String() == o.String()
}
