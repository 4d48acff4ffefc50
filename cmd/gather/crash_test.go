package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/config"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/server"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/storetest"
)

// crashFollowers is how many followers, each with an inbox of its own, the
// crash test publishes to, on crashHosts servers.
const crashFollowers, crashHosts = 1000, 20

// crashRecoveryBound is how soon after the restart every delivery must
// have arrived. Before nodes took back their own jobs at start, the last
// ones waited for River's rescuer: 5½ minutes.
const crashRecoveryBound = 20 * time.Second

// followerSet is crashHosts fake servers that record each activity each
// inbox receives. They take 20 ms to answer, as a remote server does, so
// a fan-out is still going when the test kills the sender.
type followerSet struct {
	mu       sync.Mutex
	received map[string]map[string]int // inbox path → activity id → times
	objects  map[string]string         // activity id → its object's id
	posts    int
	servers  []*httptest.Server
}

func newFollowerSet(t *testing.T) *followerSet {
	f := &followerSet{received: map[string]map[string]int{}, objects: map[string]string{}}
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		act, derr := federation.DecodeActivity(body)
		if err != nil || derr != nil || r.Header.Get("Signature") == "" {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		// Counted on arrival: a real server acts on what it read even if
		// the sender dies before the answer.
		f.mu.Lock()
		key := r.Host + r.URL.Path
		if f.received[key] == nil {
			f.received[key] = map[string]int{}
		}
		f.received[key][act.ID]++
		f.objects[act.ID] = act.Object.ID
		f.posts++
		f.mu.Unlock()
		time.Sleep(20 * time.Millisecond)
		w.WriteHeader(http.StatusAccepted)
	})
	for range crashHosts {
		srv := httptest.NewServer(handler)
		t.Cleanup(srv.Close)
		f.servers = append(f.servers, srv)
	}
	return f
}

// counts returns how many inboxes received id, and how many POSTs of id
// arrived in all.
func (f *followerSet) counts(id string) (inboxes, posts int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, ids := range f.received {
		if n := ids[id]; n > 0 {
			inboxes++
			posts += n
		}
	}
	return inboxes, posts
}

// seed makes every inbox of the set follow @events.
func (f *followerSet) seed(t *testing.T, st store.Store, actorID int64) {
	ctx := context.Background()
	for i := range crashFollowers {
		srv := f.servers[i%crashHosts]
		host := strings.TrimPrefix(srv.URL, "http://")
		uri := fmt.Sprintf("%s/users/f%d", srv.URL, i)
		r, err := st.RemoteActorUpsert(ctx, &model.RemoteActor{URI: uri, Host: host, Domain: "127.0.0.1",
			Username: fmt.Sprintf("f%d", i), Inbox: uri + "/inbox", KeyID: uri + "#main-key", PublicKeyPEM: "unused", FetchedAt: time.Now()})
		require.NoError(t, err)
		_, err = st.FollowUpsert(ctx, &store.FollowUpsertParams{ActorID: actorID, RemoteActorID: r.ID,
			FollowURI: uri + "/follow", State: model.FollowAccepted, CreatedAt: time.Now()})
		require.NoError(t, err)
	}
}

func buildGather(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "gather")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, string(out))
	return bin
}

// TestKill9DuringFanOutRecoversAtOnce runs the real binary, publishes a
// gathering to 1,000 followers, kills the process with SIGKILL in the
// middle of the fan-out and starts it again 2 s later, as a supervisor
// would. Every follower must have the gathering within seconds of the
// restart; the deliveries that were in flight when the process died are
// sent again, so some arrive twice, and no more than were in flight.
func TestKill9DuringFanOutRecoversAtOnce(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildGather(t)
	for _, db := range []string{"sqlite", "postgres"} {
		// One at a time: the figures are timings, on shared cores.
		t.Run(db, func(t *testing.T) { testKill9DuringFanOut(t, bin, db) })
	}
}

// crashRig is a database with @events followed by a followerSet, and the
// built binary to run nodes on it.
type crashRig struct {
	bin       string
	cfg       config.Config
	followers *followerSet
	// inst is a job-less instance on the same database: the test publishes
	// through it, and the jobs it enqueues are the nodes' to work.
	inst *server.Instance
}

func newCrashRig(t *testing.T, bin, db string) *crashRig {
	cfg, err := config.Load(nil, func(string) string { return "" })
	require.NoError(t, err)
	cfg.BaseURL, cfg.DataDir, cfg.AllowHTTP, cfg.AllowPrivateAddresses = "http://"+freePort(t), t.TempDir(), true, true
	if db == "postgres" {
		cfg.DatabaseURL = storetest.PostgresURL(t)
	}
	return &crashRig{bin: bin, cfg: cfg, followers: newFollowerSet(t)}
}

// startNode runs the binary on the rig's database, listening on the
// base URL's address (first node) or on addr, with dataDir its own.
func (r *crashRig) startNode(t *testing.T, addr, dataDir string) (*exec.Cmd, *syncBuffer) {
	t.Helper()
	cmd := exec.Command(r.bin)
	cmd.Env = append(os.Environ(), "GATHER_LISTEN="+addr, "GATHER_BASE_URL="+r.cfg.BaseURL, "GATHER_DATA_DIR="+dataDir,
		"GATHER_DATABASE_URL="+r.cfg.DatabaseURL, "GATHER_ALLOW_PRIVATE_ADDRESSES=true", "GATHER_ALLOW_HTTP=true",
		"GATHER_LOG_FORMAT=text")
	logs := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = logs, logs
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	waitUp(t, "http://"+addr+"/readyz")
	return cmd, logs
}

// publish seeds the followers (a node must have set the database up) and
// publishes a gathering; it returns the id of the Create the followers
// receive, once the first has.
func (r *crashRig) publish(t *testing.T) string {
	ctx := context.Background()
	inst, err := server.Open(ctx, r.cfg, slog.New(slog.DiscardHandler), "test")
	require.NoError(t, err)
	t.Cleanup(func() { _ = inst.Close() })
	r.inst = inst
	coop, err := inst.App.Actor(ctx, "events")
	require.NoError(t, err)
	r.followers.seed(t, inst.Store, coop.ID)
	in := app.GatheringInput{Title: "Crash-proof meet-up", Timezone: "Europe/London",
		StartsAt: "2027-05-01T10:00", EndsAt: "2027-05-01T17:00", Venue: &app.VenueInput{Name: "Co-op hall"}}
	ref, err := inst.App.CreateGathering(ctx, "events", &in, true)
	require.NoError(t, err)
	return waitForCreate(t, r.followers, ref.APID)
}

// killAtAQuarter waits until a quarter of the followers have createID and
// kills cmd; it returns how many had it, and how many jobs were running.
func (r *crashRig) killAtAQuarter(t *testing.T, cmd *exec.Cmd, logs *syncBuffer, createID string) (delivered, running int) {
	waitUntil(t, "a quarter of the fan-out is done", 60*time.Second, func() bool {
		n, _ := r.followers.counts(createID)
		return n >= crashFollowers/4
	})
	require.NoError(t, cmd.Process.Signal(os.Kill))
	_ = cmd.Wait()
	delivered, _ = r.followers.counts(createID)
	jobs, err := r.inst.Store.JobCounts(context.Background())
	require.NoError(t, err)
	require.Less(t, delivered, crashFollowers, "the kill came after the fan-out; logs:\n%s", logs)
	return delivered, jobs["running"]
}

func testKill9DuringFanOut(t *testing.T, bin, db string) {
	r := newCrashRig(t, bin, db)
	addr := strings.TrimPrefix(r.cfg.BaseURL, "http://")
	cmd, logs := r.startNode(t, addr, r.cfg.DataDir)
	createID := r.publish(t)
	atKill, running := r.killAtAQuarter(t, cmd, logs, createID)

	time.Sleep(2 * time.Second) // a supervisor's restart delay
	restarted := time.Now()
	cmd, logs = r.startNode(t, addr, r.cfg.DataDir)
	waitUntil(t, "every follower has the gathering", crashRecoveryBound, func() bool {
		n, _ := r.followers.counts(createID)
		return n == crashFollowers
	})
	took := time.Since(restarted)
	_, posts := r.followers.counts(createID)
	t.Logf("%s: killed with %d of %d delivered and %d jobs running; all delivered %.1fs after the restart; %d sent twice",
		db, atKill, crashFollowers, running, took.Seconds(), posts-crashFollowers)
	require.LessOrEqual(t, posts-crashFollowers, running, "only deliveries in flight at the kill are sent twice")
	require.Contains(t, logs.String(), "took back the jobs the previous run left running")

	require.NoError(t, cmd.Process.Signal(os.Interrupt))
	require.NoError(t, cmd.Wait(), "logs:\n%s", logs)
}

// deadNodeBound is how soon after a node dies for good another must have
// done its work: its jobs are taken back within a minute, then retried
// after a first attempt's back-off (10 s ± 20%).
const deadNodeBound = 75 * time.Second

// TestDeadNodesJobsAreTakenOver: two nodes share a PostgreSQL database and
// a fan-out to 1,000 followers; one is killed with SIGKILL in the middle
// and never comes back. The other delivers what the dead one was sending
// within deadNodeBound.
func TestDeadNodesJobsAreTakenOver(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds and runs the binary, and waits a minute")
	}
	r := newCrashRig(t, buildGather(t), "postgres")
	doomed, doomedLogs := r.startNode(t, strings.TrimPrefix(r.cfg.BaseURL, "http://"), t.TempDir())
	survivor, survivorLogs := r.startNode(t, freePort(t), t.TempDir())
	createID := r.publish(t)
	atKill, running := r.killAtAQuarter(t, doomed, doomedLogs, createID)
	killed := time.Now()

	waitUntil(t, "every follower has the gathering", deadNodeBound, func() bool {
		n, _ := r.followers.counts(createID)
		return n == crashFollowers
	})
	_, posts := r.followers.counts(createID)
	t.Logf("postgres, two nodes: one killed with %d of %d delivered and %d jobs running; the other finished %.1fs after; %d sent twice",
		atKill, crashFollowers, running, time.Since(killed).Seconds(), posts-crashFollowers)
	require.NoError(t, survivor.Process.Signal(os.Interrupt))
	require.NoError(t, survivor.Wait(), "logs:\n%s", survivorLogs)
}

// waitForCreate waits for the first delivery of the Create of the Event
// apID and returns the Create's id.
func waitForCreate(t *testing.T, f *followerSet, apID string) string {
	t.Helper()
	var id string
	waitUntil(t, "the fan-out begins", 60*time.Second, func() bool {
		f.mu.Lock()
		defer f.mu.Unlock()
		for a, object := range f.objects {
			if object == apID {
				id = a
			}
		}
		return id != ""
	})
	return id
}

func waitUntil(t *testing.T, what string, bound time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(bound)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("not within %s: %s", bound, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// syncBuffer is a strings.Builder two processes' output may share.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
