package calendar

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/stretchr/testify/require"
)

// tzOnset is one onset of a parsed VTIMEZONE observance.
type tzOnset struct {
	at   time.Time
	to   int
	name string
}

// parsedObservance is a STANDARD or DAYLIGHT as read back from text.
type parsedObservance struct {
	daylight        bool
	dtstart         string
	from, to        string
	name, rrule     string
	fromSec, toSecs int
	wallStart       time.Time // DTSTART's wall clock, read as UTC for arithmetic
}

// readTimezone serialises tz inside a calendar and parses it back with the
// library, so the test sees what a calendar app would.
func readTimezone(t *testing.T, tz *ics.VTimezone) []parsedObservance {
	t.Helper()
	cal := ics.NewCalendar()
	cal.AddVTimezone(tz)
	var buf bytes.Buffer
	require.NoError(t, cal.SerializeTo(&buf, ics.WithNewLineWindows))
	parsed, err := ics.ParseCalendar(&buf)
	require.NoError(t, err)
	require.Len(t, parsed.Timezones(), 1)

	var out []parsedObservance
	for _, c := range parsed.Timezones()[0].Components {
		var base *ics.ComponentBase
		var obs parsedObservance
		switch c := c.(type) {
		case *ics.Daylight:
			base, obs.daylight = &c.ComponentBase, true
		case *ics.Standard:
			base = &c.ComponentBase
		default:
			t.Fatalf("unexpected %T in VTIMEZONE", c)
		}
		get := func(name ics.Property) string {
			if p := base.GetProperty(ics.ComponentProperty(name)); p != nil {
				return p.Value
			}
			return ""
		}
		obs.dtstart, obs.from, obs.to = get(ics.PropertyDtstart), get(ics.PropertyTzoffsetfrom), get(ics.PropertyTzoffsetto)
		obs.name, obs.rrule = get(ics.PropertyTzname), get(ics.PropertyRrule)
		obs.fromSec, obs.toSecs = parseOffset(t, obs.from), parseOffset(t, obs.to)
		obs.wallStart, err = time.Parse(localFormat, obs.dtstart)
		require.NoError(t, err)
		out = append(out, obs)
	}
	return out
}

func parseOffset(t *testing.T, s string) int {
	t.Helper()
	require.Regexp(t, `^[+-]\d{4}(\d\d)?$`, s)
	n := func(i int) int {
		v, err := strconv.Atoi(s[i : i+2])
		require.NoError(t, err)
		return v
	}
	secs := n(1)*3600 + n(3)*60
	if len(s) == 7 {
		secs += n(5)
	}
	if s[0] == '-' {
		secs = -secs
	}
	return secs
}

// onsets expands observances into instants up to the end of lastYear,
// applying the RRULEs (only the YEARLY;BYMONTH;BYDAY form is expected).
func onsets(t *testing.T, obs []parsedObservance, lastYear int) []tzOnset {
	t.Helper()
	var out []tzOnset
	for _, o := range obs {
		add := func(wall time.Time) {
			out = append(out, tzOnset{at: wall.Add(-time.Duration(o.fromSec) * time.Second), to: o.toSecs, name: o.name})
		}
		if o.rrule == "" {
			add(o.wallStart)
			continue
		}
		var month, week int
		var day string
		_, err := fmt.Sscanf(o.rrule, "FREQ=YEARLY;BYMONTH=%d;BYDAY=%d%s", &month, &week, &day)
		require.NoError(t, err, o.rrule)
		weekday := time.Weekday(slices.Index(weekdayCodes[:], day))
		require.GreaterOrEqual(t, int(weekday), 0, o.rrule)
		clock := sinceMidnight(o.wallStart)
		for year := o.wallStart.Year(); year <= lastYear; year++ {
			date := nthWeekday(year, time.Month(month), week, weekday)
			wall := date.Add(clock)
			require.False(t, wall.Before(o.wallStart), "RRULE's first occurrence is DTSTART")
			if year == o.wallStart.Year() {
				require.Equal(t, o.wallStart, wall, "DTSTART follows its RRULE")
			}
			add(wall)
		}
	}
	slices.SortFunc(out, func(a, b tzOnset) int { return a.at.Compare(b.at) })
	return out
}

// nthWeekday is the week-th weekday of a month (-1: the last), at midnight UTC.
func nthWeekday(year int, month time.Month, week int, weekday time.Weekday) time.Time {
	if week > 0 {
		first := time.Date(year, month, 1, 0, 0, 0, 0, time.UTC)
		shift := (int(weekday) - int(first.Weekday()) + 7) % 7
		return first.AddDate(0, 0, shift+7*(week-1))
	}
	last := time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC)
	shift := (int(last.Weekday()) - int(weekday) + 7) % 7
	return last.AddDate(0, 0, -shift)
}

// offsetAt is what the VTIMEZONE says is in effect at u: the latest onset
// at or before it.
func offsetAt(t *testing.T, ons []tzOnset, u time.Time) tzOnset {
	t.Helper()
	i, found := slices.BinarySearchFunc(ons, u, func(o tzOnset, u time.Time) int { return o.at.Compare(u) })
	if found {
		return ons[i]
	}
	require.Positive(t, i, "no observance covers %s", u)
	return ons[i-1]
}

func TestTimezone(t *testing.T) {
	t.Parallel()
	type want struct {
		daylight, standard []string // "DTSTART FROM TO NAME RRULE", in order
	}
	tests := []struct {
		zone        string
		first, last string // local dates of the first and last events
		want        *want  // nil: only the agreement with Go is checked
	}{{
		zone: "Europe/London", first: "2027-03-27", last: "2027-03-28",
		want: &want{
			daylight: []string{"20270328T010000 +0000 +0100 BST FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"},
			standard: []string{"20261025T020000 +0100 +0000 GMT FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"},
		},
	}, {
		zone: "Europe/Berlin", first: "2027-06-01", last: "2028-12-31",
		want: &want{
			daylight: []string{"20270328T020000 +0100 +0200 CEST FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"},
			standard: []string{"20261025T030000 +0200 +0100 CET FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"},
		},
	}, {
		zone: "America/New_York", first: "2027-11-07", last: "2027-11-07",
		want: &want{
			daylight: []string{"20270314T020000 -0500 -0400 EDT FREQ=YEARLY;BYMONTH=3;BYDAY=2SU"},
			standard: []string{"20261101T020000 -0400 -0500 EST FREQ=YEARLY;BYMONTH=11;BYDAY=1SU"},
		},
	}, {
		zone: "Australia/Sydney", first: "2027-01-15", last: "2027-02-01",
		want: &want{
			daylight: []string{"20261004T020000 +1000 +1100 AEDT FREQ=YEARLY;BYMONTH=10;BYDAY=1SU"},
			standard: []string{"20270404T030000 +1100 +1000 AEST FREQ=YEARLY;BYMONTH=4;BYDAY=1SU"},
		},
	}, {
		zone: "Asia/Kolkata", first: "2027-03-27", last: "2027-03-28",
		want: &want{standard: []string{"19451015T000000 +0630 +0530 IST "}},
	}, {
		zone: "UTC", first: "2027-03-27", last: "2027-03-28",
		want: &want{standard: []string{"19700101T000000 +0000 +0000 UTC "}},
	}, {
		// Irish summer time is tzdata's standard time, with a negative
		// saving in winter; calendar apps expect summer to be DAYLIGHT.
		zone: "Europe/Dublin", first: "2027-07-01", last: "2027-07-02",
		want: &want{
			daylight: []string{"20270328T010000 +0000 +0100 IST FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"},
			standard: []string{"20261025T020000 +0100 +0000 GMT FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"},
		},
	}, {
		// Brazil dropped daylight saving in 2019: one observance since.
		zone: "America/Sao_Paulo", first: "2027-03-27", last: "2027-03-28",
		want: &want{standard: []string{"20190217T000000 -0200 -0300 -03 "}},
	}, {
		// Morocco suspends its +01 for Ramadan, on dates no weekday rule
		// gives: one observance per transition, no RRULE.
		zone: "Africa/Casablanca", first: "2027-03-27", last: "2027-03-28",
	}, {
		// Half-hour daylight saving.
		zone: "Australia/Lord_Howe", first: "2027-03-27", last: "2029-03-28",
	}, {
		zone: "America/Santiago", first: "2026-12-01", last: "2027-12-01",
	}, {
		zone: "Europe/London", first: "2026-01-01", last: "2030-12-31",
	}}
	for _, tt := range tests {
		t.Run(tt.zone+" "+tt.first+" to "+tt.last, func(t *testing.T) {
			t.Parallel()
			loc, err := loadZone(tt.zone)
			require.NoError(t, err)
			first, err := time.ParseInLocation(time.DateOnly, tt.first, loc)
			require.NoError(t, err)
			last, err := time.ParseInLocation(time.DateOnly, tt.last, loc)
			require.NoError(t, err)

			tz := newTimezone(loc, first, last)
			require.Equal(t, tt.zone, tz.GetProperty(ics.ComponentPropertyTzid).Value)
			obs := readTimezone(t, tz)

			if tt.want != nil {
				var daylight, standard []string
				for _, o := range obs {
					line := strings.Join([]string{o.dtstart, o.from, o.to, o.name, o.rrule}, " ")
					if o.daylight {
						daylight = append(daylight, line)
					} else {
						standard = append(standard, line)
					}
				}
				require.Equal(t, tt.want.daylight, daylight, "DAYLIGHT")
				require.Equal(t, tt.want.standard, standard, "STANDARD")
			}

			// Whatever the form, the VTIMEZONE must agree with Go on the
			// offset (and abbreviation) at every quarter hour from the
			// first year's start to the end of the year after the last.
			lastYear := last.Year() + 1
			ons := onsets(t, obs, lastYear)
			start := time.Date(first.Year(), time.January, 1, 0, 0, 0, 0, loc)
			end := time.Date(lastYear+1, time.January, 1, 0, 0, 0, 0, loc)
			for u := start; u.Before(end); u = u.Add(15 * time.Minute) {
				got := offsetAt(t, ons, u)
				name, offset := u.In(loc).Zone()
				if got.to != offset || got.name != name {
					t.Fatalf("at %s the VTIMEZONE says %s %d, Go says %s %d", u.UTC(), got.name, got.to, name, offset)
				}
			}
		})
	}
}

func TestTimezoneRuleFallsBackToObservances(t *testing.T) {
	t.Parallel()
	loc, err := loadZone("Africa/Casablanca")
	require.NoError(t, err)
	day := time.Date(2027, time.March, 27, 12, 0, 0, 0, loc)
	obs := readTimezone(t, newTimezone(loc, day, day))
	require.Greater(t, len(obs), 2)
	for _, o := range obs {
		require.Empty(t, o.rrule)
	}
}

func TestFormatOffset(t *testing.T) {
	t.Parallel()
	tests := []struct {
		seconds int
		want    string
	}{
		{0, "+0000"},
		{3600, "+0100"},
		{-5 * 3600, "-0500"},
		{5*3600 + 30*60, "+0530"},
		{-(9*3600 + 30*60), "-0930"},
		{13*3600 + 45*60, "+1345"},
		{-75, "-000115"}, // London's mean time
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, formatOffset(tt.seconds), "%d", tt.seconds)
	}
}

func TestLoadZone(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, want string
		wantErr    bool
	}{
		{name: "", want: "UTC"},
		{name: "UTC", want: "UTC"},
		{name: "Europe/London", want: "Europe/London"},
		{name: "Local", wantErr: true},
		{name: "Mars/Olympus_Mons", wantErr: true},
	}
	for _, tt := range tests {
		loc, err := loadZone(tt.name)
		if tt.wantErr {
			require.Error(t, err, tt.name)
			continue
		}
		require.NoError(t, err, tt.name)
		require.Equal(t, tt.want, loc.String())
	}
}
