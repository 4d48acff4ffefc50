package e2e_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/config"
	"github.com/gather-coop/gather/internal/server/servertest"
)

// testClock is a clock a test advances: it runs as time does, from
// where the test last set it, so that what waits seconds (a retry, the
// counts' Update) still comes. Gather, its River jobs and the fake
// servers all keep time by it.
type testClock struct {
	mu     sync.Mutex
	offset time.Duration
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

// Set moves the clock to t.
func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset = time.Until(t)
}

// reminderNote is a reminder a fake server received for one person.
type reminderNote struct {
	Content   string    `json:"content"`
	Published time.Time `json:"published"`
	To        []string  `json:"to"`
}

// remindersTo are the reminders of the gathering titled title that
// server received addressed to person.
func remindersTo(t *testing.T, server *fedtest.Server, person, title string) []reminderNote {
	t.Helper()
	var out []reminderNote
	for _, d := range server.Deliveries() {
		if d.Activity == nil || d.Activity.Type != "Create" || d.Activity.Object.Type != "Note" {
			continue
		}
		var n reminderNote
		require.NoError(t, json.Unmarshal(d.Activity.Object.Raw, &n))
		if slices.Contains(n.To, person) && strings.Contains(n.Content, "Reminder: "+title) {
			require.True(t, d.Verified, "signed: %v", d.VerifyErr)
			out = append(out, n)
		}
	}
	return out
}

// TestRemindersFireOnceAtTheirInstant (issue 18): an online call
// reminds bob, going, a day and a quarter of an hour before it starts,
// once each, at the instant with the clock advanced; after it was moved,
// at its new time only; carol, who said maybe, and erin, blocked since
// she said going, get none; a cancelled call reminds nobody. On
// PostgreSQL a second process schedules the same reminders again and
// works the jobs beside the first: each is still sent once.
func TestRemindersFireOnceAtTheirInstant(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			clock := &testClock{}
			gather := servertest.Start(t, db, func(c *config.Config) { c.Now = clock.Now })
			coop := gather.Base + "/actors/events"
			handle := "@events@" + gather.App.URLs().Host()
			mastodon := fedtest.NewServer(t, fedtest.Mastodon, fedtest.WithClock(clock.Now))
			bob, carol, erin := mastodon.AddActor("bob"), mastodon.AddActor("carol"), mastodon.AddActor("erin")

			london, err := time.LoadLocation("Europe/London")
			require.NoError(t, err)
			start := clock.Now().Add(72 * time.Hour).In(london).Truncate(time.Hour)
			local := func(t time.Time) string { return t.In(london).Format("2006-01-02T15:04") }
			call := func(title string) (string, int64) {
				t.Helper()
				link := "https://meet.example/" + strings.ToLower(strings.Fields(title)[0])
				ref, err := gather.App.CreateGathering(ctx, "events", &app.GatheringInput{Title: title, Timezone: "Europe/London",
					StartsAt: local(start), EndsAt: local(start.Add(time.Hour)), OnlineURL: &link}, true)
				require.NoError(t, err)
				_, id, _ := gather.App.URLs().EventOf(ref.APID)
				return ref.APID, id
			}
			circle, circleID := call("Circle call")
			other, otherID := call("Other call")
			answer := func(who *fedtest.Actor, event, text string) {
				t.Helper()
				_, err := who.Post(ctx, gather.Base+"/inbox", who.Reply(event, coop, handle, text, fedtest.Public))
				require.NoError(t, err)
			}
			answer(bob, circle, "I'm going!")
			answer(carol, circle, "maybe")
			answer(erin, circle, "I'm going!")
			answer(bob, other, "I'm going!")
			waitFor(t, "answers done", func() bool { return allProcessed(t, gather) })
			require.NoError(t, gather.App.BlockPerson(ctx, erin.ID))

			// Moved an hour later: the new start gets its own reminders.
			moved := start.Add(time.Hour)
			_, err = gather.App.UpdateGathering(ctx, circleID, []byte(fmt.Sprintf(`{"starts_at": %q, "ends_at": %q}`,
				local(moved), local(moved.Add(time.Hour)))), 0)
			require.NoError(t, err)
			_, err = gather.App.CancelGathering(ctx, otherID)
			require.NoError(t, err)
			scheduled := func() int {
				counts, err := gather.Store.JobCounts(ctx)
				require.NoError(t, err)
				return counts["scheduled"]
			}
			advance := func(to time.Time, left int) {
				t.Helper()
				clock.Set(to)
				waitFor(t, fmt.Sprintf("%d reminders left at %s", left, to.Format(time.RFC3339)), func() bool {
					return scheduled() == left && allProcessed(t, gather)
				})
			}
			// The counts' Updates go at the end of the minute; then what
			// waits is a day and a quarter hour before each start: two of
			// the circle's first, two of its new one, two of the other
			// call's.
			advance(clock.Now().Add(70*time.Second), 6)
			if db == "postgres" {
				second := servertest.StartNode(t, gather)
				// The second process schedules the same reminders again.
				require.NoError(t, second.App.SetGatheringReminders(ctx, circleID, []time.Duration{24 * time.Hour, 15 * time.Minute}))
				require.Equal(t, 6, scheduled(), "a reminder is one job however many processes schedule it")
			}

			// The old start's day-before instant: nothing, it moved.
			advance(start.Add(-24*time.Hour), 4)
			require.Empty(t, remindersTo(t, mastodon, bob.ID, "Circle call"))
			require.Empty(t, remindersTo(t, mastodon, bob.ID, "Other call"), "a cancelled call reminds nobody")

			advance(moved.Add(-24*time.Hour), 3)
			waitFor(t, "bob reminded a day before", func() bool { return len(remindersTo(t, mastodon, bob.ID, "Circle call")) == 1 })
			got := remindersTo(t, mastodon, bob.ID, "Circle call")[0]
			// River's scheduler looks every 5 s: sent within seconds of its
			// instant, never before.
			due := moved.Add(-24 * time.Hour)
			require.False(t, got.Published.Before(due), "sent at %s, due %s", got.Published, due)
			require.Less(t, got.Published.Sub(due), 15*time.Second, "sent at %s, due %s", got.Published, due)
			require.Contains(t, got.Content, "starts in 24 hours")
			require.Contains(t, got.Content, moved.Format("15:04"), "the time in London")
			require.Contains(t, got.Content, "https://meet.example/circle", "the link")

			advance(start.Add(-15*time.Minute), 1) // the old start's and the other call's
			advance(moved.Add(-15*time.Minute), 0)
			waitFor(t, "bob reminded a quarter hour before", func() bool { return len(remindersTo(t, mastodon, bob.ID, "Circle call")) == 2 })
			require.Contains(t, remindersTo(t, mastodon, bob.ID, "Circle call")[1].Content, "starts in 15 minutes")

			require.Empty(t, remindersTo(t, mastodon, carol.ID, "Circle call"), "maybe is not going")
			require.Empty(t, remindersTo(t, mastodon, erin.ID, "Circle call"), "blocked")
			require.Empty(t, remindersTo(t, mastodon, bob.ID, "Other call"), "a cancelled call reminds nobody")
			require.Len(t, remindersTo(t, mastodon, bob.ID, "Circle call"), 2, "each reminder once")
		})
	}
}
