package e2e_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/server/servertest"
	"github.com/gather-coop/gather/internal/store"
)

// BenchmarkReminders measures how reminders scale (issue 18): 10,000
// people going to one online call, each on a receiver of 200 (50 a
// server, each with an inbox of their own), all reminded a day before.
// enqueue-ms is the reminder job's own work (App.SendReminder: who is
// going and not yet reminded, 10,000 notes recorded and their deliveries
// enqueued, in batches of 1,000 transactions); deliver-s is from its
// start to the last of the 10,000 POSTs answered, each note signed on
// its own. sign/s/core is the raw RSA-2048 signing rate measured in the
// same run, the ceiling deliveries cannot beat (× cores).
//
//	go test -run '^$' -bench Reminders -benchtime 1x ./internal/e2e/
func BenchmarkReminders(b *testing.B) {
	onDatabases(b, func(b *testing.B, db string) {
		const hosts, perHost = 200, 50
		ctx := context.Background()
		gather := servertest.Start(b, db)
		received := followersOn(b, gather, hosts, perHost, false)
		actor, err := gather.App.Actor(ctx, "events")
		require.NoError(b, err)
		people, err := gather.Store.FollowerList(ctx, &store.FollowerListParams{ActorID: actor.ID, State: model.FollowAccepted, Limit: hosts * perHost})
		require.NoError(b, err)
		require.Len(b, people, hosts*perHost)
		idle := func() bool {
			counts, err := gather.Store.JobCounts(ctx)
			require.NoError(b, err)
			return counts["available"] == 0 && counts["running"] == 0 && counts["pending"] == 0 && counts["retryable"] == 0
		}
		signRate := rsaSignRate(b)
		var enqueue, deliver time.Duration
		b.ResetTimer()
		for i := range b.N {
			b.StopTimer()
			// Ten days ahead: its own jobs stay scheduled while we run the
			// reminder by hand.
			starts := time.Now().Add(10 * 24 * time.Hour).Truncate(time.Hour).UTC()
			link := "https://meet.example/circle"
			ref, err := gather.App.CreateGathering(ctx, "events", &app.GatheringInput{Title: fmt.Sprintf("Circle call %d", i), Timezone: "UTC",
				StartsAt: starts.Format("2006-01-02T15:04"), EndsAt: starts.Add(time.Hour).Format("2006-01-02T15:04"), OnlineURL: &link}, true)
			require.NoError(b, err)
			now := time.Now()
			for j, p := range people {
				id := p.ID
				_, err := gather.Store.RSVPSave(ctx, &model.RSVP{GatheringID: ref.ID, RemoteActorID: &id, Status: model.RSVPGoing,
					Channel: model.ChannelReply, ActivityURI: fmt.Sprintf("%s/replies/%d/%d", p.URI, i, j), CreatedAt: now, UpdatedAt: now})
				require.NoError(b, err)
			}
			waitUntil(b, "publication delivered", idle)
			posts := received.Load()
			runtime.GC()
			b.StartTimer()

			start := time.Now()
			require.NoError(b, gather.App.SendReminder(ctx, app.ReminderArgs{GatheringID: ref.ID, StartsAt: starts, Offset: 86400}))
			enqueue += time.Since(start)
			waitUntil(b, "every reminder delivered", func() bool { return received.Load()-posts >= int64(len(people)) && idle() })
			deliver += time.Since(start)
			require.Equal(b, int64(len(people)), received.Load()-posts, "one reminder each")
			// Run again (a retry, a second process): nobody is reminded twice.
			require.NoError(b, gather.App.SendReminder(ctx, app.ReminderArgs{GatheringID: ref.ID, StartsAt: starts, Offset: 86400}))
			require.True(b, idle())
		}
		b.StopTimer()
		b.ReportMetric(float64(enqueue.Milliseconds())/float64(b.N), "enqueue-ms")
		b.ReportMetric(deliver.Seconds()/float64(b.N), "deliver-s")
		b.ReportMetric(float64(len(people))*float64(b.N)/deliver.Seconds(), "posts/s")
		b.ReportMetric(signRate, "sign/s/core")
		b.ReportMetric(float64(runtime.GOMAXPROCS(0)), "cores")
	})
}
