package e2e_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/federation/httpsig"
	"github.com/gather-coop/gather/internal/config"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/server/servertest"
	"github.com/gather-coop/gather/internal/store"
)

// BenchmarkNetworkImport measures the import path: a followed Gancio
// posts 200 Creates of distinct Events (the captured payload) to the
// shared inbox, from 8 connections, and the clock stops when all 200 are
// stored. Each costs a signature check, the inbox's store-and-enqueue,
// and the job: read, trust checks, upsert. Same-run baseline: one raw
// RSA-2048 signature on one core.
//
//	go test -run '^$' -bench NetworkImport -benchtime 3x ./internal/e2e/
func BenchmarkNetworkImport(b *testing.B) {
	onDatabases(b, func(b *testing.B, db string) {
		const events = 200
		signRate := rsaSignRate(b)
		var total, cpu time.Duration
		for range b.N {
			b.StopTimer()
			ctx := context.Background()
			gather := servertest.Start(b, db, func(c *config.Config) { c.InboxRateLimit = 1e9 })
			g := fedtest.NewServer(b, fedtest.Gancio)
			relay := g.AddActor("relay")
			pem, err := httpsig.MarshalPublicKeyPEM(relay.PublicKey())
			require.NoError(b, err)
			_, err = gather.Store.RemoteActorUpsert(ctx, &model.RemoteActor{URI: relay.ID, Host: g.Host(), Domain: "127.0.0.1",
				Username: relay.Name, Inbox: relay.Inbox, KeyID: relay.KeyID, PublicKeyPEM: pem, FetchedAt: time.Now()})
			require.NoError(b, err)
			coop, err := gather.Store.ActorGetByHandle(ctx, "events")
			require.NoError(b, err)
			id, err := gather.Store.SourceCreate(ctx, &model.Source{ActorID: coop.ID, ActorURI: relay.ID, Handle: "@relay@" + g.Host(),
				State: model.SourcePending, FollowURI: gather.App.URLs().NewActivity(), RequestedAt: time.Now()})
			require.NoError(b, err)
			require.NoError(b, gather.Store.SourceAnswered(ctx, id, model.SourceAccepted, time.Now()))

			requests := make([]*http.Request, events)
			for i := range requests {
				body := payload(b, "gancio-create-event.json", g.URL(), "https://gancio.test",
					"/federation/m/8", fmt.Sprintf("/federation/m/%d", 1000+i))
				requests[i] = signedPost(b, relay, gather.Base+"/inbox", body)
			}
			stored := func() bool {
				list, err := gather.Store.RemoteEventUpcoming(ctx, &store.RemoteEventListParams{After: time.Now(), Limit: events + 1})
				require.NoError(b, err)
				return len(list) == events
			}
			b.StartTimer()
			start, cpu0 := time.Now(), cpuTime()
			postAll(b, requests)
			waitEvery(b, "every event stored", 20*time.Millisecond, stored)
			total += time.Since(start)
			cpu += cpuTime() - cpu0
		}
		n := float64(b.N * events)
		perEvent := total.Seconds() / n
		b.ReportMetric(perEvent*1e6, "µs/event")
		b.ReportMetric(cpu.Seconds()/n*1e6, "cpu-µs/event")
		b.ReportMetric(signRate, "rsa-signs/s/core")
		b.ReportMetric(cpu.Seconds()/n*signRate, "cpu-per-event-in-signs")
	})
}
