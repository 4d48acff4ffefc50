// Package server wires a Gather instance together from its configuration:
// the database and its jobs, the app, and the HTTP handler. The binary and
// the end-to-end tests build instances the same way, through Open.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/gather-coop/gather/federation/client"
	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/config"
	"github.com/gather-coop/gather/internal/jobs"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/postgres"
	"github.com/gather-coop/gather/internal/store/sqlite"
	"github.com/gather-coop/gather/internal/web"
)

// Instance is one process's wired parts.
type Instance struct {
	Config  config.Config
	Store   store.Store
	App     *app.App
	Metrics *prometheus.Registry
	log     *slog.Logger
	version string
	jobsID  string
}

// Open connects to the configured database (creating the data dir and the
// SQLite file if needed), migrates it, and wires the app and the job
// workers. Jobs are not started: see Instance.StartJobs.
func Open(ctx context.Context, cfg config.Config, log *slog.Logger, version string) (*Instance, error) {
	return open(ctx, cfg, log, version, true)
}

// Inspect wires an instance as Open does but leaves the schema as it
// finds it, for commands that look and must not change it (the doctor,
// run by a binary perhaps newer than the one serving).
func Inspect(ctx context.Context, cfg config.Config, log *slog.Logger, version string) (*Instance, error) {
	return open(ctx, cfg, log, version, false)
}

func open(ctx context.Context, cfg config.Config, log *slog.Logger, version string, migrate bool) (*Instance, error) {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	workers := river.NewWorkers()

	jobMetrics := jobs.NewMetrics(reg)
	jobsCfg := store.JobsConfig{
		Workers:    workers,
		Middleware: []rivertype.Middleware{jobMetrics},
		Logger:     log.With(slog.String("component", "jobs")),
		ID:         newJobsClientID(),
		Now:        cfg.Now,
		// Only a store that works jobs runs periodic ones.
		PeriodicJobs: jobs.Periodic(),
	}
	st, err := openStore(ctx, cfg, jobsCfg)
	if err != nil {
		return nil, err
	}
	if migrate {
		if err := st.Migrate(ctx); err != nil {
			_ = st.Close()
			return nil, fmt.Errorf("migrate: %w", err)
		}
	}
	a := app.New(app.Config{
		Store: st, BaseURL: cfg.BaseURL, Logger: log, Version: version, Now: cfg.Now,
		SignatureMaxAge: cfg.SignatureMaxAge, AllowHTTP: cfg.AllowHTTP,
		MediaDir: filepath.Join(cfg.DataDir, "media"),
		Client: client.New(client.Options{
			AllowPrivate: cfg.AllowPrivateAddresses, AllowHTTP: cfg.AllowHTTP,
			UserAgent: "Gather/" + version + " (+" + cfg.BaseURL + ")",
			RootCAs:   cfg.RootCAs,
			Now:       cfg.Now,
		}),
	})
	if migrate {
		// A serving node's caches follow the other nodes' changes. The
		// commands that only inspect need no listening connection.
		if err := a.FollowChanges(ctx); err != nil {
			_ = st.Close()
			return nil, err
		}
	}
	jobs.RegisterQueueDepth(reg, a, log)
	jobs.Register(workers, a, jobMetrics)
	return &Instance{Config: cfg, Store: st, App: a, Metrics: reg, log: log, version: version, jobsID: jobsCfg.ID}, nil
}

// Handler returns the instance's whole site.
func (i *Instance) Handler() http.Handler {
	return web.NewHandler(web.Config{
		App: i.App, Log: i.log, Metrics: i.Metrics, Version: i.version,
		AuthorizedFetch: i.Config.AuthorizedFetch,
		InboxRate:       i.Config.InboxRateLimit, InboxBurst: int(10 * i.Config.InboxRateLimit),
		TrustedProxies: i.Config.TrustedProxies,
		Doctor:         i.Doctor,
		Now:            i.Config.Now,
	})
}

// Close releases the database. Stop jobs first.
func (i *Instance) Close() error { return i.Store.Close() }

func openStore(ctx context.Context, cfg config.Config, jobsCfg store.JobsConfig) (store.Store, error) {
	if cfg.DatabaseURL != "" {
		st, err := postgres.Open(ctx, cfg.DatabaseURL, jobsCfg)
		if err != nil {
			return nil, fmt.Errorf("database: %w", err)
		}
		return st, nil
	}
	if err := ensureWritableDir(cfg.DataDir); err != nil {
		return nil, err
	}
	st, err := sqlite.Open(ctx, sqlite.PathIn(cfg.DataDir), jobsCfg)
	if err != nil {
		return nil, fmt.Errorf("database: %w", err)
	}
	return st, nil
}

// ensureWritableDir creates dir if needed and proves it can be written, so
// a read-only or missing mount is named plainly instead of surfacing as a
// database error.
func ensureWritableDir(dir string) error {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("data dir %s cannot be created: %w", dir, unwrapPathError(err))
	}
	f, err := os.CreateTemp(dir, ".write-test-*")
	if err != nil {
		return fmt.Errorf("data dir %s is not writable: %w", dir, unwrapPathError(err))
	}
	name := f.Name()
	_ = f.Close()
	_ = os.Remove(name)
	return nil
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
