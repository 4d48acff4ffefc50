package main

import (
	"context"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/fedtest"
	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/store/sqlite"
	"github.com/gather-coop/gather/internal/store/storetest"
)

// TestCopyToPostgresCarriesFederationOn moves a SQLite instance with a
// follower, a gathering with RSVPs and a deleted gathering to PostgreSQL
// and starts there at the same address: the follower's server verifies
// the edit it receives with the same key, every RSVP keeps its id, a new
// gathering gets an id never given before, and the deleted one still
// answers 410.
func TestCopyToPostgresCarriesFederationOn(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pg := storetest.PostgresURL(t)
	cfg := nodeConfig(t, freePort(t))
	sq := startNode(t, cfg)
	key := sq.publicKey(t)
	remote, alice := follow(t, sq)
	kept := publishGathering(t, sq, "Moving meet-up")
	waitForEvent(t, remote, "Create", kept.APID)
	strangers := fedtest.NewServer(t, fedtest.Mastodon)
	for _, name := range []string{"bob", "carol", "dan"} {
		p := strangers.AddActor(name)
		resp, err := p.Post(ctx, sq.base+"/inbox", p.Vote(kept.APID+"/poll", sq.base+"/actors/events", "Going"))
		require.NoError(t, err)
		require.Equal(t, http.StatusAccepted, resp.Status)
	}
	waitUntil(t, "three RSVPs", 30*time.Second, func() bool { return len(sq.rsvpPeople(t, kept.ID)) == 3 })
	rsvpIDs := func(n *node) []int64 {
		list, err := n.App.ListRSVPs(app.CommandLine(ctx), kept.ID)
		require.NoError(t, err)
		var ids []int64
		for _, r := range list {
			ids = append(ids, r.ID)
		}
		return ids
	}
	before := rsvpIDs(sq)
	// The newest gathering deleted: SQLite will not give its id again,
	// and neither may PostgreSQL.
	gone := publishGathering(t, sq, "Called-off meet-up")
	require.NoError(t, sq.App.DeleteGathering(app.CommandLine(ctx), gone.ID))
	require.Equal(t, http.StatusGone, getStatus(t, gone.URL))
	sq.stop()

	r := gather(t, ctx, "", nil, "admin", "copy-to", pg, "--data-dir", cfg.DataDir)
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Contains(t, r.stdout, "copied")
	t.Log(r.stdout)
	r = gather(t, ctx, "", nil, "admin", "copy-to", pg, "--data-dir", cfg.DataDir)
	require.Equal(t, exitRuntime, r.code)
	requireOneLine(t, r, "empty")

	cfg.DatabaseURL = pg
	moved := startNode(t, cfg)
	require.Equal(t, key, moved.publicKey(t), "the co-op account keeps its key")
	require.Equal(t, []string{alice.ID}, moved.followers(t))
	require.Equal(t, before, rsvpIDs(moved), "every RSVP, with its id")

	_, err := moved.App.UpdateGathering(app.CommandLine(ctx), kept.ID, []byte(`{"title": "Moved meet-up"}`), 0)
	require.NoError(t, err)
	waitForEvent(t, remote, "Update", kept.APID)

	fresh := publishGathering(t, moved, "First meet-up on PostgreSQL")
	require.Greater(t, fresh.ID, gone.ID, "a new gathering gets an id never given before")
	waitForEvent(t, remote, "Create", fresh.APID)
	require.Equal(t, http.StatusGone, getStatus(t, gone.URL), "the deleted gathering still answers 410")
}

func TestCopyToRefusals(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for name, c := range map[string]struct {
		args []string
		code int
		want string
	}{
		"no URL":             {[]string{"admin", "copy-to", "--data-dir", t.TempDir()}, exitUsage, "needs a PostgreSQL URL"},
		"from PostgreSQL":    {[]string{"admin", "copy-to", "postgres://h/db", "--database-url", "postgres://h/other"}, exitUsage, "unset --database-url"},
		"no SQLite instance": {[]string{"admin", "copy-to", "postgres://h/db", "--data-dir", t.TempDir()}, exitRuntime, "no SQLite instance"},
	} {
		t.Run(name, func(t *testing.T) {
			r := gather(t, ctx, "", nil, c.args...)
			require.Equal(t, c.code, r.code, r.stderr)
			requireOneLine(t, r, c.want)
		})
	}
}

// TestCopyToRefusesAServingInstance: what a serving instance writes after
// the copy would be lost, so copy-to waits for it to stop.
func TestCopyToRefusesAServingInstance(t *testing.T) {
	t.Parallel()
	cfg := nodeConfig(t, freePort(t))
	startNode(t, cfg)
	path := filepath.Join(cfg.DataDir, "gather.db")
	waitUntil(t, "the node leads its jobs", 30*time.Second, func() bool {
		serving, err := sqlite.Serving(context.Background(), path)
		require.NoError(t, err)
		return serving
	})
	r := gather(t, context.Background(), "", nil, "admin", "copy-to", "postgres://127.0.0.1:1/nowhere", "--data-dir", cfg.DataDir)
	require.Equal(t, exitRuntime, r.code)
	requireOneLine(t, r, "gather is serving on")
}
