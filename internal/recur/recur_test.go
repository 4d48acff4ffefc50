package recur_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/recur"
)

func schedule(t *testing.T, rule, zone string, d time.Duration) recur.Schedule {
	t.Helper()
	r, err := recur.Parse(rule)
	require.NoError(t, err)
	s, err := recur.NewSchedule(r, zone, d)
	require.NoError(t, err)
	return s
}

func utc(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

func starts(os []recur.Occurrence) []string {
	out := make([]string, len(os))
	for i, o := range os {
		out[i] = o.Start.UTC().Format("2006-01-02 15:04")
	}
	return out
}

func locals(os []recur.Occurrence) []string {
	out := make([]string, len(os))
	for i, o := range os {
		out[i] = o.Start.Format("2006-01-02 15:04 MST")
	}
	return out
}

// The call: second Tuesday 18:00 London, across both 2027
// changes (clocks forward 28 March, back 31 October), is 18:00 local
// every time: 18:00 UTC in winter, 17:00 UTC in summer.
func TestSecondTuesdayLondonKeepsWallTime(t *testing.T) {
	s := schedule(t, `{"start":"2027-01-12T18:00","freq":"monthly","weekdays":["TU"],"week":2,"until":"2027-12-01","skip":["2027-08-10"]}`,
		"Europe/London", time.Hour)
	got := s.First(100)
	require.Equal(t, []string{
		"2027-01-12 18:00", "2027-02-09 18:00", "2027-03-09 18:00",
		"2027-04-13 17:00", "2027-05-11 17:00", "2027-06-08 17:00", "2027-07-13 17:00",
		// 10 August skipped
		"2027-09-14 17:00", "2027-10-12 17:00",
		"2027-11-09 18:00",
		// 14 December is after Until
	}, starts(got))
	for _, o := range got {
		require.Equal(t, 18, o.Start.Hour(), o.Start)
		require.Equal(t, time.Hour, o.End.Sub(o.Start))
	}
	require.Equal(t, 8, got[7].Index, "the skipped date still counts in the index")
	require.Equal(t, recur.Date{Year: 2027, Month: time.September, Day: 14}, got[7].Date)
}

func TestExpansion(t *testing.T) {
	for _, tc := range []struct {
		name, rule, zone string
		want             []string // local start times
	}{
		{"every two weeks on Tuesday and Thursday over New York's spring change (14 March)",
			`{"start":"2027-03-02T09:30","freq":"weekly","interval":2,"weekdays":["TH","TU"],"count":6}`, "America/New_York",
			[]string{"2027-03-02 09:30 EST", "2027-03-04 09:30 EST", "2027-03-16 09:30 EDT", "2027-03-18 09:30 EDT",
				"2027-03-30 09:30 EDT", "2027-04-01 09:30 EDT"}},
		{"weekly over New York's autumn change (7 November)",
			`{"start":"2027-10-31T18:00","freq":"weekly","count":3}`, "America/New_York",
			[]string{"2027-10-31 18:00 EDT", "2027-11-07 18:00 EST", "2027-11-14 18:00 EST"}},
		{"the first start on a Wednesday, weekly on Monday and Wednesday: no Monday before it",
			`{"start":"2027-01-06T10:00","freq":"weekly","weekdays":["MO","WE"],"count":3}`, "Europe/London",
			[]string{"2027-01-06 10:00 GMT", "2027-01-11 10:00 GMT", "2027-01-13 10:00 GMT"}},
		{"the 31st skips the months without one, and they do not count",
			`{"start":"2027-01-31T19:00","freq":"monthly","count":6}`, "Europe/London",
			[]string{"2027-01-31 19:00 GMT", "2027-03-31 19:00 BST", "2027-05-31 19:00 BST", "2027-07-31 19:00 BST",
				"2027-08-31 19:00 BST", "2027-10-31 19:00 GMT"}},
		{"the 30th skips February, even in a leap year it lacks",
			`{"start":"2028-01-30T12:00","freq":"monthly","count":3}`, "UTC",
			[]string{"2028-01-30 12:00 UTC", "2028-03-30 12:00 UTC", "2028-04-30 12:00 UTC"}},
		{"the last Friday, every three months, over both London changes",
			`{"start":"2027-01-29T17:00","freq":"monthly","interval":3,"weekdays":["FR"],"week":-1,"until":"2027-12-31"}`, "Europe/London",
			[]string{"2027-01-29 17:00 GMT", "2027-04-30 17:00 BST", "2027-07-30 17:00 BST", "2027-10-29 17:00 BST"}},
		{"the fourth Sunday in a month with five",
			`{"start":"2027-01-24T11:00","freq":"monthly","weekdays":["SU"],"week":4,"count":3}`, "Europe/Berlin",
			[]string{"2027-01-24 11:00 CET", "2027-02-28 11:00 CET", "2027-03-28 11:00 CEST"}},
		{"a time the clocks skip moves forward by the gap (01:30 on 28 March is 02:30 BST)",
			`{"start":"2027-03-21T01:30","freq":"weekly","count":3}`, "Europe/London",
			[]string{"2027-03-21 01:30 GMT", "2027-03-28 02:30 BST", "2027-04-04 01:30 BST"}},
		{"a time the clocks repeat is the first of the two (01:30 BST on 31 October)",
			`{"start":"2027-10-24T01:30","freq":"weekly","count":3}`, "Europe/London",
			[]string{"2027-10-24 01:30 BST", "2027-10-31 01:30 BST", "2027-11-07 01:30 GMT"}},
		{"Count counts skipped dates, as COUNT with EXDATE does",
			`{"start":"2027-01-05T18:00","freq":"weekly","count":4,"skip":["2027-01-12"]}`, "Europe/London",
			[]string{"2027-01-05 18:00 GMT", "2027-01-19 18:00 GMT", "2027-01-26 18:00 GMT"}},
		{"Until is inclusive of its day",
			`{"start":"2027-01-05T18:00","freq":"weekly","until":"2027-01-19"}`, "Europe/London",
			[]string{"2027-01-05 18:00 GMT", "2027-01-12 18:00 GMT", "2027-01-19 18:00 GMT"}},
		{"southern hemisphere: Sydney's clocks go back 4 April and forward 3 October 2027",
			`{"start":"2027-03-09T19:00","freq":"monthly","weekdays":["TU"],"week":2,"count":8}`, "Australia/Sydney",
			[]string{"2027-03-09 19:00 AEDT", "2027-04-13 19:00 AEST", "2027-05-11 19:00 AEST", "2027-06-08 19:00 AEST",
				"2027-07-13 19:00 AEST", "2027-08-10 19:00 AEST", "2027-09-14 19:00 AEST", "2027-10-12 19:00 AEDT"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := schedule(t, tc.rule, tc.zone, time.Hour)
			require.Equal(t, tc.want, locals(s.First(100)))
		})
	}
}

func TestBetweenAndNext(t *testing.T) {
	s := schedule(t, `{"start":"2027-01-12T18:00","freq":"monthly","weekdays":["TU"],"week":2,"skip":["2027-08-10"]}`,
		"Europe/London", 90*time.Minute)

	// [t1, t2): an occurrence starting at t1 is in, one at t2 is not.
	require.Equal(t, []string{"2027-06-08 17:00", "2027-07-13 17:00", "2027-09-14 17:00"},
		starts(s.Between(utc("2027-06-08 17:00"), utc("2027-10-12 17:00"))))
	require.Empty(t, s.Between(utc("2027-06-08 17:01"), utc("2027-07-13 17:00")))
	require.Empty(t, s.Between(utc("2020-01-01 00:00"), utc("2027-01-12 18:00")), "nothing before the first start")

	// Next is strictly after: the call under way is not next.
	require.Equal(t, []string{"2027-09-14 17:00", "2027-10-12 17:00", "2027-11-09 18:00"},
		starts(s.Next(utc("2027-07-13 17:00"), 3)), "the next three skip 10 August")
	require.Equal(t, []string{"2030-01-08 18:00"}, starts(s.Next(utc("2029-12-31 00:00"), 1)), "no end: it goes on")
	require.Empty(t, s.Next(utc("2027-07-13 17:00"), 0))

	ended := schedule(t, `{"start":"2027-01-12T18:00","freq":"monthly","weekdays":["TU"],"week":2,"count":2}`, "Europe/London", time.Hour)
	require.Equal(t, []string{"2027-02-09 18:00"}, starts(ended.Next(utc("2027-01-12 18:00"), 3)), "fewer left than asked")
	require.Empty(t, ended.Between(utc("2027-03-01 00:00"), utc("2099-01-01 00:00")))
}

func TestAt(t *testing.T) {
	s := schedule(t, `{"start":"2027-01-12T18:00","freq":"monthly","weekdays":["TU"],"week":2,"count":10,"skip":["2027-08-10"]}`,
		"Europe/London", time.Hour)
	o, ok := s.At(recur.Date{Year: 2027, Month: time.July, Day: 13})
	require.True(t, ok)
	require.Equal(t, utc("2027-07-13 17:00"), o.Start.UTC())
	require.Equal(t, 6, o.Index)
	for _, d := range []recur.Date{
		{Year: 2027, Month: time.August, Day: 10},  // skipped
		{Year: 2027, Month: time.July, Day: 14},    // not a second Tuesday
		{Year: 2027, Month: time.November, Day: 9}, // the 11th: past Count
		{Year: 2026, Month: time.December, Day: 8}, // before the first start
	} {
		_, ok := s.At(d)
		require.False(t, ok, d)
	}
}

func TestDescribe(t *testing.T) {
	for _, tc := range []struct{ rule, zone, want string }{
		{`{"start":"2027-01-12T18:00","freq":"monthly","weekdays":["TU"],"week":2,"until":"2027-12-01"}`, "Europe/London",
			"Monthly on the second Tuesday, 18:00 London time, until 1 Dec 2027"},
		{`{"start":"2027-01-29T17:00","freq":"monthly","interval":3,"weekdays":["FR"],"week":-1}`, "America/New_York",
			"Every 3 months on the last Friday, 17:00 New York time"},
		{`{"start":"2027-01-31T09:05","freq":"monthly","count":12}`, "UTC",
			"Monthly on the 31st (not in months without one), 09:05 UTC, 12 times"},
		{`{"start":"2027-01-02T09:00","freq":"monthly","count":1}`, "Europe/Paris",
			"Monthly on the 2nd, 09:00 Paris time, once"},
		{`{"start":"2027-01-04T19:30","freq":"weekly","weekdays":["MO","WE","FR"],"skip":["2027-01-06","2027-01-11"]}`, "Europe/London",
			"Weekly on Monday, Wednesday and Friday, 19:30 London time, except 6 Jan 2027 and 11 Jan 2027"},
		{`{"start":"2027-01-05T07:00","freq":"weekly","interval":2}`, "Asia/Kolkata",
			"Every 2 weeks on Tuesday, 07:00 Kolkata time"},
	} {
		require.Equal(t, tc.want, schedule(t, tc.rule, tc.zone, time.Hour).Describe())
	}
}

func TestParseFillsInAndRoundTrips(t *testing.T) {
	r, err := recur.Parse(`{"start":"2027-01-12T18:00","freq":"weekly","weekdays":["TH","TU"],"skip":["2027-01-26","2027-01-19"]}`)
	require.NoError(t, err)
	require.Equal(t, 1, r.Interval)
	require.Equal(t, []time.Weekday{time.Tuesday, time.Thursday}, r.Weekdays, "Monday first, as the week starts")
	require.Equal(t, `{"start":"2027-01-12T18:00","freq":"weekly","interval":1,"weekdays":["TU","TH"],"skip":["2027-01-19","2027-01-26"]}`, r.String())
	back, err := recur.Parse(r.String())
	require.NoError(t, err)
	require.Equal(t, r, back)

	m, err := recur.Parse(`{"start":"2027-01-31T18:00","freq":"monthly"}`)
	require.NoError(t, err)
	require.Equal(t, 31, m.MonthDay, "the day of the month is the first start's")
}

func TestParseRefuses(t *testing.T) {
	for _, tc := range []struct{ rule, why string }{
		{``, "EOF"},
		{`{"start":"2027-01-12T18:00","freq":"daily"}`, "frequency"},
		{`{"start":"2027-01-12 18:00","freq":"weekly"}`, "local time"},
		{`{"start":"2027-02-30T18:00","freq":"weekly"}`, "out of range"},
		{`{"start":"2027-01-12T18:00","freq":"weekly","colour":"red"}`, "colour"},
		{`{"start":"2027-01-12T18:00","freq":"weekly"} {}`, "after"},
		{`{"start":"2027-01-12T18:00","freq":"weekly","weekdays":["MO"]}`, "weekday"},
		{`{"start":"2027-01-12T18:00","freq":"weekly","weekdays":["TU","TU"]}`, "twice"},
		{`{"start":"2027-01-12T18:00","freq":"weekly","weekdays":["tu"]}`, "weekday"},
		{`{"start":"2027-01-12T18:00","freq":"weekly","interval":53}`, "52"},
		{`{"start":"2027-01-12T18:00","freq":"weekly","interval":-1}`, "interval"},
		{`{"start":"2027-01-12T18:00","freq":"weekly","month_day":12}`, "day of the month"},
		{`{"start":"2027-01-12T18:00","freq":"monthly","weekdays":["TU"],"week":3}`, "third"},
		{`{"start":"2027-01-12T18:00","freq":"monthly","weekdays":["TU"],"week":5}`, "week 5"},
		{`{"start":"2027-01-12T18:00","freq":"monthly","weekdays":["TU","WE"],"week":2}`, "exactly one"},
		{`{"start":"2027-01-12T18:00","freq":"monthly","month_day":13}`, "day 13"},
		{`{"start":"2027-01-12T18:00","freq":"monthly","interval":25}`, "24"},
		{`{"start":"2027-01-12T18:00","freq":"weekly","until":"2027-01-11"}`, "before"},
		{`{"start":"2027-01-12T18:00","freq":"weekly","until":"2027-02-01","count":3}`, "not both"},
		{`{"start":"2027-01-12T18:00","freq":"weekly","count":1001}`, "count"},
		{`{"start":"2027-01-12T18:00","freq":"weekly","skip":["2027-01-13"]}`, "not one of the rule's dates"},
		{`{"start":"2027-01-12T18:00","freq":"weekly","interval":2,"skip":["2027-01-19"]}`, "not one of the rule's dates"},
		{`{"start":"2027-01-12T18:00","freq":"weekly","skip":["2027-01-05"]}`, "not one of the rule's dates"},
	} {
		_, err := recur.Parse(tc.rule)
		require.ErrorContains(t, err, tc.why, tc.rule)
	}
}

func TestNewScheduleRefuses(t *testing.T) {
	r, err := recur.Parse(`{"start":"2027-01-12T18:00","freq":"weekly"}`)
	require.NoError(t, err)
	for _, zone := range []string{"", "Local", "Europe/Atlantis"} {
		_, err := recur.NewSchedule(r, zone, time.Hour)
		require.Error(t, err, zone)
	}
	_, err = recur.NewSchedule(r, "Europe/London", 0)
	require.Error(t, err)
}

// FuzzParse: whatever Parse accepts, it writes back as text it reads to
// the same rule, and that rule expands without fault, from its start, in
// order, on the rule's local time.
func FuzzParse(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		r, err := recur.Parse(s)
		if err != nil {
			return
		}
		back, err := recur.Parse(r.String())
		require.NoError(t, err, r.String())
		require.Equal(t, r.String(), back.String())
		sched, err := recur.NewSchedule(r, "Europe/London", time.Hour)
		require.NoError(t, err)
		os := sched.First(30)
		if r.Count == 0 && r.Until.IsZero() {
			require.NotEmpty(t, os)
		}
		for i, o := range os {
			if i == 0 && len(r.Skip) == 0 {
				require.Equal(t, r.Start.Date, o.Date, "the first start is the first occurrence")
			}
			if i > 0 {
				require.True(t, o.Date.After(os[i-1].Date), "in order")
				require.Greater(t, o.Index, os[i-1].Index)
			}
			wall := recur.WallOf(o.Start)
			if wall.Hour != r.Start.Hour || wall.Minute != r.Start.Minute {
				// Only a time the clocks skip may differ: one that time.Date
				// cannot make either.
				asked := recur.Wall{Date: o.Date, Hour: r.Start.Hour, Minute: r.Start.Minute}
				require.NotEqual(t, asked, recur.WallOf(time.Date(o.Date.Year, o.Date.Month, o.Date.Day, asked.Hour, asked.Minute, 0, 0, sched.Loc)), o.Start)
				require.True(t, o.Start.After(asked.In(time.UTC).Add(-2*time.Hour)), "moved forward, not back")
			}
			_, ok := sched.At(o.Date)
			require.True(t, ok, o.Date)
		}
	})
}
