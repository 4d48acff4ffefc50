package series_test

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/postgres"
	"github.com/gather-coop/gather/internal/store/sqlite"
	"github.com/gather-coop/gather/internal/store/storetest"
)

// clock is the test's time, moved on by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

func openStore(t *testing.T, db string) store.Store {
	t.Helper()
	ctx := context.Background()
	var st store.Store
	var err error
	if db == "postgres" {
		st, err = postgres.Open(ctx, storetest.PostgresURL(t), store.JobsConfig{})
	} else {
		st, err = sqlite.Open(ctx, storetest.SQLitePath(t), store.JobsConfig{})
	}
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	require.NoError(t, st.Migrate(ctx))
	return st
}

func newApp(t *testing.T, st store.Store, c *clock) *app.App {
	t.Helper()
	a := app.New(app.Config{Store: st, BaseURL: "https://coop.example", Now: c.now})
	_, err := a.Setup(context.Background(), "events", "Co-op events")
	require.NoError(t, err)
	return a
}

func eachDB(t *testing.T, f func(t *testing.T, db string)) {
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			f(t, db)
		})
	}
}

// monthlyCall is the general circle call: second Tuesday, 18:00 London,
// an hour long, May 2027 skipped.
func monthlyCall() *app.SeriesInput {
	return &app.SeriesInput{
		Title:           "General circle call",
		Rule:            json.RawMessage(`{"start":"2027-01-12T18:00","freq":"monthly","weekdays":["TU"],"week":2,"skip":["2027-05-11"]}`),
		Timezone:        "Europe/London",
		DurationMinutes: 60,
		CallURL:         "https://call.example/secret-room",
	}
}

type eventDoc struct {
	StartTime string `json:"startTime"`
	EndTime   string `json:"endTime"`
}

// coming is the start times, as the Event JSON says them, of the
// occurrences that start after now.
func coming(t *testing.T, a *app.App, id int64, now time.Time) []string {
	t.Helper()
	occ, err := a.SeriesOccurrences(context.Background(), id)
	require.NoError(t, err)
	var out []string
	for _, o := range occ {
		if !o.Gathering.StartsAt.After(now) {
			continue
		}
		out = append(out, startTime(t, a, o.Gathering.ID))
	}
	return out
}

func startTime(t *testing.T, a *app.App, gatheringID int64) string {
	t.Helper()
	doc, err := a.EventDocument(context.Background(), app.KindGathering, gatheringID)
	require.NoError(t, err)
	var ev eventDoc
	require.NoError(t, json.Unmarshal(doc, &ev))
	return ev.StartTime
}

func TestMonthlyCallKeepsItsTimeAcrossDST(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, db string) {
		ctx := context.Background()
		c := &clock{t: time.Date(2027, 1, 1, 9, 0, 0, 0, time.UTC)}
		a := newApp(t, openStore(t, db), c)

		s, err := a.CreateSeries(ctx, "events", monthlyCall())
		require.NoError(t, err)
		require.True(t, s.Online, "a series is online by default")
		require.True(t, s.LinkForAttendees, "an online series keeps its link for attendees by default")
		require.Equal(t, []time.Duration{24 * time.Hour, 15 * time.Minute}, s.Reminders)

		require.Equal(t, []string{"2027-01-12T18:00:00Z", "2027-02-09T18:00:00Z", "2027-03-09T18:00:00Z"},
			coming(t, a, s.ID, c.now()), "the window is the next three, made at once")

		// Into summer time: 18:00 BST; May is skipped.
		c.set(time.Date(2027, 3, 10, 9, 0, 0, 0, time.UTC))
		made, err := a.FillAllSeries(ctx)
		require.NoError(t, err)
		require.Equal(t, 3, made)
		require.Equal(t, []string{"2027-04-13T18:00:00+01:00", "2027-06-08T18:00:00+01:00", "2027-07-13T18:00:00+01:00"},
			coming(t, a, s.ID, c.now()), "18:00 London in summer, and no call on the skipped 11 May")

		// Back to winter time after 31 October.
		c.set(time.Date(2027, 10, 13, 9, 0, 0, 0, time.UTC))
		_, err = a.FillAllSeries(ctx)
		require.NoError(t, err)
		require.Equal(t, []string{"2027-11-09T18:00:00Z", "2027-12-14T18:00:00Z", "2028-01-11T18:00:00Z"},
			coming(t, a, s.ID, c.now()), "18:00 London again in winter; the window stays three")

		made, err = a.FillAllSeries(ctx)
		require.NoError(t, err)
		require.Zero(t, made, "a full window makes nothing")

		occ, err := a.SeriesOccurrences(ctx, s.ID)
		require.NoError(t, err)
		for _, o := range occ {
			require.NotEqual(t, "2027-05-11", o.Gathering.StartsAt.In(time.UTC).Format(time.DateOnly), "the skipped date is never made")
			require.Equal(t, model.StatusPublished, o.Gathering.Status, "each occurrence is published when it comes into the window")
			require.NotContains(t, o.Gathering.OnlineURL, "secret-room", "the call link is for those going only")
			doc, err := a.EventDocument(ctx, app.KindGathering, o.Gathering.ID)
			require.NoError(t, err)
			require.NotContains(t, string(doc), "secret-room", "the public Event has no call link")
		}
	})
}

func TestMovedOccurrenceKeepsItsRecurrenceID(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, db string) {
		ctx := context.Background()
		c := &clock{t: time.Date(2027, 1, 1, 9, 0, 0, 0, time.UTC)}
		a := newApp(t, openStore(t, db), c)
		s, err := a.CreateSeries(ctx, "events", monthlyCall())
		require.NoError(t, err)
		occ, err := a.SeriesOccurrences(ctx, s.ID)
		require.NoError(t, err)
		require.Len(t, occ, 3)
		feb := occ[1]

		// February's call moves to the Wednesday, 19:00.
		_, err = a.UpdateGathering(ctx, feb.Gathering.ID,
			[]byte(`{"starts_at":"2027-02-10T19:00","ends_at":"2027-02-10T20:00"}`), 0)
		require.NoError(t, err)
		require.Equal(t, "2027-02-10T19:00:00Z", startTime(t, a, feb.Gathering.ID))

		_, err = a.FillSeries(ctx, s.ID)
		require.NoError(t, err)
		after, err := a.SeriesOccurrences(ctx, s.ID)
		require.NoError(t, err)
		require.Len(t, after, 3, "the moved call is not made again at its old time")
		require.Equal(t, feb.Gathering.ID, after[1].Gathering.ID)
		require.Equal(t, time.Date(2027, 2, 9, 18, 0, 0, 0, time.UTC), after[1].RecurrenceID, "it is still the 9 February occurrence")
	})
}

func TestThisAndTheFollowingSplitsTheSeries(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, db string) {
		ctx := context.Background()
		c := &clock{t: time.Date(2027, 1, 1, 9, 0, 0, 0, time.UTC)}
		a := newApp(t, openStore(t, db), c)
		s, err := a.CreateSeries(ctx, "events", monthlyCall())
		require.NoError(t, err)
		occ, err := a.SeriesOccurrences(ctx, s.ID)
		require.NoError(t, err)

		in := monthlyCall()
		in.Title = "Members' call"
		in.Rule = nil // the same pattern from February on
		next, err := a.SplitSeries(ctx, occ[1].Gathering.ID, in)
		require.NoError(t, err)
		require.Equal(t, "Members' call", next.Title)

		old, err := a.SeriesOccurrences(ctx, s.ID)
		require.NoError(t, err)
		require.Len(t, old, 1, "the old series keeps January only")
		require.Equal(t, occ[0].Gathering.ID, old[0].Gathering.ID)
		rest, err := a.SeriesOccurrences(ctx, next.ID)
		require.NoError(t, err)
		require.Len(t, rest, 3, "February and March move to the new series, which makes April for its own window")
		require.Equal(t, occ[1].Gathering.ID, rest[0].Gathering.ID, "nothing made twice")
		require.Equal(t, occ[2].Gathering.ID, rest[1].Gathering.ID)
		require.Equal(t, "Members' call", rest[2].Gathering.Title)

		c.set(time.Date(2027, 3, 10, 9, 0, 0, 0, time.UTC))
		_, err = a.FillAllSeries(ctx)
		require.NoError(t, err)
		old, err = a.SeriesOccurrences(ctx, s.ID)
		require.NoError(t, err)
		require.Len(t, old, 1, "the old series ended before February")
		rest, err = a.SeriesOccurrences(ctx, next.ID)
		require.NoError(t, err)
		require.Len(t, rest, 5, "the new one goes on: Feb, Mar, Apr, Jun, Jul")
		require.Equal(t, "Members' call", rest[4].Gathering.Title)
	})
}

func TestTwoProcessesFillingMakeEachOccurrenceOnce(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, db string) {
		ctx := context.Background()
		c := &clock{t: time.Date(2027, 1, 1, 9, 0, 0, 0, time.UTC)}
		st := openStore(t, db)
		a := newApp(t, st, c)
		s, err := a.CreateSeries(ctx, "events", monthlyCall())
		require.NoError(t, err)
		other := app.New(app.Config{Store: st, BaseURL: "https://coop.example", Now: c.now})

		c.set(time.Date(2027, 3, 10, 9, 0, 0, 0, time.UTC))
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, x := range []*app.App{a, other} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = x.FillSeries(ctx, s.ID)
			}()
		}
		wg.Wait()
		require.NoError(t, errors.Join(errs...))
		occ, err := a.SeriesOccurrences(ctx, s.ID)
		require.NoError(t, err)
		require.Len(t, occ, 6, "Jan–Mar, then Apr, Jun and Jul once each")
	})
}

func TestSeriesInputErrorsNameTheField(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := &clock{t: time.Date(2027, 1, 1, 9, 0, 0, 0, time.UTC)}
	a := newApp(t, openStore(t, "sqlite"), c)
	for _, tc := range []struct {
		field string
		edit  func(in *app.SeriesInput)
	}{
		{"title", func(in *app.SeriesInput) { in.Title = " " }},
		{"rule", func(in *app.SeriesInput) { in.Rule = nil }},
		{"rule", func(in *app.SeriesInput) {
			in.Rule = json.RawMessage(`{"start":"2027-01-13T18:00","freq":"monthly","weekdays":["TU"],"week":2}`)
		}},
		{"rule", func(in *app.SeriesInput) { in.Rule = json.RawMessage(`{"start":"2027-01-12T18:00","freq":"daily"}`) }},
		{"timezone", func(in *app.SeriesInput) { in.Timezone = "Mars/Olympus" }},
		{"timezone", func(in *app.SeriesInput) { in.Timezone = "" }},
		{"duration_minutes", func(in *app.SeriesInput) { in.DurationMinutes = 0 }},
		{"call_url", func(in *app.SeriesInput) { in.CallURL = "" }},
		{"call_url", func(in *app.SeriesInput) { in.CallURL = "not a url" }},
	} {
		in := monthlyCall()
		tc.edit(in)
		_, err := a.CreateSeries(ctx, "events", in)
		var ve *app.ValidationError
		require.ErrorAs(t, err, &ve, tc.field)
		require.Equal(t, tc.field, ve.Field, ve.Msg)
	}
	list, err := a.ListSeries(ctx, "events")
	require.NoError(t, err)
	require.Empty(t, list, "nothing refused is saved")
}

// TestSwitchingTheLinkForAttendeesReachesComingOccurrences: occurrences
// made while the call link was for those going show the series' page;
// making the link public puts the call on each coming one (Event and
// all), and keeping it for those going again takes it off. One given a
// link of its own keeps it either way.
func TestSwitchingTheLinkForAttendeesReachesComingOccurrences(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, db string) {
		ctx := context.Background()
		c := &clock{t: time.Date(2027, 1, 1, 9, 0, 0, 0, time.UTC)}
		a := newApp(t, openStore(t, db), c)
		s, err := a.CreateSeries(ctx, "events", monthlyCall())
		require.NoError(t, err)
		require.True(t, s.LinkForAttendees, "on by default for a call")
		occ, err := a.SeriesOccurrences(ctx, s.ID)
		require.NoError(t, err)
		require.Len(t, occ, 3)
		_, err = a.UpdateGathering(ctx, occ[2].Gathering.ID, []byte(`{"online_url":"https://call.example/march-special"}`), 0)
		require.NoError(t, err)

		call := monthlyCall().CallURL
		links := func() []string {
			t.Helper()
			occ, err := a.SeriesOccurrences(ctx, s.ID)
			require.NoError(t, err)
			var out []string
			for _, o := range occ {
				doc, err := a.EventDocument(ctx, app.KindGathering, o.Gathering.ID)
				require.NoError(t, err)
				d, err := a.GatheringDetail(ctx, o.Gathering.ID)
				require.NoError(t, err)
				out = append(out, d.Gathering.OnlineURL)
				if d.Gathering.OnlineURL == call {
					require.Contains(t, string(doc), call, "the Event says the call's link")
				} else {
					require.NotContains(t, string(doc), call, "the Event keeps the call's link from the public")
				}
			}
			return out
		}
		page := a.URLs().Series(s.ID)
		require.Equal(t, []string{page, page, "https://call.example/march-special"}, links())

		no, yes := false, true
		in := monthlyCall()
		in.LinkForAttendees = &no
		_, err = a.UpdateSeries(ctx, s.ID, in, 0)
		require.NoError(t, err)
		require.Equal(t, []string{call, call, "https://call.example/march-special"}, links(), "the link made public")

		in.LinkForAttendees = &yes
		_, err = a.UpdateSeries(ctx, s.ID, in, 0)
		require.NoError(t, err)
		require.Equal(t, []string{page, page, "https://call.example/march-special"}, links(), "the link for those going again")
	})
}
