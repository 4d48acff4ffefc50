// Package recur is the arithmetic of a series of gatherings: a rule such
// as "monthly on the second Tuesday at 18:00" from a first start in an IANA
// zone, and the occurrences it gives. It is pure: no clock, no database.
//
// A rule is kept in wall-clock time, so "18:00 Europe/London" is 18:00 on
// both sides of a daylight-saving change (17:00 UTC in summer, 18:00 in
// winter). Where the calendar and the rule disagree it decides as RFC 5545
// does, so that our own expansion and a calendar app's reading of the
// RRULE we write give the same instants:
//
//   - A day of the month that a month lacks (the 31st in April, the 30th
//     in February) is skipped for that month: there is no occurrence, and
//     none moved to the last day. It does not count towards Count.
//   - A wall-clock time that does not exist, because clocks spring forward
//     over it, moves forward by the length of the gap: 01:30 on the day
//     London goes from 01:00 to 02:00 is 02:30 BST (the instant 01:30 GMT
//     would have been), as Go's time.Date does.
//   - A wall-clock time that happens twice, because clocks go back, is the
//     first of the two (01:30 BST, not 01:30 GMT).
//   - Count counts every occurrence the rule gives, skipped dates
//     included, as COUNT and EXDATE do in iCalendar: "10 times, skipping
//     August" is nine calls.
//   - Until is a local date, inclusive: an occurrence on that day is the
//     last.
//
// The first start is always the first occurrence and must follow the rule
// (a weekly rule's weekdays include its weekday; a monthly rule's day or
// weekday is its own), so that a series and its RRULE agree on it too.
package recur

import _ "time/tzdata" // zones load on hosts without a zoneinfo database
