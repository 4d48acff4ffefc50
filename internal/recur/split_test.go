package recur_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/recur"
)

func date(t *testing.T, s string) recur.Date {
	t.Helper()
	d, err := recur.ParseDate(s)
	require.NoError(t, err)
	return d
}

// Split at any date, the two halves together are the whole, in order,
// at the same instants.
func TestSplitAtKeepsEveryOccurrence(t *testing.T) {
	for _, rule := range []string{
		`{"start":"2027-01-12T18:00","freq":"monthly","weekdays":["TU"],"week":2,"until":"2027-12-01","skip":["2027-08-10"]}`,
		`{"start":"2027-01-12T18:00","freq":"monthly","weekdays":["TU"],"week":2,"count":10,"skip":["2027-02-09","2027-08-10"]}`,
		`{"start":"2027-01-04T19:30","freq":"weekly","interval":2,"weekdays":["MO","TH"]}`,
		`{"start":"2027-01-31T19:00","freq":"monthly","interval":2,"count":8}`,
	} {
		whole := schedule(t, rule, "Europe/London", time.Hour)
		all := whole.First(30)
		for _, o := range all[1:] {
			before, after, err := whole.Rule.SplitAt(o.Date)
			require.NoError(t, err, "%s at %s", rule, o.Date)
			b, err := recur.NewSchedule(before, "Europe/London", time.Hour)
			require.NoError(t, err)
			a, err := recur.NewSchedule(after, "Europe/London", time.Hour)
			require.NoError(t, err)
			joined := append(b.First(30), a.First(30)...)
			require.Equal(t, starts(all), starts(joined[:len(all)]), "%s at %s", rule, o.Date)
			require.Equal(t, o.Date, after.Start.Date)
			require.Equal(t, starts(b.First(30)), starts(whole.Between(time.Time{}, o.Start)), "before ends before the split")
		}
	}
}

func TestSplitAtRefuses(t *testing.T) {
	r, err := recur.Parse(`{"start":"2027-01-12T18:00","freq":"monthly","weekdays":["TU"],"week":2,"count":3}`)
	require.NoError(t, err)
	for day, why := range map[string]string{
		"2027-01-12": "first start",
		"2027-02-10": "not one of",
		"2027-04-13": "not one of", // after Count
	} {
		_, _, err := r.SplitAt(date(t, day))
		require.ErrorContains(t, err, why, day)
	}
	before, after, err := r.SplitAt(date(t, "2027-03-09"))
	require.NoError(t, err)
	require.Equal(t, 2, before.Count)
	require.Equal(t, 1, after.Count)
}
