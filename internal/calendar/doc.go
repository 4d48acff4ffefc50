// Package calendar renders a co-op's gatherings for calendar apps and feed
// readers: iCalendar (RFC 5545) for one gathering, a series or a whole
// co-op, and an Atom 1.0 feed.
//
// It is pure: callers load the rows and compute the public URLs (Links);
// the functions here only turn them into bytes. Output is deterministic for
// the same input, so it can be cached and given an ETag.
//
// Times are stored in UTC and written as local time with a TZID, each zone
// described by a VTIMEZONE built from Go's own zone data (time/tzdata is
// embedded, so hosts without a zoneinfo database work too). Calendar apps
// then show 10:00 as 10:00 on both sides of a daylight-saving change.
package calendar

import _ "time/tzdata" // the binary must know Europe/London without /usr/share/zoneinfo
