package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

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
)

// parseFlags parses args for a command with the common configuration flags
// plus any the command adds with extra. It prints a usage line and returns a
// usage error on bad input, or flag.ErrHelp after printing help.
func parseFlags(name, summary string, args []string, e env, extra func(fs *flag.FlagSet)) (config.Config, error) {
	fs := flag.NewFlagSet("gather "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	b := config.Flags(fs, e.getenv)
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(e.stdout)
			fmt.Fprintf(e.stdout, "gather %s: %s\n\nFlags:\n", name, summary)
			fs.PrintDefaults()
			return config.Config{}, flag.ErrHelp
		}
		return config.Config{}, &config.UsageError{Msg: err.Error()}
	}
	if fs.NArg() > 0 {
		return config.Config{}, &config.UsageError{Msg: fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	return b.Finish()
}

// fail prints err as one line on stderr and returns the exit code it
// deserves.
func fail(e env, err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	msg := strings.ReplaceAll(err.Error(), "\n", " ")
	fmt.Fprintln(e.stderr, "gather:", msg)
	if config.IsUsage(err) {
		return exitUsage
	}
	return exitRuntime
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	text := cfg.LogFormat == "text"
	if cfg.LogFormat == "auto" {
		if f, ok := w.(*os.File); ok {
			if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
				text = true
			}
		}
	}
	if text {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// instance is a process's wired parts.
type instance struct {
	store   store.Store
	app     *app.App
	metrics *prometheus.Registry
	workers *river.Workers
}

// open connects to the configured database (creating the data dir and the
// SQLite file if needed), migrates it, and wires the app and the job workers.
func open(ctx context.Context, cfg config.Config, log *slog.Logger) (*instance, error) {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	workers := river.NewWorkers()

	jobMetrics := jobs.NewMetrics(reg)
	jobsCfg := store.JobsConfig{
		Workers:    workers,
		Middleware: []rivertype.Middleware{jobMetrics},
		Logger:     log.With(slog.String("component", "jobs")),
	}
	st, err := openStore(ctx, cfg, jobsCfg)
	if err != nil {
		return nil, err
	}
	if err := st.Migrate(ctx); err != nil {
		_ = st.Close()
		return nil, fmt.Errorf("migrate: %w", err)
	}
	a := app.New(app.Config{
		Store: st, BaseURL: cfg.BaseURL, Logger: log, Version: buildVersion(),
		SignatureMaxAge: cfg.SignatureMaxAge,
		Client: client.New(client.Options{
			AllowPrivate: cfg.AllowPrivateAddresses, AllowHTTP: cfg.AllowHTTP,
			UserAgent: "Gather/" + buildVersion() + " (+" + cfg.BaseURL + ")",
		}),
	})
	jobs.RegisterQueueDepth(reg, a, log)
	jobs.Register(workers, a, jobMetrics)
	return &instance{store: st, app: a, metrics: reg, workers: workers}, nil
}

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
	st, err := sqlite.Open(ctx, filepath.Join(cfg.DataDir, "gather.db"), jobsCfg)
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

// asUsage turns a validation error from the app into a usage error, so
// the command exits 2 for input the person can fix.
func asUsage(err error) error {
	var v *app.ValidationError
	if errors.As(err, &v) {
		return &config.UsageError{Msg: v.Error()}
	}
	return err
}
