package e2e_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/config"
	"github.com/gather-coop/gather/internal/server/servertest"
)

// TestRemindersOnceWithTwoProcesses (issue 18): two Gather processes
// share one PostgreSQL database, both working River jobs and both
// scheduling the reminders of a weekly call's three occurrences. With the
// clock advanced to each reminder's instant, each of eight people going
// to each occurrence is reminded exactly once per offset, with the call
// link, and nobody before the instant.
func TestRemindersOnceWithTwoProcesses(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := &testClock{}
	first := servertest.Start(t, "postgres", func(c *config.Config) { c.Now = clock.Now })
	second := servertest.StartNode(t, first)
	coop := first.Base + "/actors/events"
	handle := "@events@" + first.App.URLs().Host()
	mastodon := fedtest.NewServer(t, fedtest.Mastodon, fedtest.WithClock(clock.Now))
	var people []*fedtest.Actor
	for i := range 8 {
		people = append(people, mastodon.AddActor(fmt.Sprintf("p%d", i)))
	}

	london, err := time.LoadLocation("Europe/London")
	require.NoError(t, err)
	start := clock.Now().Add(72 * time.Hour).In(london).Truncate(time.Hour)
	rule := `{"start": "` + start.Format("2006-01-02T15:04") + `", "freq": "weekly", "weekdays": ["` +
		strings.ToUpper(start.Weekday().String()[:2]) + `"]}`
	s, err := first.App.CreateSeries(ctx, "events", &app.SeriesInput{Title: "Weekly call", Rule: json.RawMessage(rule),
		Timezone: "Europe/London", DurationMinutes: 60, CallURL: "https://call.example/weekly", ReminderMinutes: []int{60, 10}})
	require.NoError(t, err)
	occ, err := first.App.SeriesOccurrences(ctx, s.ID)
	require.NoError(t, err)
	require.Len(t, occ, 3)

	// Half the answers reach one process, half the other.
	nodes := []*servertest.Instance{first, second}
	for i, p := range people {
		for _, o := range occ {
			node := nodes[i%2]
			_, err := p.Post(ctx, node.Base+"/inbox", p.Reply(first.App.URLs().Gathering(o.Gathering.ID), coop, handle, "I'm going!", fedtest.Public))
			require.NoError(t, err)
		}
	}
	waitFor(t, "answers done", func() bool { return allProcessed(t, first) })
	// The second process schedules the same reminders again: still one
	// job each.
	for _, o := range occ {
		g, err := second.App.GatheringDetail(ctx, o.Gathering.ID)
		require.NoError(t, err)
		require.Equal(t, o.Gathering.StartsAt, g.Gathering.StartsAt)
		_, err = second.App.UpdateGathering(ctx, o.Gathering.ID, []byte(`{"summary": "Our weekly call"}`), 0)
		require.NoError(t, err)
	}

	reminded := func(o app.SeriesOccurrence, lead string) map[string]int {
		n := map[string]int{}
		for _, p := range people {
			for _, r := range remindersTo(t, mastodon, p.ID, "Weekly call") {
				if strings.Contains(r.Content, "starts in "+lead) && strings.Contains(r.Content, o.Gathering.StartsAt.In(london).Format("Mon 2 Jan")) {
					n[p.ID]++
					require.Contains(t, r.Content, "https://call.example/weekly", "the link")
				}
			}
		}
		return n
	}
	for _, o := range occ {
		for _, step := range []struct {
			offset time.Duration
			lead   string
		}{{time.Hour, "1 hour"}, {10 * time.Minute, "10 minutes"}} {
			due := o.Gathering.StartsAt.Add(-step.offset)
			require.Empty(t, reminded(o, step.lead), "nothing before %s", due)
			clock.Set(due)
			what := fmt.Sprintf("the %s reminder of %s", step.lead, o.Gathering.StartsAt.Format(time.RFC3339))
			waitFor(t, what, func() bool { return len(reminded(o, step.lead)) == len(people) && allProcessed(t, first) })
			for _, p := range people {
				require.Equal(t, 1, reminded(o, step.lead)[p.ID], "%s: %s once", p.ID, what)
			}
		}
	}
}
