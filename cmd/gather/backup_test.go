package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/config"
	"github.com/gather-coop/gather/internal/server"
)

// node is an instance served on loopback at its base URL's address, so
// another node can take that address (and the ids under it) over once it
// has stopped.
type node struct {
	*server.Instance
	base string
	srv  *http.Server
	once sync.Once
}

func nodeConfig(t *testing.T, addr string) config.Config {
	cfg, err := config.Load(nil, func(string) string { return "" })
	require.NoError(t, err)
	cfg.BaseURL, cfg.DataDir, cfg.AllowHTTP, cfg.AllowPrivateAddresses = "http://"+addr, t.TempDir(), true, true
	return cfg
}

func startNode(t *testing.T, cfg config.Config) *node {
	t.Helper()
	ctx := context.Background()
	ln, err := net.Listen("tcp", strings.TrimPrefix(cfg.BaseURL, "http://"))
	require.NoError(t, err)
	inst, err := server.Open(ctx, cfg, slog.New(slog.DiscardHandler), "test")
	require.NoError(t, err)
	_, err = inst.App.Setup(ctx, cfg.CoopHandle, cfg.CoopName)
	require.NoError(t, err)
	require.NoError(t, inst.StartJobs(ctx))
	n := &node{Instance: inst, base: cfg.BaseURL, srv: &http.Server{Handler: inst.Handler(), ReadHeaderTimeout: 10 * time.Second}}
	go func() { _ = n.srv.Serve(ln) }()
	t.Cleanup(n.stop)
	return n
}

func (n *node) stop() {
	n.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = n.srv.Shutdown(ctx)
		_ = n.Store.JobsStop(ctx)
		_ = n.Close()
	})
}

// publicKey is the co-op account's key as its actor document serves it.
func (n *node) publicKey(t *testing.T) string {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, n.base+"/actors/events", nil)
	require.NoError(t, err)
	req.Header.Set("Accept", "application/activity+json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	var doc struct {
		PublicKey struct{ PublicKeyPem string } `json:"publicKey"`
	}
	require.NoError(t, json.Unmarshal(body, &doc))
	require.Contains(t, doc.PublicKey.PublicKeyPem, "PUBLIC KEY")
	return doc.PublicKey.PublicKeyPem
}

func (n *node) rsvpPeople(t *testing.T, gatheringID int64) map[string]string {
	t.Helper()
	list, err := n.App.ListRSVPs(app.CommandLine(context.Background()), gatheringID)
	require.NoError(t, err)
	out := map[string]string{}
	for _, r := range list {
		out[r.Person.ID] = r.Status
	}
	return out
}

func (n *node) followers(t *testing.T) []string {
	t.Helper()
	f, err := n.App.Followers(app.CommandLine(context.Background()), "events", 1)
	require.NoError(t, err)
	var out []string
	for _, a := range f.Followers {
		out = append(out, a.URI)
	}
	return out
}

// follow makes alice of a new fake Mastodon follow @events, and waits for
// the signed Accept.
func follow(t *testing.T, n *node) (*fedtest.Server, *fedtest.Actor) {
	t.Helper()
	remote := fedtest.NewServer(t, fedtest.Mastodon)
	alice := remote.AddActor("alice")
	sent, err := alice.Follow(context.Background(), n.base+"/actors/events", n.base+"/inbox")
	require.NoError(t, err)
	require.Equal(t, http.StatusAccepted, sent.Status)
	accept := remote.WaitForDelivery(t, fedtest.OfType("Accept"), 30*time.Second)
	require.True(t, accept.Verified, "%v", accept.VerifyErr)
	return remote, alice
}

func publishGathering(t *testing.T, n *node, title string) app.GatheringRef {
	t.Helper()
	in := app.GatheringInput{Title: title, Timezone: "Europe/London",
		StartsAt: "2027-05-01T10:00", EndsAt: "2027-05-01T17:00", Venue: &app.VenueInput{Name: "Co-op hall"}}
	ref, err := n.App.CreateGathering(app.CommandLine(context.Background()), "events", &in, true)
	require.NoError(t, err)
	return ref
}

// waitForEvent waits for an activity of type typ about the Event apID at
// remote, signed with a key remote verified.
func waitForEvent(t *testing.T, remote *fedtest.Server, typ, apID string) fedtest.Delivery {
	t.Helper()
	d := remote.WaitForDelivery(t, func(d fedtest.Delivery) bool {
		return d.Activity != nil && d.Activity.Type == typ && d.Activity.Object.ID == apID
	}, 30*time.Second)
	require.True(t, d.Verified, "%s", d)
	return d
}

// TestBackupDuringRSVPsRestoresAWorkingInstance backs an instance up while
// strangers' signed RSVPs (poll votes and replies) arrive, stops it, restores the
// backup into a fresh data dir and starts there at the same address: the
// co-op account keeps its key (its follower's server still verifies what
// it sends), its follower, its gathering and the RSVPs made before the
// backup began.
func TestBackupDuringRSVPsRestoresAWorkingInstance(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	addr := freePort(t)
	cfg := nodeConfig(t, addr)
	first := startNode(t, cfg)
	key := first.publicKey(t)
	remote, alice := follow(t, first)
	ref := publishGathering(t, first, "Backed-up meet-up")
	waitForEvent(t, remote, "Create", ref.APID)

	// A burst of RSVPs from 300 people of another server, four at a time:
	// poll votes and replies saying they are going.
	const voters = 300
	strangers := fedtest.NewServer(t, fedtest.Mastodon)
	people := make([]*fedtest.Actor, voters)
	for i := range people {
		people[i] = strangers.AddActor("voter" + string(rune('a'+i/26)) + string(rune('a'+i%26)))
	}
	var next, accepted atomic.Int64
	var mu sync.Mutex
	acked := map[string]bool{} // whose answer was answered 202
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := next.Add(1) - 1; i < voters; i = next.Add(1) - 1 {
				p := people[i]
				coop := first.base + "/actors/events"
				answer := p.Vote(ref.APID+"/poll", coop, "Going")
				if i%2 == 1 {
					answer = p.Reply(ref.APID, coop, "@events@"+strings.TrimPrefix(first.base, "http://"), "I'm going!", fedtest.Public)
				}
				resp, err := p.Post(ctx, first.base+"/inbox", answer)
				if err == nil && resp.Status == http.StatusAccepted {
					accepted.Add(1)
					mu.Lock()
					acked[p.ID] = true
					mu.Unlock()
				}
			}
		}()
	}
	var before map[string]string
	waitUntil(t, "the first RSVPs are in", 30*time.Second, func() bool {
		before = first.rsvpPeople(t, ref.ID)
		return len(before) >= 10
	})
	file := filepath.Join(t.TempDir(), "gather-backup.tar.gz")
	atStart := accepted.Load()
	mu.Lock()
	ackedBefore := maps.Clone(acked)
	mu.Unlock()
	r := gather(t, ctx, "", nil, "admin", "backup", file, "--data-dir", cfg.DataDir)
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Contains(t, r.stdout, "schema version")
	atEnd, sentAtEnd := accepted.Load(), min(next.Load(), voters)
	wg.Wait()
	require.EqualValues(t, voters, accepted.Load())
	require.Less(t, atEnd, int64(voters), "the backup was made during the burst")
	waitUntil(t, "every RSVP is in", 30*time.Second, func() bool { return len(first.rsvpPeople(t, ref.ID)) == voters })
	after := first.rsvpPeople(t, ref.ID)
	first.stop()

	restoredDir := filepath.Join(t.TempDir(), "restored")
	r = gather(t, ctx, "", nil, "admin", "restore", file, "--data-dir", restoredDir)
	require.Equal(t, exitOK, r.code, r.stderr)
	cfg.DataDir = restoredDir
	second := startNode(t, cfg)

	require.Equal(t, key, second.publicKey(t), "the co-op account keeps its key")
	require.Equal(t, []string{alice.ID}, second.followers(t))
	restored := second.rsvpPeople(t, ref.ID)
	require.GreaterOrEqual(t, len(restored), len(before), "every RSVP made before the backup began is in it")
	for person, status := range before {
		require.Equal(t, status, restored[person], person)
	}
	for person := range restored {
		require.Contains(t, after, person, "the backup holds only RSVPs that were made")
	}
	// An answer acknowledged before the backup began was stored with the
	// job that makes it an RSVP: the restored instance finishes it.
	waitUntil(t, "every answer acknowledged before the backup is an RSVP", 30*time.Second, func() bool {
		restored = second.rsvpPeople(t, ref.ID)
		for person := range ackedBefore {
			if restored[person] != "going" {
				return false
			}
		}
		return true
	})
	require.LessOrEqual(t, int64(len(restored)), sentAtEnd, "nothing sent after the backup ended is in it")
	t.Logf("backup began with %d RSVPs in and %d answers acknowledged, %d acknowledged while it ran; restored, it holds %d of %d",
		len(before), len(ackedBefore), atEnd-atStart, len(restored), voters)

	// The follower's server still takes what the restored instance sends.
	_, err := second.App.UpdateGathering(app.CommandLine(ctx), ref.ID, []byte(`{"title": "Restored meet-up"}`), 0)
	require.NoError(t, err)
	waitForEvent(t, remote, "Update", ref.APID)
}

func TestBackupAndRestoreRefusals(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	r := gather(t, ctx, "", nil, "migrate", "--data-dir", dir)
	require.Equal(t, exitOK, r.code, r.stderr)
	file := filepath.Join(t.TempDir(), "b.tar.gz")
	require.Equal(t, exitOK, gather(t, ctx, "", nil, "admin", "backup", file, "--data-dir", dir).code)
	st, err := os.Stat(file)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), st.Mode().Perm(), "the backup holds the private keys: its owner's alone")

	for name, c := range map[string]struct {
		args []string
		code int
		want string
	}{
		"backup, no file":         {[]string{"admin", "backup", "--data-dir", dir}, exitUsage, "needs a file"},
		"backup of PostgreSQL":    {[]string{"admin", "backup", file, "--database-url", "postgres://h/db"}, exitUsage, "pg_dump"},
		"backup of nothing":       {[]string{"admin", "backup", file, "--data-dir", t.TempDir()}, exitRuntime, "no SQLite database"},
		"restore into a full dir": {[]string{"admin", "restore", file, "--data-dir", dir}, exitRuntime, "not empty"},
		"restore, not a backup":   {[]string{"admin", "restore", "main.go", "--data-dir", t.TempDir()}, exitRuntime, "not a Gather backup"},
		"restore to PostgreSQL":   {[]string{"admin", "restore", file, "--database-url", "postgres://h/db"}, exitUsage, "copy-to"},
	} {
		t.Run(name, func(t *testing.T) {
			r := gather(t, ctx, "", nil, c.args...)
			require.Equal(t, c.code, r.code, r.stderr)
			requireOneLine(t, r, c.want)
		})
	}
}
