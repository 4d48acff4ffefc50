package calendar_test

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"
	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/calendar"
	"github.com/gather-coop/gather/internal/model"
)

// parse reads a rendered calendar back with the library's own parser.
func parse(t *testing.T, raw []byte) *ics.Calendar {
	t.Helper()
	cal, err := ics.ParseCalendar(bytes.NewReader(raw))
	require.NoError(t, err)
	return cal
}

func calProp(t *testing.T, cal *ics.Calendar, name ics.Property) string {
	t.Helper()
	for _, p := range cal.CalendarProperties {
		if p.IANAToken == string(name) {
			return p.Value
		}
	}
	t.Fatalf("calendar has no %s", name)
	return ""
}

func value(t *testing.T, c *ics.ComponentBase, name ics.ComponentProperty) string {
	t.Helper()
	p := c.GetProperty(name)
	require.NotNil(t, p, "no %s", name)
	return p.Value
}

func eventTitled(t *testing.T, cal *ics.Calendar, prefix string) *ics.VEvent {
	t.Helper()
	for _, ev := range cal.Events() {
		if p := ev.GetProperty(ics.ComponentPropertySummary); p != nil && strings.HasPrefix(p.Value, prefix) {
			return ev
		}
	}
	t.Fatalf("no event titled %q…", prefix)
	return nil
}

// observances returns a VTIMEZONE's DAYLIGHT and STANDARD sub-components.
func observances(tz *ics.VTimezone) (daylight, standard []*ics.ComponentBase) {
	for _, c := range tz.Components {
		switch c := c.(type) {
		case *ics.Daylight:
			daylight = append(daylight, &c.ComponentBase)
		case *ics.Standard:
			standard = append(standard, &c.ComponentBase)
		}
	}
	return daylight, standard
}

// unfold undoes line folding (RFC 5545 §3.1).
func unfold(raw string) string { return strings.ReplaceAll(raw, "\r\n ", "") }

// requireWellFormed checks the octets: CRLF after every line and nothing
// else, each line at most 75 octets and valid UTF-8 on its own.
func requireWellFormed(t *testing.T, raw []byte) {
	t.Helper()
	s := string(raw)
	require.True(t, strings.HasSuffix(s, "END:VCALENDAR\r\n"))
	require.Equal(t, strings.Count(s, "\n"), strings.Count(s, "\r\n"), "a bare LF")
	require.Equal(t, strings.Count(s, "\r"), strings.Count(s, "\r\n"), "a bare CR")
	for i, line := range strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n") {
		require.LessOrEqual(t, len(line), 75, "line %d is %d octets: %q", i+1, len(line), line)
		require.True(t, utf8.ValidString(line), "line %d splits a character: %q", i+1, line)
	}
}

func TestGatheringICS(t *testing.T) {
	t.Parallel()
	type check func(t *testing.T, raw string, cal *ics.Calendar, e calendar.Entry)
	tests := []struct {
		name   string
		change func(e *calendar.Entry)
		check  check
	}{{
		name: "the example: one event for the gathering and one per session",
		check: func(t *testing.T, raw string, cal *ics.Calendar, e calendar.Entry) {
			requireWellFormed(t, []byte(raw))
			require.Equal(t, calendar.ProductID, calProp(t, cal, ics.PropertyProductId))
			require.Equal(t, "2.0", calProp(t, cal, ics.PropertyVersion))
			require.Equal(t, "GREGORIAN", calProp(t, cal, ics.PropertyCalscale))
			require.Equal(t, "PUBLISH", calProp(t, cal, ics.PropertyMethod))
			require.Equal(t, "Tech co-op network gathering", calProp(t, cal, ics.PropertyXWRCalName))
			require.Equal(t, "Europe/London", calProp(t, cal, ics.PropertyXWRTimezone))
			require.Len(t, cal.Events(), 12)

			uids := map[string]bool{}
			for _, ev := range cal.Events() {
				uids[ev.Id()] = true
				require.Equal(t, "20270301T120000Z", value(t, &ev.ComponentBase, ics.ComponentPropertyDtstamp))
			}
			require.Len(t, uids, 12, "UIDs are unique")
			require.True(t, uids["gathering-12@coop.example"])
			require.True(t, uids["session-111@coop.example"])
		},
	}, {
		name: "Sunday 10:00 is British Summer Time: 09:00 UTC, written as local time",
		check: func(t *testing.T, raw string, cal *ics.Calendar, e calendar.Entry) {
			ev := eventTitled(t, cal, "Pre-mortems")
			p := ev.GetProperty(ics.ComponentPropertyDtStart)
			require.Equal(t, "20270328T100000", p.Value)
			require.Equal(t, []string{"Europe/London"}, p.ICalParameters["TZID"])
			start, err := ev.GetStartAt()
			require.NoError(t, err)
			require.Equal(t, time.Date(2027, time.March, 28, 9, 0, 0, 0, time.UTC), start.UTC())
			end, err := ev.GetEndAt()
			require.NoError(t, err)
			require.Equal(t, time.Date(2027, time.March, 28, 11, 0, 0, 0, time.UTC), end.UTC())
			require.Equal(t, "Small room · Co-op workspace, 1 Example Road, London, N1 0AA, GB",
				value(t, &ev.ComponentBase, ics.ComponentPropertyLocation))
		},
	}, {
		name: "Saturday 10:30 is Greenwich Mean Time: 10:30 UTC",
		check: func(t *testing.T, raw string, cal *ics.Calendar, e calendar.Entry) {
			ev := eventTitled(t, cal, "How we're really doing")
			p := ev.GetProperty(ics.ComponentPropertyDtStart)
			require.Equal(t, "20270327T103000", p.Value)
			require.Equal(t, []string{"Europe/London"}, p.ICalParameters["TZID"])
			start, err := ev.GetStartAt()
			require.NoError(t, err)
			require.Equal(t, time.Date(2027, time.March, 27, 10, 30, 0, 0, time.UTC), start.UTC())
			desc := value(t, &ev.ComponentBase, ics.ComponentPropertyDescription)
			require.Contains(t, desc, "Facilitated by @workshops@coop-b.example")
			require.Contains(t, desc, "https://coop.example/sessions/102")
			var cats []string
			for _, c := range ev.GetProperties(ics.ComponentPropertyCategories) {
				cats = append(cats, c.Value)
			}
			require.Equal(t, []string{"Workshop", "Business development"}, cats)
		},
	}, {
		name: "one VTIMEZONE with British Summer Time and Greenwich Mean Time",
		check: func(t *testing.T, raw string, cal *ics.Calendar, e calendar.Entry) {
			require.Len(t, cal.Timezones(), 1)
			tz := cal.Timezones()[0]
			require.Equal(t, "Europe/London", value(t, &tz.ComponentBase, ics.ComponentPropertyTzid))
			daylight, standard := observances(tz)
			require.Len(t, daylight, 1)
			require.Len(t, standard, 1)
			require.Equal(t, "+0100", value(t, daylight[0], ics.ComponentProperty(ics.PropertyTzoffsetto)))
			require.Equal(t, "+0000", value(t, daylight[0], ics.ComponentProperty(ics.PropertyTzoffsetfrom)))
			require.Equal(t, "BST", value(t, daylight[0], ics.ComponentProperty(ics.PropertyTzname)))
			require.Equal(t, "20270328T010000", value(t, daylight[0], ics.ComponentPropertyDtStart))
			require.Equal(t, "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", value(t, daylight[0], ics.ComponentPropertyRrule))
			require.Equal(t, "+0000", value(t, standard[0], ics.ComponentProperty(ics.PropertyTzoffsetto)))
			require.Equal(t, "GMT", value(t, standard[0], ics.ComponentProperty(ics.PropertyTzname)))
			require.Equal(t, "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", value(t, standard[0], ics.ComponentPropertyRrule))
			require.Less(t, strings.Index(raw, "BEGIN:VTIMEZONE"), strings.Index(raw, "BEGIN:VEVENT"),
				"zones come before the events that use them")
		},
	}, {
		name: "the gathering's own event: place, link, version, dates",
		check: func(t *testing.T, raw string, cal *ics.Calendar, e calendar.Entry) {
			ev := eventTitled(t, cal, "Tech co-op network gathering")
			c := &ev.ComponentBase
			require.Equal(t, "gathering-12@coop.example", ev.Id())
			require.Equal(t, "51.5362;-0.1033", value(t, c, ics.ComponentPropertyGeo))
			require.Equal(t, "7", value(t, c, ics.ComponentPropertySequence))
			require.Equal(t, "CONFIRMED", value(t, c, ics.ComponentPropertyStatus))
			require.Equal(t, "https://coop.example/gatherings/12", value(t, c, ics.ComponentPropertyUrl))
			require.Equal(t, "20270105T090000Z", value(t, c, ics.ComponentPropertyCreated))
			require.Equal(t, "20270210T163000Z", value(t, c, ics.ComponentPropertyLastModified))
			require.Equal(t, "20270327T100000", value(t, c, ics.ComponentPropertyDtStart))
			require.Equal(t, "20270328T120000", value(t, c, ics.ComponentPropertyDtEnd))
			require.Nil(t, ev.GetProperty(ics.ComponentPropertyRelatedTo))
			desc := value(t, c, ics.ComponentPropertyDescription)
			require.Contains(t, desc, "A day of honest business talk")
			require.Contains(t, desc, "Lunch is catered; afterwards we head to the pub.")
			require.Contains(t, desc, "Organised by Coop A (@events@coop.example)")
			require.Contains(t, unfold(raw), `Lunch is catered\; afterwards`)
		},
	}, {
		name: "sessions: a sequence that grows with them and their gathering, which is their parent",
		check: func(t *testing.T, raw string, cal *ics.Calendar, e calendar.Entry) {
			for _, s := range e.Sessions {
				ev := eventTitled(t, cal, s.Title)
				require.Equal(t, "session-"+itoa(s.ID)+"@coop.example", ev.Id())
				require.Equal(t, itoa(int64(s.Version+e.Gathering.Version)), value(t, &ev.ComponentBase, ics.ComponentPropertySequence))
				rel := ev.GetProperty(ics.ComponentPropertyRelatedTo)
				require.NotNil(t, rel)
				require.Equal(t, "gathering-12@coop.example", rel.Value)
				require.Equal(t, []string{"PARENT"}, rel.ICalParameters["RELTYPE"])
				require.Equal(t, "51.5362;-0.1033", value(t, &ev.ComponentBase, ics.ComponentPropertyGeo))
			}
			pub := eventTitled(t, cal, "To the pub")
			require.Equal(t, "Co-op workspace, 1 Example Road, London, N1 0AA, GB",
				value(t, &pub.ComponentBase, ics.ComponentPropertyLocation), "no room: the venue")
		},
	}, {
		name:   "a cancelled gathering cancels its sessions",
		change: func(e *calendar.Entry) { e.Gathering.Status = model.StatusCancelled },
		check: func(t *testing.T, raw string, cal *ics.Calendar, e calendar.Entry) {
			for _, ev := range cal.Events() {
				require.Equal(t, "CANCELLED", value(t, &ev.ComponentBase, ics.ComponentPropertyStatus))
				require.True(t, strings.HasPrefix(value(t, &ev.ComponentBase, ics.ComponentPropertySummary), "Cancelled: "))
			}
			require.Contains(t, raw, "STATUS:CANCELLED\r\n")
		},
	}, {
		name:   "a draft is tentative",
		change: func(e *calendar.Entry) { e.Gathering.Status = model.StatusDraft },
		check: func(t *testing.T, raw string, cal *ics.Calendar, e calendar.Entry) {
			ev := eventTitled(t, cal, "Tech co-op")
			require.Equal(t, "TENTATIVE", value(t, &ev.ComponentBase, ics.ComponentPropertyStatus))
		},
	}, {
		name: "commas, semicolons, backslashes and line breaks round-trip",
		change: func(e *calendar.Entry) {
			e.Gathering.Title = `Pricing, estimating; and C:\ drives`
			e.Sessions[0].Description = "First line,\r\nsecond; line\\ end\rthird"
		},
		check: func(t *testing.T, raw string, cal *ics.Calendar, e calendar.Entry) {
			require.Contains(t, unfold(raw), `SUMMARY:Pricing\, estimating\; and C:\\ drives`)
			ev := eventTitled(t, cal, "Pricing, estimating; and")
			require.Equal(t, `Pricing, estimating; and C:\ drives`, value(t, &ev.ComponentBase, ics.ComponentPropertySummary))
			require.Equal(t, `Pricing, estimating; and C:\ drives`, calProp(t, cal, ics.PropertyXWRCalName))
			welcome := eventTitled(t, cal, "Welcome")
			require.True(t, strings.HasPrefix(value(t, &welcome.ComponentBase, ics.ComponentPropertyDescription),
				"First line,\nsecond; line\\ end\nthird\n\n"))
		},
	}, {
		name: "long lines fold at 75 octets without splitting a character",
		change: func(e *calendar.Entry) {
			e.Gathering.Title = strings.Repeat("Café ☕ co-op 🌍 ", 12)
			e.Gathering.Description = strings.Repeat("Ünïcödé text, folded; ", 40)
		},
		check: func(t *testing.T, raw string, cal *ics.Calendar, e calendar.Entry) {
			requireWellFormed(t, []byte(raw))
			require.Contains(t, raw, "\r\n ", "some line was folded")
			ev := eventTitled(t, cal, "Café ☕")
			require.Equal(t, strings.TrimSpace(e.Gathering.Title), value(t, &ev.ComponentBase, ics.ComponentPropertySummary))
			require.Contains(t, value(t, &ev.ComponentBase, ics.ComponentPropertyDescription),
				strings.TrimSpace(e.Gathering.Description))
		},
	}, {
		name: "online only: the link is the location, and there is no GEO",
		change: func(e *calendar.Entry) {
			e.Gathering.Venue = model.Venue{}
			e.Gathering.OnlineURL = "https://meet.example/coops"
		},
		check: func(t *testing.T, raw string, cal *ics.Calendar, e calendar.Entry) {
			ev := eventTitled(t, cal, "Tech co-op")
			require.Equal(t, "https://meet.example/coops", value(t, &ev.ComponentBase, ics.ComponentPropertyLocation))
			require.NotContains(t, raw, "GEO:")
		},
	}, {
		name: "the hour that happens twice when clocks go back is written in UTC",
		change: func(e *calendar.Entry) {
			first := time.Date(2027, time.October, 31, 0, 30, 0, 0, time.UTC)  // 01:30 BST
			second := time.Date(2027, time.October, 31, 1, 30, 0, 0, time.UTC) // 01:30 GMT
			e.Sessions = []model.Session{
				{ID: 201, Title: "Before", StartsAt: first.Add(-time.Hour), EndsAt: first},
				{ID: 202, Title: "First half past one", StartsAt: first, EndsAt: second},
				{ID: 203, Title: "Second half past one", StartsAt: second, EndsAt: second.Add(time.Hour)},
			}
		},
		check: func(t *testing.T, raw string, cal *ics.Calendar, e calendar.Entry) {
			for _, s := range e.Sessions {
				ev := eventTitled(t, cal, s.Title)
				start, err := ev.GetStartAt()
				require.NoError(t, err)
				require.Equal(t, s.StartsAt, start.UTC(), s.Title)
			}
			before := eventTitled(t, cal, "Before").ComponentBase
			require.Equal(t, "20271031T003000", value(t, &before, ics.ComponentPropertyDtStart))
			require.Equal(t, "20271031T003000Z", value(t, &before, ics.ComponentPropertyDtEnd))
			first := eventTitled(t, cal, "First").ComponentBase
			require.Equal(t, "20271031T003000Z", value(t, &first, ics.ComponentPropertyDtStart))
			require.Equal(t, "20271031T013000Z", value(t, &first, ics.ComponentPropertyDtEnd))
			second := eventTitled(t, cal, "Second").ComponentBase
			require.Equal(t, "20271031T013000Z", value(t, &second, ics.ComponentPropertyDtStart))
			require.Equal(t, "20271031T023000", value(t, &second, ics.ComponentPropertyDtEnd))
		},
	}, {
		name: "a session without an end has no DTEND; one without a start is left out",
		change: func(e *calendar.Entry) {
			e.Sessions[0].EndsAt = time.Time{}
			e.Sessions[1].StartsAt, e.Sessions[1].EndsAt = time.Time{}, time.Time{}
		},
		check: func(t *testing.T, raw string, cal *ics.Calendar, e calendar.Entry) {
			ev := eventTitled(t, cal, "Welcome")
			require.Nil(t, ev.GetProperty(ics.ComponentPropertyDtEnd))
			require.Len(t, cal.Events(), 11)
			require.NotContains(t, raw, "How we're really doing")
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := exampleEntry(t)
			if tt.change != nil {
				tt.change(&e)
			}
			raw, err := calendar.GatheringICS(testHost, testActor, e, testLinks, testNow)
			require.NoError(t, err)
			tt.check(t, string(raw), parse(t, raw), e)
		})
	}
}

func TestGatheringICSRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		change  func(g *model.Gathering)
		wantErr string
	}{
		{"an unknown zone", func(g *model.Gathering) { g.Timezone = "Europe/Atlantis" }, `"Europe/Atlantis"`},
		{"the server's zone", func(g *model.Gathering) { g.Timezone = "Local" }, `"Local"`},
		{"no start", func(g *model.Gathering) { g.StartsAt = time.Time{} }, "gathering 12 has no start time"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := exampleEntry(t)
			tt.change(&e.Gathering)
			_, err := calendar.GatheringICS(testHost, testActor, e, testLinks, testNow)
			require.ErrorContains(t, err, tt.wantErr)
		})
	}
}

func TestCoopICS(t *testing.T) {
	t.Parallel()
	london := exampleEntry(t)
	newYork := calendar.Entry{Gathering: model.Gathering{
		ID: 13, Title: "Co-op founders' breakfast", Timezone: "America/New_York",
		StartsAt: local(t, "America/New_York", "2027-11-07T09:00"), EndsAt: local(t, "America/New_York", "2027-11-07T11:00"),
		Venue:  model.Venue{Name: "Diner", Locality: "Brooklyn", Country: "US"},
		Status: model.StatusPublished, Version: 2,
	}}
	draft := calendar.Entry{Gathering: model.Gathering{
		ID: 14, Title: "Secret plans", Timezone: "Asia/Tokyo", Status: model.StatusDraft,
		StartsAt: local(t, "Asia/Tokyo", "2027-05-01T10:00"), EndsAt: local(t, "Asia/Tokyo", "2027-05-01T11:00"),
	}}

	raw, err := calendar.CoopICS(testHost, testActor, []calendar.Entry{newYork, draft, london}, testLinks, testNow)
	require.NoError(t, err)
	requireWellFormed(t, raw)
	cal := parse(t, raw)

	require.Equal(t, "Coop A", calProp(t, cal, ics.PropertyXWRCalName))
	require.Equal(t, "Europe/London", calProp(t, cal, ics.PropertyXWRTimezone), "first of the equally used zones")
	require.Len(t, cal.Events(), 13, "12 from London, 1 from New York, no draft")
	require.NotContains(t, raw, "Secret plans")
	require.Equal(t, "gathering-12@coop.example", cal.Events()[0].Id(), "in start order")

	var zones []string
	for _, tz := range cal.Timezones() {
		zones = append(zones, value(t, &tz.ComponentBase, ics.ComponentPropertyTzid))
		daylight, standard := observances(tz)
		require.Len(t, daylight, 1)
		require.Len(t, standard, 1)
	}
	require.Equal(t, []string{"America/New_York", "Europe/London"}, zones)

	ev := eventTitled(t, cal, "Co-op founders")
	p := ev.GetProperty(ics.ComponentPropertyDtStart)
	require.Equal(t, "20271107T090000", p.Value, "the Sunday clocks go back in New York")
	require.Equal(t, []string{"America/New_York"}, p.ICalParameters["TZID"])
	start, err := ev.GetStartAt()
	require.NoError(t, err)
	require.Equal(t, time.Date(2027, time.November, 7, 14, 0, 0, 0, time.UTC), start.UTC())
}

func TestCoopICSEmpty(t *testing.T) {
	t.Parallel()
	raw, err := calendar.CoopICS(testHost, model.Actor{Handle: "events"}, nil, testLinks, testNow)
	require.NoError(t, err)
	requireWellFormed(t, raw)
	cal := parse(t, raw)
	require.Empty(t, cal.Events())
	require.Equal(t, "@events", calProp(t, cal, ics.PropertyXWRCalName))
	require.Equal(t, "UTC", calProp(t, cal, ics.PropertyXWRTimezone))
}

func TestICSIsDeterministic(t *testing.T) {
	t.Parallel()
	e := exampleEntry(t)
	first, err := calendar.GatheringICS(testHost, testActor, e, testLinks, testNow)
	require.NoError(t, err)
	for i, j := 0, len(e.Sessions)-1; i < j; i, j = i+1, j-1 {
		e.Sessions[i], e.Sessions[j] = e.Sessions[j], e.Sessions[i]
	}
	again, err := calendar.GatheringICS(testHost, testActor, e, testLinks, testNow)
	require.NoError(t, err)
	require.Equal(t, string(first), string(again))
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestPersonalICS: a person's calendar holds their sessions, each with
// the UID the gathering's own calendar gives it, and not the gathering;
// it is named for them.
func TestPersonalICS(t *testing.T) {
	t.Parallel()
	e := exampleEntry(t)
	e.Sessions = e.Sessions[:2]
	raw, err := calendar.PersonalICS(testHost, testActor, e, testLinks, testNow)
	require.NoError(t, err)
	requireWellFormed(t, raw)
	cal := parse(t, raw)
	require.Equal(t, "Tech co-op network gathering: my sessions", calProp(t, cal, ics.PropertyXWRCalName))
	require.Len(t, cal.Events(), 2)
	for i, ev := range cal.Events() {
		require.Equal(t, fmt.Sprintf("session-%d@coop.example", e.Sessions[i].ID), ev.Id())
	}
	require.NotContains(t, string(raw), "UID:gathering-")
}
