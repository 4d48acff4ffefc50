package calendar_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/calendar"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/recur"
)

const callURL = "https://call.example/general-circle-secret"

var seriesLinks = calendar.Links{
	GatheringURL: testLinks.GatheringURL,
	SeriesURL:    func(id int64) string { return fmt.Sprintf("https://coop.example/series/%d", id) },
}

// theMonthlyCall is the series: the second Tuesday, 18:00
// London, through 2027 (both changes of the clocks), 10 August skipped,
// the call link for those coming only.
func theMonthlyCall() model.Series {
	return model.Series{
		ID: 7, ActorID: 1, Title: "General circle call", Summary: "The network's monthly call.",
		Rule:     `{"start":"2027-01-12T18:00","freq":"monthly","weekdays":["TU"],"week":2,"until":"2027-12-01","skip":["2027-08-10"]}`,
		Timezone: "Europe/London", Duration: time.Hour, Online: true, CallURL: callURL, LinkForAttendees: true,
		Version: 3, CreatedAt: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC), UpdatedAt: time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC),
	}
}

func scheduleOf(t *testing.T, s model.Series) recur.Schedule {
	t.Helper()
	r, err := recur.Parse(s.Rule)
	require.NoError(t, err)
	sched, err := recur.NewSchedule(r, s.Timezone, s.Duration)
	require.NoError(t, err)
	return sched
}

// occurrence is the gathering made for the occurrence on day, as the
// series makes it (unchanged), given id.
func occurrence(t *testing.T, s model.Series, id int64, day string) calendar.SeriesOccurrence {
	t.Helper()
	d, err := recur.ParseDate(day)
	require.NoError(t, err)
	o, ok := scheduleOf(t, s).At(d)
	require.True(t, ok, day)
	return calendar.SeriesOccurrence{RecurrenceID: o.Start.UTC(), Gathering: model.Gathering{
		ID: id, ActorID: s.ActorID, Title: s.Title, Timezone: s.Timezone, StartsAt: o.Start.UTC(), EndsAt: o.End.UTC(),
		Status: model.StatusPublished, Version: 1, OnlineURL: s.CallURL,
	}}
}

// callEntry is the call with gatherings for its first occurrences: one
// as the rule has it, 8 June cancelled, and 12 October moved to 2
// November 19:00 (after the clocks went back).
func callEntry(t *testing.T) calendar.SeriesEntry {
	s := theMonthlyCall()
	kept := occurrence(t, s, 101, "2027-01-12")
	cancelled := occurrence(t, s, 105, "2027-06-08")
	cancelled.Gathering.Status = model.StatusCancelled
	cancelled.Gathering.Version = 2
	moved := occurrence(t, s, 108, "2027-10-12")
	moved.Gathering.StartsAt = local(t, "Europe/London", "2027-11-02T19:00")
	moved.Gathering.EndsAt = moved.Gathering.StartsAt.Add(90 * time.Minute)
	moved.Gathering.Version = 2
	return calendar.SeriesEntry{Series: s, Occurrences: []calendar.SeriesOccurrence{moved, kept, cancelled}}
}

func TestSeriesICS(t *testing.T) {
	t.Parallel()
	raw, err := calendar.SeriesICS(testHost, testActor, callEntry(t), seriesLinks, testNow)
	require.NoError(t, err)
	requireWellFormed(t, raw)
	unfolded := unfold(string(raw))
	require.NotContains(t, unfolded, callURL, "the call link is for those who RSVP, not for subscribers")

	cal := parse(t, raw)
	require.Len(t, cal.Events(), 3, "the series, the cancelled one and the moved one; the unchanged one is the rule's")
	require.Len(t, cal.Timezones(), 1)
	var master *ics.VEvent
	overrides := map[string]*ics.VEvent{}
	for _, ev := range cal.Events() {
		require.Equal(t, "series-7@coop.example", ev.Id(), "one UID: calendar apps join the overrides to the series")
		if p := ev.GetProperty(ics.ComponentPropertyRecurrenceId); p != nil {
			overrides[p.Value] = ev
		} else {
			master = ev
		}
	}
	require.NotNil(t, master)
	mb := &master.ComponentBase
	require.Equal(t, "FREQ=MONTHLY;BYDAY=2TU;UNTIL=20271201T180000Z", value(t, mb, ics.ComponentPropertyRrule))
	start := master.GetProperty(ics.ComponentPropertyDtStart)
	require.Equal(t, "20270112T180000", start.Value)
	require.Equal(t, []string{"Europe/London"}, start.ICalParameters["TZID"])
	require.Equal(t, "PT1H", value(t, mb, ics.ComponentPropertyDuration))
	exdate := master.GetProperty(ics.ComponentPropertyExdate)
	require.Equal(t, "20270810T180000", exdate.Value, "the skipped date at the rule's local time")
	require.Equal(t, []string{"Europe/London"}, exdate.ICalParameters["TZID"])
	require.Equal(t, "Online (link sent to those who RSVP)", value(t, mb, ics.ComponentPropertyLocation))
	desc := value(t, mb, ics.ComponentPropertyDescription)
	require.Contains(t, desc, "Online: link sent to those who RSVP")
	require.Contains(t, desc, "Repeats: Monthly on the second Tuesday, 18:00 London time, until 1 Dec 2027, except 10 Aug 2027")
	require.Contains(t, desc, "https://coop.example/series/7")
	require.Equal(t, "3", value(t, mb, ics.ComponentPropertySequence))

	require.Len(t, overrides, 2)
	cancelled := overrides["20270608T180000"]
	require.NotNil(t, cancelled, "RECURRENCE-ID is the occurrence's local time as the rule had it")
	require.Equal(t, "CANCELLED", value(t, &cancelled.ComponentBase, ics.ComponentPropertyStatus))
	require.Equal(t, "Cancelled: General circle call", value(t, &cancelled.ComponentBase, ics.ComponentPropertySummary))
	require.Equal(t, "5", value(t, &cancelled.ComponentBase, ics.ComponentPropertySequence), "the series' version and its own")
	moved := overrides["20271012T180000"]
	require.NotNil(t, moved)
	require.Equal(t, "20271102T190000", value(t, &moved.ComponentBase, ics.ComponentPropertyDtStart))
	require.Equal(t, "20271102T203000", value(t, &moved.ComponentBase, ics.ComponentPropertyDtEnd))
	require.Equal(t, "https://coop.example/gatherings/108", value(t, &moved.ComponentBase, ics.ComponentPropertyUrl))
}

func TestSeriesICSRefusesABadRule(t *testing.T) {
	t.Parallel()
	s := theMonthlyCall()
	s.Rule = `{"start":"2027-01-13T18:00","freq":"monthly","weekdays":["TU"],"week":2}`
	_, err := calendar.SeriesICS(testHost, testActor, calendar.SeriesEntry{Series: s}, seriesLinks, testNow)
	require.ErrorContains(t, err, "series 7")
}

func TestRRule(t *testing.T) {
	t.Parallel()
	for rule, want := range map[string]string{
		`{"start":"2027-01-12T18:00","freq":"monthly","weekdays":["TU"],"week":2,"count":10}`:                   "FREQ=MONTHLY;BYDAY=2TU;COUNT=10",
		`{"start":"2027-01-29T17:00","freq":"monthly","interval":3,"weekdays":["FR"],"week":-1}`:                "FREQ=MONTHLY;INTERVAL=3;BYDAY=-1FR",
		`{"start":"2027-01-31T17:00","freq":"monthly"}`:                                                         "FREQ=MONTHLY;BYMONTHDAY=31",
		`{"start":"2027-06-01T09:30","freq":"weekly","interval":2,"weekdays":["TH","TU"],"until":"2027-07-01"}`: "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;WKST=MO;UNTIL=20270701T083000Z",
	} {
		require.Equal(t, want, calendar.RRule(scheduleOf(t, model.Series{Rule: rule, Timezone: "Europe/London", Duration: time.Hour})), rule)
	}
}

// icalJS expands the first n occurrences of raw's recurring event with
// ical.js, an independent parser, as "RECURRENCE-ID START END STATUS" in
// UTC. It skips the test without node or ical.js (.ci/run installs it and
// sets GATHER_ICALJS).
func icalJS(t *testing.T, raw []byte, n int) []string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("no node to run ical.js: ", err)
	}
	lib := os.Getenv("GATHER_ICALJS")
	if lib == "" {
		t.Skip("GATHER_ICALJS is not set: .ci/run installs ical.js and sets it")
	}
	if _, err := os.Stat(lib); err != nil {
		t.Skip("ical.js is missing: ", err)
	}
	cmd := exec.Command(node, "testdata/icaljs-expand.mjs", fmt.Sprint(n))
	cmd.Stdin = bytes.NewReader(raw)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, stderr.String())
	return strings.Split(strings.TrimSpace(string(out)), "\n")
}

func isoUTC(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// An independent parser reads the calendar as internal/recur expands the
// rule: every occurrence at 18:00 London across both changes of the
// clocks, 10 August not there, 8 June called off, 12 October at its new
// time; and stops at Until.
func TestSeriesICSReadByICALJS(t *testing.T) {
	t.Parallel()
	e := callEntry(t)
	raw, err := calendar.SeriesICS(testHost, testActor, e, seriesLinks, testNow)
	require.NoError(t, err)
	got := icalJS(t, raw, 50)

	london, err := time.LoadLocation("Europe/London")
	require.NoError(t, err)
	var want []string
	for _, o := range scheduleOf(t, e.Series).First(50) {
		require.Equal(t, 18, o.Start.In(london).Hour())
		start, end, status := o.Start, o.End, "CONFIRMED"
		switch recur.DateOf(o.Start).String() {
		case "2027-06-08":
			status = "CANCELLED"
		case "2027-10-12":
			start, end = local(t, "Europe/London", "2027-11-02T19:00"), local(t, "Europe/London", "2027-11-02T20:30")
		}
		want = append(want, strings.Join([]string{isoUTC(o.Start), isoUTC(start), isoUTC(end), status}, " "))
	}
	require.Len(t, want, 10, "January to November, less August")
	require.Equal(t, want, got)
	require.Contains(t, got, "2027-04-13T17:00:00.000Z 2027-04-13T17:00:00.000Z 2027-04-13T18:00:00.000Z CONFIRMED", "18:00 BST")
	require.Contains(t, got, "2027-11-09T18:00:00.000Z 2027-11-09T18:00:00.000Z 2027-11-09T19:00:00.000Z CONFIRMED", "18:00 GMT")
}

// The other rules read the same by both: weekly on two days every other
// week over New York's changes, the last Friday, and the 31st that
// months without one skip.
func TestSeriesRulesReadByICALJS(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ rule, zone string }{
		{`{"start":"2027-02-02T09:30","freq":"weekly","interval":2,"weekdays":["TU","TH"],"until":"2027-12-01","skip":["2027-03-16"]}`, "America/New_York"},
		{`{"start":"2027-01-29T17:00","freq":"monthly","weekdays":["FR"],"week":-1,"count":14}`, "Europe/London"},
		{`{"start":"2027-01-31T19:00","freq":"monthly","count":12}`, "Europe/Berlin"},
		{`{"start":"2027-01-04T08:00","freq":"weekly","weekdays":["MO","WE","FR"]}`, "Australia/Sydney"},
		// Irish winter time is tzdata's daylight-saving one, with a negative saving.
		{`{"start":"2027-01-12T18:00","freq":"monthly","weekdays":["TU"],"week":2,"count":12}`, "Europe/Dublin"},
		{`{"start":"2027-01-12T18:00","freq":"monthly","weekdays":["TU"],"week":2,"count":12}`, "Asia/Kolkata"},
		// 01:30 does not exist on 28 March, and happens twice on 31 October.
		{`{"start":"2027-03-14T01:30","freq":"weekly","weekdays":["SU"],"count":40}`, "Europe/London"},
	} {
		t.Run(strings.ReplaceAll(tc.zone, "/", "_"), func(t *testing.T) {
			t.Parallel()
			s := theMonthlyCall()
			s.Rule, s.Timezone, s.Duration = tc.rule, tc.zone, 45*time.Minute
			raw, err := calendar.SeriesICS(testHost, testActor, calendar.SeriesEntry{Series: s}, seriesLinks, testNow)
			require.NoError(t, err)
			got := icalJS(t, raw, 200)
			var want []string
			for _, o := range scheduleOf(t, s).First(200) {
				want = append(want, strings.Join([]string{isoUTC(o.Start), isoUTC(o.Start), isoUTC(o.End), "CONFIRMED"}, " "))
			}
			require.Equal(t, want, got, tc.rule)
		})
	}
}

// In the co-op's calendar the series is its one VEVENT and overrides:
// the gatherings made for its occurrences, which the co-op's list of
// gatherings also holds, are not there a second time.
func TestCoopICSWithSeries(t *testing.T) {
	t.Parallel()
	call := callEntry(t)
	entries := []calendar.Entry{exampleEntry(t)}
	for _, o := range call.Occurrences {
		entries = append(entries, calendar.Entry{Gathering: o.Gathering})
	}
	raw, err := calendar.CoopICSWithSeries(testHost, testActor, entries, []calendar.SeriesEntry{call}, seriesLinks, testNow)
	require.NoError(t, err)
	requireWellFormed(t, raw)
	require.NotContains(t, unfold(string(raw)), callURL)
	cal := parse(t, raw)
	uids := map[string]int{}
	for _, ev := range cal.Events() {
		uids[ev.Id()]++
	}
	require.Equal(t, 3, uids["series-7@coop.example"], "the series, its cancelled and its moved occurrence")
	require.Equal(t, 1, uids["gathering-12@coop.example"])
	for _, id := range []int64{101, 105, 108} {
		require.Zero(t, uids[fmt.Sprintf("gathering-%d@coop.example", id)], "occurrence %d is the series'", id)
	}
	require.Len(t, cal.Timezones(), 1, "one VTIMEZONE for London, for the gathering and the series")

	plain, err := calendar.CoopICS(testHost, testActor, entries, seriesLinks, testNow)
	require.NoError(t, err)
	require.Contains(t, string(plain), "UID:gathering-101@coop.example", "without the series, its gatherings are listed as they are")
}

// Where the rule's time is skipped (01:30 on 28 March) or repeated (01:30
// on 31 October), readers would each pick their own instant (ical.js
// picks others than RFC 5545's): those occurrences are EXDATEs in the
// reader's terms and RDATEs in UTC, and their overrides name them in UTC,
// so ical.js agrees with internal/recur, moved and cancelled ones too.
func TestSeriesICSAtTheChangesOfTheClocks(t *testing.T) {
	t.Parallel()
	s := theMonthlyCall()
	s.Title, s.Duration = "Night shift check-in", 30*time.Minute
	s.Rule = `{"start":"2027-03-14T01:30","freq":"weekly","count":40}`
	moved := occurrence(t, s, 201, "2027-03-28")
	moved.Gathering.StartsAt = local(t, "Europe/London", "2027-03-28T03:00")
	moved.Gathering.EndsAt = moved.Gathering.StartsAt.Add(30 * time.Minute)
	cancelled := occurrence(t, s, 202, "2027-10-31")
	cancelled.Gathering.Status = model.StatusCancelled
	raw, err := calendar.SeriesICS(testHost, testActor, calendar.SeriesEntry{Series: s,
		Occurrences: []calendar.SeriesOccurrence{moved, cancelled}}, seriesLinks, testNow)
	require.NoError(t, err)

	text := unfold(string(raw))
	require.Contains(t, text, "EXDATE;TZID=Europe/London:20270328T013000")
	require.Contains(t, text, "RDATE:20270328T013000Z", "02:30 BST: forward by the gap")
	require.Contains(t, text, "EXDATE;TZID=Europe/London:20271031T013000")
	require.Contains(t, text, "RDATE:20271031T003000Z", "the first 01:30, in BST")
	require.Contains(t, text, "RECURRENCE-ID:20271031T003000Z")

	got := icalJS(t, raw, 100)
	var want []string
	for _, o := range scheduleOf(t, s).First(100) {
		start, end, status := o.Start, o.End, "CONFIRMED"
		switch o.Date.String() {
		case "2027-03-28":
			start, end = moved.Gathering.StartsAt, moved.Gathering.EndsAt
		case "2027-10-31":
			status = "CANCELLED"
		}
		want = append(want, strings.Join([]string{isoUTC(o.Start), isoUTC(start), isoUTC(end), status}, " "))
	}
	require.Len(t, want, 40)
	require.Equal(t, want, got)
}
