package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/gather-coop/gather/internal/config"
	"github.com/gather-coop/gather/internal/server"
)

// shutdownGrace is how long in-flight requests and jobs get to finish after
// SIGINT or SIGTERM. Jobs still running then are cancelled and retried on
// the next start.
const shutdownGrace = 30 * time.Second

func serve(ctx context.Context, args []string, e env) int {
	cfg, err := parseFlags("serve", "run the server; migrations are applied at start", args, e, nil)
	if err != nil {
		return fail(e, err)
	}
	log := newLogger(cfg, e.stderr)

	// Listen before anything else: a port taken fails the start at once.
	var ln net.Listener
	var https *httpsServers
	if cfg.Domain != "" {
		if https, err = listenHTTPS(cfg); err != nil {
			return fail(e, err)
		}
		defer https.close()
	} else {
		if ln, err = net.Listen("tcp", cfg.Listen); err != nil {
			return fail(e, fmt.Errorf("cannot listen on %s: %w", cfg.Listen, unwrapOpError(err)))
		}
		defer ln.Close()
	}

	inst, err := open(ctx, cfg, log)
	if err != nil {
		return fail(e, err)
	}
	defer inst.Store.Close()

	first, err := inst.App.Setup(ctx, cfg.CoopHandle, cfg.CoopName)
	if err != nil {
		return fail(e, err)
	}
	if first {
		printWelcome(e, cfg)
	}

	// Jobs get their own context: the signal must not cancel running jobs
	// at once but give them the grace period below.
	if err := inst.StartJobs(context.WithoutCancel(ctx)); err != nil {
		return fail(e, fmt.Errorf("start jobs: %w", err))
	}
	srv := &http.Server{
		Handler:           inst.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	var served <-chan error
	var listening string
	stopHTTP := srv.Shutdown
	if https != nil {
		if served, err = https.start(cfg, srv.Handler, srv, log); err != nil {
			return fail(e, err)
		}
		listening = https.tlsLn.Addr().String() + " (HTTPS), " + https.plainLn.Addr().String() + " (HTTP: ACME and redirect)"
		stopHTTP = https.shutdown
	} else {
		ch := make(chan error, 1)
		go func() { ch <- srv.Serve(ln) }()
		served, listening = ch, ln.Addr().String()
	}
	log.Info("gather is serving", slog.String("listen", listening), slog.String("base_url", cfg.BaseURL),
		slog.String("database", databaseKind(cfg)), slog.String("version", buildVersion()))

	select {
	case <-ctx.Done():
		log.Info("shutting down: finishing requests and jobs", slog.Duration("grace", shutdownGrace))
	case err := <-served:
		return fail(e, fmt.Errorf("serve: %w", err))
	}
	return shutdown(stopHTTP, inst, log)
}

// hardStopMargin is the part of the grace period kept for cancelling jobs
// that did not finish, so the process is gone within shutdownGrace.
const hardStopMargin = 5 * time.Second

// shutdown stops accepting, then gives in-flight requests and jobs up to
// shutdownGrace, together, to finish.
func shutdown(stopHTTP func(context.Context) error, inst *server.Instance, log *slog.Logger) int {
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace-hardStopMargin)
	defer cancel()
	httpDone := make(chan error, 1)
	go func() { httpDone <- stopHTTP(ctx) }()
	jobsErr := inst.Store.JobsStop(ctx)
	httpErr := <-httpDone
	if httpErr != nil {
		log.Warn("requests still open at the deadline were cut", slog.Any("error", httpErr))
	}
	if jobsErr != nil {
		log.Warn("jobs stopped with an error; they are retried at the next start", slog.Any("error", jobsErr))
	}
	log.Info("stopped")
	return exitOK
}

func printWelcome(e env, cfg config.Config) {
	host := cfg.BaseURL
	if u, err := url.Parse(cfg.BaseURL); err == nil {
		host = u.Host
	}
	fmt.Fprintf(e.stdout, `
Welcome to Gather. This is the first start: the database is ready and the
co-op account @%s@%s has been created.

Create the first admin user (the password is read from standard input),
with the same --data-dir or --database-url as this server:

    gather admin create-user --username YOU --password-stdin

then an API token for scripts:

    gather admin create-token --username YOU

`, cfg.CoopHandle, host)
}

func databaseKind(cfg config.Config) string {
	if cfg.DatabaseURL != "" {
		return "postgres"
	}
	return "sqlite"
}

func unwrapOpError(err error) error {
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Err != nil {
		return oe.Err
	}
	return err
}
