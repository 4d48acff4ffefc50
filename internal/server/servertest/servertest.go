// Package servertest starts whole Gather instances for end-to-end tests:
// a real database (SQLite in a temporary folder, or a fresh PostgreSQL
// schema), jobs running, served on loopback, federating over plain HTTP.
package servertest

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/config"
	"github.com/gather-coop/gather/internal/server"
	"github.com/gather-coop/gather/internal/store/storetest"
)

// Databases are the databases every end-to-end test runs on. PostgreSQL
// tests skip themselves when storetest.PostgresEnv is not set.
var Databases = []string{"sqlite", "postgres"}

// Instance is a running Gather.
type Instance struct {
	*server.Instance
	// Base is the instance's origin, e.g. http://127.0.0.1:41234.
	Base string
}

// Start starts an instance on db ("sqlite" or "postgres") and stops it
// when t ends. Its co-op account is @events. adjust may change the
// configuration before the instance opens.
func Start(t testing.TB, db string, adjust ...func(*config.Config)) *Instance {
	t.Helper()
	cfg, err := config.Load(nil, func(string) string { return "" })
	require.NoError(t, err)
	cfg.DataDir = t.TempDir()
	if db == "postgres" {
		cfg.DatabaseURL = storetest.PostgresURL(t)
	}
	cfg.AllowHTTP = true
	cfg.AllowPrivateAddresses = true
	// Tests stay off the internet; the doctor's page tests name a peer.
	cfg.ClockPeer = ""

	srv := httptest.NewUnstartedServer(nil)
	cfg.BaseURL = "http://" + srv.Listener.Addr().String()
	cfg.CoopName = "Co-op events"
	for _, f := range adjust {
		f(&cfg)
	}
	ctx := context.Background()
	inst, err := server.Open(ctx, cfg, logger(), "test")
	require.NoError(t, err)
	_, err = inst.App.Setup(ctx, cfg.CoopHandle, cfg.CoopName)
	require.NoError(t, err)
	require.NoError(t, inst.StartJobs(ctx))
	srv.Config.Handler = inst.Handler()
	srv.Start()
	t.Cleanup(func() {
		srv.Close()
		stopCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = inst.Store.JobsStop(stopCtx)
		_ = inst.Close()
	})
	return &Instance{Instance: inst, Base: cfg.BaseURL}
}

// logger writes warnings and errors to stderr, or debug logs when
// GATHER_TEST_LOG=debug.
func logger() *slog.Logger {
	level := slog.LevelWarn
	if os.Getenv("GATHER_TEST_LOG") == "debug" {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
}

// StartNode starts a second node of first: another process's worth of
// Gather (its own caches, jobs client and listener) on first's PostgreSQL
// schema and under first's public address, as two `gather serve` behind
// one proxy are. Requests to the node go to its own Base.
func StartNode(t testing.TB, first *Instance) *Instance {
	t.Helper()
	if first.Config.DatabaseURL == "" {
		t.Fatal("servertest: a second node needs PostgreSQL; SQLite is one process's")
	}
	cfg := first.Config
	cfg.DataDir = t.TempDir()
	ctx := context.Background()
	inst, err := server.Open(ctx, cfg, logger(), "test")
	require.NoError(t, err)
	require.NoError(t, inst.StartJobs(ctx))
	srv := httptest.NewServer(inst.Handler())
	t.Cleanup(func() {
		srv.Close()
		stopCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = inst.Store.JobsStop(stopCtx)
		_ = inst.Close()
	})
	return &Instance{Instance: inst, Base: srv.URL}
}
