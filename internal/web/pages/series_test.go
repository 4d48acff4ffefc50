package pages_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/gather-coop/gather/internal/app"
)

// monthlyCall is the second-Tuesday call at 18:00 London, May skipped,
// its link for those going only.
func monthlyCall() *app.SeriesInput {
	return &app.SeriesInput{
		Title: "General circle call", Summary: "The network's monthly call.",
		Rule:     json.RawMessage(`{"start":"2027-01-12T18:00","freq":"monthly","weekdays":["TU"],"week":2,"skip":["2027-05-11"]}`),
		Timezone: "Europe/London", DurationMinutes: 60, CallURL: "https://call.example/secret-room",
	}
}

// TestSeriesPageAndCalendar: the series page says when it meets, lists
// its coming occurrences, and keeps the call link back; its calendar is
// one VEVENT with the RRULE in London time and May as an EXDATE.
func TestSeriesPageAndCalendar(t *testing.T) {
	t.Parallel()
	b := setup(t)
	s, err := b.inst.App.CreateSeries(t.Context(), "events", monthlyCall())
	require.NoError(t, err)
	path := fmt.Sprintf("/series/%d", s.ID)

	p := b.get(t, path)
	require.Equal(t, http.StatusOK, p.Status)
	require.Contains(t, p.Body, "Monthly on the second Tuesday, 18:00 London time")
	require.Contains(t, p.Body, "sent to those who RSVP going")
	require.NotContains(t, p.Body, "secret-room")
	cards := find(p.Doc, func(n *html.Node) bool {
		class, _ := attr(n, "class")
		return n.Data == "li" && strings.Contains(" "+class+" ", " card ")
	})
	require.Len(t, cards, 3, "the next three occurrences are listed")

	occ, err := b.inst.App.SeriesOccurrences(t.Context(), s.ID)
	require.NoError(t, err)
	g := b.get(t, fmt.Sprintf("/gatherings/%d", occ[0].Gathering.ID))
	require.Equal(t, http.StatusOK, g.Status)
	require.NotContains(t, g.Body, "secret-room", "an occurrence's page keeps the link back too")

	ics := b.get(t, path+"/calendar.ics")
	require.Equal(t, http.StatusOK, ics.Status)
	require.Equal(t, "text/calendar; charset=utf-8", ics.Header.Get("Content-Type"))
	body := strings.ReplaceAll(ics.Body, "\r\n ", "")
	require.Contains(t, body, "RRULE:FREQ=MONTHLY")
	require.Contains(t, body, "BYDAY=2TU")
	require.Contains(t, body, "DTSTART;TZID=Europe/London:20270112T180000")
	require.Contains(t, body, "EXDATE;TZID=Europe/London:20270511T180000")
	require.NotContains(t, body, "secret-room")

	require.Equal(t, http.StatusNotFound, b.get(t, "/series/999").Status)
	require.Equal(t, http.StatusNotFound, b.get(t, "/series/999/calendar.ics").Status)
}

// TestCoopCalendarHoldsASeriesWhole: a subscriber to the co-op's calendar
// gets the monthly call as one VEVENT with its rule, not only the three
// occurrences made so far; a gathering of its own stays beside it.
func TestCoopCalendarHoldsASeriesWhole(t *testing.T) {
	t.Parallel()
	b := setup(t)
	_, err := b.inst.App.CreateSeries(t.Context(), "events", monthlyCall())
	require.NoError(t, err)
	b.create(t, true, nil)

	ics := b.get(t, "/@events/calendar.ics")
	require.Equal(t, http.StatusOK, ics.Status)
	body := strings.ReplaceAll(ics.Body, "\r\n ", "")
	require.Equal(t, 1, strings.Count(body, "RRULE:FREQ=MONTHLY"), "the series, once")
	require.Contains(t, body, "EXDATE;TZID=Europe/London:20270511T180000")
	require.Equal(t, 1, strings.Count(body, "SUMMARY:General circle call"), "its occurrences are not repeated beside it")
	in := exampleInput(t)
	require.Contains(t, body, "SUMMARY:"+in.Title, "the co-op's own gathering is there too")
	require.NotContains(t, body, "secret-room")
}
