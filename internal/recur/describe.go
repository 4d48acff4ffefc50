package recur

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

var ordinalWords = map[int]string{1: "first", 2: "second", 3: "third", 4: "fourth", Last: "last"}

// Describe says the schedule in plain English for pages, as in "Monthly
// on the second Tuesday, 18:00 London time, until 1 Dec 2027".
func (s Schedule) Describe() string {
	r := s.Rule
	var b strings.Builder
	switch r.Freq {
	case Weekly:
		b.WriteString(every(r.Interval, "Weekly", "week"))
		b.WriteString(" on ")
		names := make([]string, len(r.Weekdays))
		for i, d := range r.Weekdays {
			names[i] = d.String()
		}
		b.WriteString(andList(names))
	case Monthly:
		b.WriteString(every(r.Interval, "Monthly", "month"))
		if r.Week != 0 {
			fmt.Fprintf(&b, " on the %s %s", ordinalWords[r.Week], r.Weekdays[0])
		} else {
			fmt.Fprintf(&b, " on the %s", ordinal(r.MonthDay))
			if r.MonthDay > 28 {
				b.WriteString(" (not in months without one)")
			}
		}
	}
	fmt.Fprintf(&b, ", %02d:%02d %s", r.Start.Hour, r.Start.Minute, zoneLabel(s.Loc))
	switch {
	case !r.Until.IsZero():
		b.WriteString(", until " + longDate(r.Until))
	case r.Count == 1:
		b.WriteString(", once")
	case r.Count > 1:
		fmt.Fprintf(&b, ", %d times", r.Count)
	}
	if len(r.Skip) > 0 {
		dates := make([]string, len(r.Skip))
		for i, d := range r.Skip {
			dates[i] = longDate(d)
		}
		b.WriteString(", except " + andList(dates))
	}
	return b.String()
}

func every(n int, once, unit string) string {
	if n == 1 {
		return once
	}
	return "Every " + strconv.Itoa(n) + " " + unit + "s"
}

// andList joins "a", "b" and "c" as "a, b and c".
func andList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// ordinal is 1st, 2nd, 3rd, 4th, 11th, 21st…
func ordinal(n int) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return strconv.Itoa(n) + suffix
}

func longDate(d Date) string { return d.utc().Format("2 Jan 2006") }

// zoneLabel names a zone as people say it: "London time" for
// Europe/London, "New York time" for America/New_York, and "UTC" or the
// full name for zones that are not a place.
func zoneLabel(loc *time.Location) string {
	name := loc.String()
	switch {
	case name == "UTC" || name == "Etc/UTC" || name == "":
		return "UTC"
	case strings.HasPrefix(name, "Etc/") || !strings.Contains(name, "/"):
		return name + " time"
	}
	return strings.ReplaceAll(name[strings.LastIndex(name, "/")+1:], "_", " ") + " time"
}
