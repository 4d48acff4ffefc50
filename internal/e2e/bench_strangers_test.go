package e2e_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/federation/httpsig"
	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/server/servertest"
	"github.com/gather-coop/gather/internal/store"
)

// The benchmarks in this file are the rows of issue 15: what a busy co-op
// feels. Each runs on SQLite and, when GATHER_TEST_DATABASE_URL is set, on
// PostgreSQL, and reports next to its figure the raw RSA-2048 signing rate
// measured in the same run, since the machine's load moves both:
//
//	go test -run '^$' -bench 'Strangers|SharedInboxes|DeliverToFollowers' -benchtime 1x -count 3 ./internal/e2e/

// onDatabases runs bench once per database, as a sub-benchmark named after
// it; the PostgreSQL one skips itself without a database to use.
func onDatabases(b *testing.B, bench func(b *testing.B, db string)) {
	for _, db := range servertest.Databases {
		b.Run(db, func(b *testing.B) { bench(b, db) })
	}
}

// strangerServers starts n fake servers that people we have never heard
// of live on: three in four Mastodon, one in four GoToSocial, each
// refusing our GETs unless their signature verifies (as Mastodon in
// AUTHORIZED_FETCH mode and GoToSocial do, for actors too). They share
// one key, so starting a hundred costs one key generation. With inboxes
// set, their actors' inboxes are there instead of on the server.
func strangerServers(b *testing.B, n int, inboxes string) []*fedtest.Server {
	key, err := httpsig.GenerateKey()
	require.NoError(b, err)
	servers := make([]*fedtest.Server, n)
	for i := range servers {
		flavor := fedtest.Mastodon
		if i%4 == 3 {
			flavor = fedtest.GoToSocial
		}
		opts := []fedtest.Option{fedtest.WithKey(key), fedtest.WithAuthorizedFetch(true)}
		if inboxes != "" {
			opts = append(opts, fedtest.WithInboxesAt(inboxes))
		}
		servers[i] = fedtest.NewServer(b, flavor, opts...)
	}
	return servers
}

// unreachableHost records 127.0.0.1:1 as having failed for a week, so
// deliveries there are given up at once, before anything is signed.
func unreachableHost(b *testing.B, gather *servertest.Instance) string {
	ctx := context.Background()
	host := "127.0.0.1:1"
	_, err := gather.Store.HostRecordFailure(ctx, host, time.Now().Add(-8*24*time.Hour), time.Now().Add(-7*24*time.Hour))
	require.NoError(b, err)
	_, err = gather.Store.HostRecordFailure(ctx, host, time.Now(), time.Now().Add(-7*24*time.Hour))
	require.NoError(b, err)
	return "http://" + host
}

// signedPost builds a POST of body to url, signed by from.
func signedPost(b *testing.B, from *fedtest.Actor, url string, body []byte) *http.Request {
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, url, bytes.NewReader(body))
	require.NoError(b, err)
	req.Header.Set("Content-Type", "application/activity+json")
	require.NoError(b, from.Sign(req, body))
	return req
}

// postAll sends requests from 8 goroutines (a few busy servers' worth of
// connections) and fails unless each is answered 202.
func postAll(b *testing.B, requests []*http.Request) {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
	defer client.CloseIdleConnections()
	var next atomic.Int64
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for i := next.Add(1) - 1; i < int64(len(requests)); i = next.Add(1) - 1 {
				resp, err := client.Do(requests[i])
				if err != nil {
					b.Error(err)
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusAccepted {
					b.Errorf("POST %s: %d", requests[i].URL, resp.StatusCode)
					return
				}
			}
		})
	}
	wg.Wait()
}

// waitUntil polls cond every millisecond, failing after a minute.
func waitUntil(b *testing.B, what string, cond func() bool) {
	waitEvery(b, what, time.Millisecond, cond)
}

// waitEvery polls cond every interval, failing after a minute. A poll
// that queries the database runs on the cores the server under test needs
// (every millisecond, about a tenth of one on SQLite), so such polls wait
// longer between tries.
func waitEvery(b *testing.B, what string, interval time.Duration, cond func() bool) {
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			b.Fatalf("gave up waiting: %s", what)
		}
		time.Sleep(interval)
	}
}

// cpuTime returns the CPU time this process has used so far (user and
// system), 0 where it cannot be read. The machine's other load changes
// how long a run takes far more than how much CPU it needs, so CPU per
// item is the figure to compare across runs; 2 cores ÷ it is what the
// figure would be with both cores to ourselves.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// machineCPU reads the jiffies the whole machine's cores have spent busy
// and in all (Linux's /proc/stat), zeros where it cannot: what the
// PostgreSQL server spends is in it too, so busy/total over a run says
// whether the run was bound by the cores or by waiting.
func machineCPU() (busy, total uint64) {
	stat, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, 0
	}
	line, _, _ := strings.Cut(string(stat), "\n")
	fields := strings.Fields(line)
	if len(fields) < 8 || fields[0] != "cpu" {
		return 0, 0
	}
	for i, f := range fields[1:8] { // user nice system idle iowait irq softirq
		v, err := strconv.ParseUint(f, 10, 64)
		if err != nil {
			return 0, 0
		}
		total += v
		if i != 3 && i != 4 {
			busy += v
		}
	}
	return busy, total
}

// machineBusy is the fraction of the machine's cores busy between two
// readings of machineCPU, 0 when unknown.
func machineBusy(busy0, total0, busy1, total1 uint64) float64 {
	if total1 <= total0 {
		return 0
	}
	return float64(busy1-busy0) / float64(total1-total0)
}

// resetPeakRSS starts a new peak for VmHWM (Linux: writing 5 to
// clear_refs), so peakRSS measures what follows; false where unsupported.
func resetPeakRSS() bool {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}

// peakRSS returns the process's peak resident memory in MB (VmHWM), 0 when
// it cannot be read.
func peakRSS() float64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
			if err == nil {
				return kb / 1024
			}
		}
	}
	return 0
}

// goingInAPI asks the JSON API, as an organiser's script would, how many
// of gatheringID's RSVPs are "going".
func goingInAPI(b *testing.B, gather *servertest.Instance, token string, gatheringID int64) int {
	req, err := http.NewRequest(http.MethodGet, fmt.Sprintf("%s/api/v1/gatherings/%d/rsvps", gather.Base, gatheringID), nil)
	require.NoError(b, err)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(b, err)
	defer resp.Body.Close()
	require.Equal(b, http.StatusOK, resp.StatusCode)
	var list struct {
		RSVPs []struct {
			Status string `json:"status"`
		} `json:"rsvps"`
	}
	require.NoError(b, json.NewDecoder(resp.Body).Decode(&list))
	n := 0
	for _, r := range list.RSVPs {
		if r.Status == "going" {
			n++
		}
	}
	return n
}

// BenchmarkRSVPByReplyFromStrangers is issue 15's first row: 1,000 people
// on 100 servers, none known to us, each send one signed "I'm going!"
// reply; the clock runs from the first POST until the JSON API lists all
// 1,000 as going. Each reply costs us a key fetch (a signed GET; two for
// GoToSocial's key stubs) before its signature can be checked, and its
// processing looks the person up again. The replies are signed before the
// clock starts (the senders' cost), and the confirmations go to an inbox
// host known to be down, so they are given up unsigned: what is measured
// is the way in. rsvps/s is the figure; peak-rss-MB is the process's peak
// resident memory during the load (test harness, fake servers and signed
// requests included).
//
//	go test -run '^$' -bench RSVPByReplyFromStrangers -benchtime 1x -count 3 ./internal/e2e/
func BenchmarkRSVPByReplyFromStrangers(b *testing.B) {
	onDatabases(b, func(b *testing.B, db string) {
		const hosts, perHost = 100, 10
		for range b.N {
			b.StopTimer()
			ctx := context.Background()
			gather := servertest.Start(b, db)
			tok := benchToken(b, gather)
			ref, err := gather.App.CreateGathering(ctx, "events", bigDay(), true)
			require.NoError(b, err)
			servers := strangerServers(b, hosts, unreachableHost(b, gather))
			coop, handle := gather.Base+"/actors/events", "@events@"+gather.App.URLs().Host()
			requests := make([]*http.Request, 0, hosts*perHost)
			for p := range perHost {
				for _, srv := range servers {
					person := srv.AddActor(fmt.Sprintf("p%d", p))
					body := person.Reply(ref.APID, coop, handle, "I'm going!", fedtest.Public)
					requests = append(requests, signedPost(b, person, gather.Base+"/inbox", body))
				}
			}
			signRate, allCores := rsaSignRate(b), rsaSignRateAllCores(b)
			runtime.GC()
			rss := resetPeakRSS()

			b.StartTimer()
			start, cpu := time.Now(), cpuTime()
			busy0, total0 := machineCPU()
			postAll(b, requests)
			posted := time.Since(start)
			waitEvery(b, "every reply stored as going", 5*time.Millisecond, func() bool {
				counts, err := gather.Store.RSVPCounts(ctx, ref.ID, nil)
				require.NoError(b, err)
				return counts[model.RSVPGoing] == len(requests)
			})
			require.Equal(b, len(requests), goingInAPI(b, gather, tok, ref.ID))
			elapsed, cpu := time.Since(start), cpuTime()-cpu
			busy1, total1 := machineCPU()
			b.StopTimer()

			b.ReportMetric(float64(len(requests))/elapsed.Seconds(), "rsvps/s")
			b.ReportMetric(cpu.Seconds()*1000/float64(len(requests)), "cpu-ms/rsvp")
			b.ReportMetric(posted.Seconds(), "s-to-accept-all")
			b.ReportMetric(signRate, "rsa-signs/s/core")
			b.ReportMetric(allCores, "rsa-signs/s-all-cores")
			b.ReportMetric(machineBusy(busy0, total0, busy1, total1), "machine-busy")
			if rss {
				b.ReportMetric(peakRSS(), "peak-rss-MB")
			}
		}
	})
}

// BenchmarkFollowFromStrangers is issue 15's last row: 1,000 people on 100
// servers, none known to us, each send one signed Follow of the co-op
// account; the clock runs from the first POST until every one of them has
// received its Accept (signed by us and verified by their server). Each
// Follow costs us a key fetch and a signed delivery.
//
//	go test -run '^$' -bench FollowFromStrangers -benchtime 1x -count 3 ./internal/e2e/
func BenchmarkFollowFromStrangers(b *testing.B) {
	onDatabases(b, func(b *testing.B, db string) {
		const hosts, perHost = 100, 10
		for range b.N {
			b.StopTimer()
			gather := servertest.Start(b, db)
			servers := strangerServers(b, hosts, "")
			coop := gather.Base + "/actors/events"
			requests := make([]*http.Request, 0, hosts*perHost)
			for p := range perHost {
				for _, srv := range servers {
					person := srv.AddActor(fmt.Sprintf("p%d", p))
					body, err := federation.Follow(fmt.Sprintf("%s/follows/%d", person.ID, p), person.ID, coop)
					require.NoError(b, err)
					requests = append(requests, signedPost(b, person, gather.Base+"/inbox", body))
				}
			}
			signRate, allCores := rsaSignRate(b), rsaSignRateAllCores(b)
			hits := func() int {
				n := 0
				for _, srv := range servers {
					n += srv.InboxHits()
				}
				return n
			}
			accepted := func() int {
				n := 0
				for _, srv := range servers {
					for _, d := range srv.Deliveries() {
						if d.Activity != nil && d.Activity.Type == "Accept" && d.Verified {
							n++
						}
					}
				}
				return n
			}

			b.StartTimer()
			start, cpu := time.Now(), cpuTime()
			busy0, total0 := machineCPU()
			postAll(b, requests)
			// Inbox hits are cheap to count; a POST the receiver refused
			// (its fetch of our key failed under load, say) is retried, so
			// the verified Accepts are counted once the hits add up.
			waitUntil(b, "every Accept delivered", func() bool { return hits() >= len(requests) && accepted() >= len(requests) })
			elapsed, cpu := time.Since(start), cpuTime()-cpu
			busy1, total1 := machineCPU()
			b.StopTimer()

			require.Equal(b, len(requests), accepted(), "verified Accepts")
			b.ReportMetric(float64(len(requests))/elapsed.Seconds(), "follows/s")
			b.ReportMetric(cpu.Seconds()*1000/float64(len(requests)), "cpu-ms/follow")
			b.ReportMetric(signRate, "rsa-signs/s/core")
			b.ReportMetric(allCores, "rsa-signs/s-all-cores")
			b.ReportMetric(machineBusy(busy0, total0, busy1, total1), "machine-busy")
		}
	})
}

// BenchmarkPublishToSharedInboxes is issue 15's second row: a gathering
// published to 1,000 followers on 200 servers that have shared inboxes,
// so one signed POST per server for each activity the publication sends:
// its Event and its RSVP poll, 400 deliveries (the warm-up counts them).
// Each op is one gathering, from the organiser's publish to the last 202,
// the jobs left from the one before finished first with the clock
// stopped; the figure is deliveries/s as a fraction of the signing limit
// measured in the same run (sign/s/core × cores). As in
// BenchmarkDeliverToFollowers the receivers only check that a signature
// is there: their work is not ours.
//
//	go test -run '^$' -bench PublishToSharedInboxes -benchtime 5x -count 3 ./internal/e2e/
func BenchmarkPublishToSharedInboxes(b *testing.B) {
	onDatabases(b, func(b *testing.B, db string) {
		const hosts, perHost = 200, 5
		ctx := context.Background()
		gather := servertest.Start(b, db)
		received := followersOn(b, gather, hosts, perHost, true)
		idle := func() bool {
			counts, err := gather.Store.JobCounts(ctx)
			require.NoError(b, err)
			return counts["available"] == 0 && counts["running"] == 0 && counts["pending"] == 0 && counts["retryable"] == 0
		}
		// Warm up: every receiver's connection opened, and what one
		// publication sends counted.
		_, err := gather.App.CreateGathering(ctx, "events", bigDay(), true)
		require.NoError(b, err)
		waitEvery(b, "the first publication delivered", 5*time.Millisecond, idle)
		perPublish := received.Load()
		require.Equal(b, int64(2*hosts), perPublish, "the Event and its RSVP poll, one POST to each server")

		signRate, allCores := rsaSignRate(b), rsaSignRateAllCores(b)
		b.ResetTimer()
		var elapsed time.Duration
		for range b.N {
			before := received.Load()
			start := time.Now()
			_, err := gather.App.CreateGathering(ctx, "events", bigDay(), true)
			require.NoError(b, err)
			waitUntil(b, "a delivery of each to every server", func() bool { return received.Load() >= before+perPublish })
			elapsed += time.Since(start)
			b.StopTimer()
			waitEvery(b, "the publication's other jobs done", 5*time.Millisecond, idle)
			b.StartTimer()
		}
		b.StopTimer()
		perSecond := float64(int64(b.N)*perPublish) / elapsed.Seconds()
		b.ReportMetric(perSecond, "deliveries/s")
		b.ReportMetric(signRate, "rsa-signs/s/core")
		b.ReportMetric(perSecond/(signRate*float64(runtime.GOMAXPROCS(0))), "fraction-of-sign-limit")
		b.ReportMetric(perSecond/allCores, "fraction-of-all-cores-limit")
	})
}

// followersOn gives @events perHost followers on each of hosts receivers
// that answer 202 to any signed POST, with a shared inbox when shared is
// set; the counter counts the POSTs they received.
func followersOn(b *testing.B, gather *servertest.Instance, hosts, perHost int, shared bool) *atomic.Int64 {
	ctx := context.Background()
	actor, err := gather.App.Actor(ctx, "events")
	require.NoError(b, err)
	received := new(atomic.Int64)
	receiver := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if r.Header.Get("Signature") == "" || r.Header.Get("Digest") == "" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		received.Add(1)
		w.WriteHeader(http.StatusAccepted)
	})
	for range hosts {
		remote := httptest.NewServer(receiver)
		b.Cleanup(remote.Close)
		host := strings.TrimPrefix(remote.URL, "http://")
		for p := range perHost {
			uri := fmt.Sprintf("%s/users/p%d", remote.URL, p)
			sharedInbox := ""
			if shared {
				sharedInbox = remote.URL + "/inbox"
			}
			r, err := gather.Store.RemoteActorUpsert(ctx, &model.RemoteActor{URI: uri, Host: host, Domain: "127.0.0.1",
				Username: fmt.Sprintf("p%d", p), Inbox: uri + "/inbox", SharedInbox: sharedInbox, KeyID: uri + "#main-key",
				PublicKeyPEM: "unused", FetchedAt: time.Now()})
			require.NoError(b, err)
			_, err = gather.Store.FollowUpsert(ctx, &store.FollowUpsertParams{ActorID: actor.ID, RemoteActorID: r.ID,
				FollowURI: uri + "/follow", State: model.FollowAccepted, CreatedAt: time.Now()})
			require.NoError(b, err)
		}
	}
	return received
}

// bigDay is a published gathering without sessions, a year ahead.
func bigDay() *app.GatheringInput {
	year := time.Now().Year() + 1
	return &app.GatheringInput{Title: "Big day", Timezone: "Europe/London", StartsAt: fmt.Sprintf("%d-04-10T10:00", year),
		EndsAt: fmt.Sprintf("%d-04-10T17:00", year), Venue: &app.VenueInput{Name: "Hall"}}
}

// benchToken makes an organiser and returns their API token.
func benchToken(b *testing.B, gather *servertest.Instance) string {
	ctx := context.Background()
	_, err := gather.App.CreateUser(ctx, "ada", "correct horse battery", "")
	require.NoError(b, err)
	tok, err := gather.App.CreateToken(ctx, "ada")
	require.NoError(b, err)
	return tok
}
