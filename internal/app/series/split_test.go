package series_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/model"
)

// TestSplitAtANewTimeMovesTheFollowing (issue 18): "this and the
// following" from February at 19:30 instead of 18:00 moves February and
// March, made already, to 19:30 under their new recurrence ids; the
// fills after make no second call in any month, and the old series keeps
// January at 18:00. A new rule that ends sooner cancels what it has no
// place for.
func TestSplitAtANewTimeMovesTheFollowing(t *testing.T) {
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

		in := monthlyCall()
		in.Rule = json.RawMessage(`{"start":"2027-02-09T19:30","freq":"monthly","weekdays":["TU"],"week":2,"skip":["2027-05-11"]}`)
		next, err := a.SplitSeries(ctx, occ[1].Gathering.ID, in)
		require.NoError(t, err)

		rest, err := a.SeriesOccurrences(ctx, next.ID)
		require.NoError(t, err)
		require.Len(t, rest, 3, "February and March taken over, April made")
		require.Equal(t, occ[1].Gathering.ID, rest[0].Gathering.ID, "February kept, not made again")
		require.Equal(t, occ[2].Gathering.ID, rest[1].Gathering.ID, "March kept, not made again")
		for _, o := range rest {
			require.Equal(t, "19:30", o.RecurrenceID.In(london(t)).Format("15:04"), "recurrence id at the new time")
			require.True(t, o.Gathering.StartsAt.Equal(o.RecurrenceID), "%s at its recurrence id %s", o.Gathering.StartsAt, o.RecurrenceID)
		}
		require.Equal(t, []string{"2027-02-09T19:30:00Z", "2027-03-09T19:30:00Z", "2027-04-13T19:30:00+01:00"},
			coming(t, a, next.ID, c.now()))
		old, err := a.SeriesOccurrences(ctx, s.ID)
		require.NoError(t, err)
		require.Len(t, old, 1)
		require.Equal(t, "2027-01-12T18:00:00Z", startTime(t, a, old[0].Gathering.ID))

		// Months on, each month has one call.
		for _, at := range []time.Time{time.Date(2027, 3, 10, 9, 0, 0, 0, time.UTC), time.Date(2027, 5, 1, 9, 0, 0, 0, time.UTC)} {
			c.set(at)
			_, err = a.FillAllSeries(ctx)
			require.NoError(t, err)
		}
		perMonth := map[string]int{}
		for _, id := range []int64{s.ID, next.ID} {
			all, err := a.SeriesOccurrences(ctx, id)
			require.NoError(t, err)
			for _, o := range all {
				perMonth[o.Gathering.StartsAt.Format("2006-01")]++
			}
		}
		for month, n := range perMonth {
			require.Equal(t, 1, n, "calls in %s", month)
		}

		// Split again from March with a rule that ends after March: April,
		// made, is cancelled rather than left as a stray.
		rest, err = a.SeriesOccurrences(ctx, next.ID)
		require.NoError(t, err)
		var march, april model.Gathering
		for _, o := range rest {
			switch o.Gathering.StartsAt.Format("2006-01") {
			case "2027-03":
				march = o.Gathering
			case "2027-04":
				april = o.Gathering
			}
		}
		c.set(time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC))
		short := monthlyCall()
		short.Rule = json.RawMessage(`{"start":"2027-03-09T19:30","freq":"monthly","weekdays":["TU"],"week":2,"count":1}`)
		_, err = a.SplitSeries(ctx, march.ID, short)
		require.NoError(t, err)
		g, err := a.GatheringDetail(ctx, april.ID)
		require.NoError(t, err)
		require.Equal(t, model.StatusCancelled, g.Gathering.Status, "no place for April in the new rule")
	})
}

func london(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/London")
	require.NoError(t, err)
	return loc
}
