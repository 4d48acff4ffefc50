package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/server"
)

// nodesVoters is how many people of another server answer during the
// two-node run.
const nodesVoters = 500

// TestTwoNodesBehindOneAddressWhenOneIsKilled is the several-nodes proof:
// two real `gather serve` processes on one PostgreSQL database behind a
// round-robin proxy at the public address. A gathering goes out to 1,000
// followers while 500 people of another server send Joins through the
// proxy; a quarter of the way through the fan-out one node is killed with
// SIGKILL and stays dead. Every follower gets the Create, every Join
// becomes exactly one RSVP, and a Join whose sender saw it fail (the node
// died under it) and sent it again is still one RSVP. Deliveries that
// were in flight at the kill are sent again: they are counted and bounded,
// not zero, since a receiver may have acted on a POST whose answer the
// dead node never read.
func TestTwoNodesBehindOneAddressWhenOneIsKilled(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds and runs the binary, and waits a minute")
	}
	r := newCrashRig(t, buildGather(t), "postgres")
	addrs := []string{freePort(t), freePort(t)}
	proxy := startRoundRobin(t, strings.TrimPrefix(r.cfg.BaseURL, "http://"), addrs)
	doomed, doomedLogs := r.startNode(t, addrs[0], t.TempDir())
	survivor, survivorLogs := r.startNode(t, addrs[1], t.TempDir())

	// The gathering people answer is published before anyone follows, and
	// the answers are under way, on both nodes, when the fan-out of a
	// second gathering begins.
	ctx := context.Background()
	inst, err := server.Open(ctx, r.cfg, slog.New(slog.DiscardHandler), "test")
	require.NoError(t, err)
	t.Cleanup(func() { _ = inst.Close() })
	r.inst = inst
	in := app.GatheringInput{Title: "Answered meet-up", Timezone: "Europe/London",
		StartsAt: "2027-05-01T10:00", EndsAt: "2027-05-01T17:00", Venue: &app.VenueInput{Name: "Co-op hall"}}
	ref, err := inst.App.CreateGathering(app.CommandLine(ctx), "events", &in, true)
	require.NoError(t, err)
	coop, err := inst.App.Actor(ctx, "events")
	require.NoError(t, err)
	r.followers.seed(t, inst.Store, coop.ID)

	strangers := fedtest.NewServer(t, fedtest.Mastodon)
	people := make([]*fedtest.Actor, nodesVoters)
	for i := range people {
		people[i] = strangers.AddActor(fmt.Sprintf("voter%03d", i))
	}
	var next, taken, resent atomic.Int64
	// Paced, 50 a second, so that they last from before the fan-out
	// until after the kill.
	pace := time.NewTicker(20 * time.Millisecond)
	defer pace.Stop()
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for i := next.Add(1) - 1; i < nodesVoters; i = next.Add(1) - 1 {
				<-pace.C
				join := people[i].Join(ref.APID, r.cfg.BaseURL+"/actors/events")
				// As a remote server does: again, until it is taken.
				for attempt := 0; ; attempt++ {
					resp, err := people[i].Post(ctx, r.cfg.BaseURL+"/inbox", join)
					if err == nil && resp.Status == http.StatusAccepted {
						taken.Add(1)
						break
					}
					if attempt == 20 {
						t.Errorf("Join of %s never taken: %v %v", people[i].ID, err, resp.Status)
						return
					}
					resent.Add(1)
					time.Sleep(100 * time.Millisecond)
				}
			}
		})
	}
	waitUntil(t, "a quarter of the Joins are taken", 60*time.Second, func() bool { return taken.Load() >= nodesVoters/4 })
	in.Title = "Crash-proof meet-up"
	fanned, err := inst.App.CreateGathering(app.CommandLine(ctx), "events", &in, true)
	require.NoError(t, err)
	createID := waitForCreate(t, r.followers, fanned.APID)
	atKill, running := r.killAtAQuarter(t, doomed, doomedLogs, createID)
	joinsAtKill := taken.Load()
	killed := time.Now()
	wg.Wait()

	var rsvps []app.RSVPView
	waitUntil(t, "every Join is an RSVP", deadNodeBound, func() bool {
		rsvps, err = r.inst.App.ListRSVPs(app.CommandLine(ctx), ref.ID)
		require.NoError(t, err)
		return len(rsvps) >= nodesVoters
	})
	rsvpsDone := time.Since(killed)
	waitUntil(t, "every follower has the gathering", deadNodeBound, func() bool {
		n, _ := r.followers.counts(createID)
		return n == crashFollowers
	})
	fanOutDone := time.Since(killed)
	perPerson := map[string]int{}
	for _, v := range rsvps {
		perPerson[v.Person.ID]++
	}
	for _, p := range people {
		require.Equal(t, 1, perPerson[p.ID], "RSVPs of %s", p.ID)
	}
	require.Len(t, rsvps, nodesVoters, "one RSVP each, and nobody else's")

	_, posts := r.followers.counts(createID)
	t.Logf("two nodes behind one proxy (%d and %d requests, %d sent on to the other): one killed with %d of %d delivered, %d jobs running and %d of %d Joins taken; "+
		"RSVPs all in %.1fs after the kill, fan-out finished %.1fs after it; %d deliveries sent twice, %d Joins sent again, 0 RSVPs twice",
		proxy.served[0].Load(), proxy.served[1].Load(), proxy.retried.Load(), atKill, crashFollowers, running, joinsAtKill, nodesVoters,
		rsvpsDone.Seconds(), fanOutDone.Seconds(), posts-crashFollowers, resent.Load())
	require.LessOrEqual(t, posts-crashFollowers, running, "only deliveries in flight at the kill are sent twice")
	require.NoError(t, survivor.Process.Signal(os.Interrupt))
	require.NoError(t, survivor.Wait(), "logs:\n%s", survivorLogs)
}

// roundRobin is a load balancer at one address: each request goes to the
// next node, and to the other one if that one does not answer, as a
// proxy with passive health checks does.
type roundRobin struct {
	nodes  []string
	turn   atomic.Uint64
	served [2]atomic.Int64
	// retried counts requests a node took and never answered, sent on
	// to the other.
	retried atomic.Int64
	client  *http.Client
}

func startRoundRobin(t *testing.T, addr string, nodes []string) *roundRobin {
	t.Helper()
	rr := &roundRobin{nodes: nodes, client: &http.Client{
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
	ln, err := net.Listen("tcp", addr)
	require.NoError(t, err)
	srv := &http.Server{Handler: rr, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return rr
}

func (rr *roundRobin) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	first := int(rr.turn.Add(1) % uint64(len(rr.nodes)))
	for try := range len(rr.nodes) {
		i := (first + try) % len(rr.nodes)
		out, err := http.NewRequestWithContext(r.Context(), r.Method, "http://"+rr.nodes[i]+r.URL.RequestURI(), bytes.NewReader(body))
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		out.Header = r.Header.Clone()
		out.Host = r.Host // the signatures cover it, and the nodes build URLs from it
		resp, err := rr.client.Do(out)
		if err != nil {
			rr.retried.Add(1)
			continue
		}
		rr.served[i].Add(1)
		for k, v := range resp.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(resp.StatusCode)
		_, _ = io.Copy(w, resp.Body)
		resp.Body.Close()
		return
	}
	http.Error(w, "no node answers", http.StatusBadGateway)
}
