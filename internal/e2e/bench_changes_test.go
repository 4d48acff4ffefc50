package e2e_test

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/server/servertest"
	"github.com/gather-coop/gather/internal/store"
)

// BenchmarkChangeNotes measures what telling people of a change costs
// (issue 13.1): a gathering's new time, with 1,000 followers on 200
// servers with shared inboxes. The baseline ("nobody-answered") is the
// public note to them, one POST per server; "1000-answered" has all of
// them answered, so each gets a note of their own, addressed to them
// (1,000 POSTs to their own inboxes) and the public note goes nowhere.
// Each op is one change, from the organiser's save to the last 202;
// commit-ms is how long the save itself took (its transaction records
// every note and enqueues every delivery), posts/op how many POSTs went.
//
//	go test -run '^$' -bench ChangeNotes -benchtime 3x ./internal/e2e/
func BenchmarkChangeNotes(b *testing.B) {
	onDatabases(b, func(b *testing.B, db string) {
		const hosts, perHost = 200, 5
		ctx := context.Background()
		gather := servertest.Start(b, db)
		received := followersOn(b, gather, hosts, perHost, true)
		actor, err := gather.App.Actor(ctx, "events")
		require.NoError(b, err)
		followers, err := gather.Store.FollowerList(ctx, &store.FollowerListParams{ActorID: actor.ID, State: model.FollowAccepted, Limit: hosts * perHost})
		require.NoError(b, err)
		require.Len(b, followers, hosts*perHost)
		idle := func() bool {
			counts, err := gather.Store.JobCounts(ctx)
			require.NoError(b, err)
			return counts["available"] == 0 && counts["running"] == 0 && counts["pending"] == 0 && counts["retryable"] == 0
		}
		for _, answered := range []int{0, hosts * perHost} {
			name := "nobody-answered"
			if answered > 0 {
				name = strconv.Itoa(answered) + "-answered"
			}
			b.Run(name, func(b *testing.B) {
				ref, err := gather.App.CreateGathering(ctx, "events", bigDay(), true)
				require.NoError(b, err)
				now := time.Now()
				for i, f := range followers[:answered] {
					id := f.ID
					_, err := gather.Store.RSVPSave(ctx, &model.RSVP{GatheringID: ref.ID, RemoteActorID: &id, Status: model.RSVPGoing,
						Channel: model.ChannelReply, ActivityURI: fmt.Sprintf("%s/replies/%d", f.URI, i), CreatedAt: now, UpdatedAt: now})
					require.NoError(b, err)
				}
				waitUntil(b, "publication delivered", idle)
				year := time.Now().Year() + 1
				var commit time.Duration
				posts := received.Load()
				b.ResetTimer()
				for i := range b.N {
					start := time.Now()
					patch := fmt.Sprintf(`{"starts_at": "%d-04-10T%02d:%02d"}`, year, 8+i/60%2, i%60)
					_, err := gather.App.UpdateGathering(ctx, ref.ID, []byte(patch), 0)
					require.NoError(b, err)
					commit += time.Since(start)
					waitUntil(b, "every note delivered", idle)
				}
				b.StopTimer()
				b.ReportMetric(float64(commit.Milliseconds())/float64(b.N), "commit-ms")
				b.ReportMetric(float64(received.Load()-posts)/float64(b.N), "posts/op")
			})
		}
	})
}
