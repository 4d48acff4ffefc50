package pages_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/server/servertest"
)

// BenchmarkNetworkPage serves the network calendar holding 500 upcoming
// events of 10 co-ops (its MaxEvents), as a list and as a month, beside
// the frame alone (the remote-interaction form, which reads nothing) as
// the same run's baseline; SQLite.
//
//	go test -run '^$' -bench NetworkPage -benchtime 2s ./internal/web/pages/
func BenchmarkNetworkPage(b *testing.B) {
	ctx := context.Background()
	inst := servertest.Start(b, "sqlite")
	actor, err := inst.App.Actor(ctx, "events")
	require.NoError(b, err)
	start := time.Now().AddDate(0, 1, 0).Truncate(time.Hour)
	for s := range 10 {
		host := fmt.Sprintf("coop%d.example", s)
		id, err := inst.Store.SourceCreate(ctx, &model.Source{ActorID: actor.ID, ActorURI: "https://" + host + "/actors/events",
			Handle: "@events@" + host, FollowURI: fmt.Sprintf("%s/follows/%d", inst.Base, s), RequestedAt: time.Now()})
		require.NoError(b, err)
		require.NoError(b, inst.Store.SourceAnswered(ctx, id, model.SourceAccepted, time.Now()))
		for e := range 50 {
			at := start.Add(time.Duration(e*10+s) * 13 * time.Hour)
			end := at.Add(3 * time.Hour)
			_, err := inst.Store.RemoteEventUpsert(ctx, &model.RemoteEvent{SourceID: id,
				ObjectURI: fmt.Sprintf("https://%s/events/%d", host, e), URL: fmt.Sprintf("https://%s/e/%d", host, e),
				Title: fmt.Sprintf("Gathering %d of %s", e, host), SummaryHTML: "<p>A day of workshops and talks.</p>",
				StartsAt: at, EndsAt: &end, Timezone: "Europe/London", PlaceName: "Hall", PlaceAddress: "1 Road, Town",
				Status: "EventScheduled", Raw: `{"type":"Event"}`, ReceivedAt: time.Now()})
			require.NoError(b, err)
		}
	}
	get := func(b *testing.B, path string) {
		for b.Loop() {
			resp, err := http.Get(inst.Base + path)
			require.NoError(b, err)
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			require.Equal(b, http.StatusOK, resp.StatusCode)
		}
	}
	b.Run("baseline-frame", func(b *testing.B) { get(b, "/interact") })
	b.Run("list-500", func(b *testing.B) { get(b, "/network") })
	b.Run("month", func(b *testing.B) { get(b, "/network?month="+start.Format("2006-01")) })
	b.Run("one-coop-50", func(b *testing.B) { get(b, "/network?source=1") })
}
