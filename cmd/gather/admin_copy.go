package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/gather-coop/gather/internal/config"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/postgres"
	"github.com/gather-coop/gather/internal/store/sqlite"
)

func copyTo(ctx context.Context, args []string, e env) int {
	if len(args) == 0 || !strings.HasPrefix(args[0], "postgres") {
		return fail(e, &config.UsageError{Msg: "copy-to needs a PostgreSQL URL, e.g. gather admin copy-to postgres://gather@localhost/gather"})
	}
	target, args := args[0], args[1:]
	cfg, err := parseFlags("admin copy-to", "copy the SQLite instance in --data-dir into an empty PostgreSQL database", args, e, nil)
	if err != nil {
		return fail(e, err)
	}
	if cfg.DatabaseURL != "" {
		return fail(e, &config.UsageError{Msg: "copy-to copies the SQLite instance of --data-dir: unset --database-url (GATHER_DATABASE_URL) and give the PostgreSQL URL as its argument"})
	}
	path := sqlite.PathIn(cfg.DataDir)
	if _, err := os.Stat(path); err != nil {
		return fail(e, fmt.Errorf("no SQLite instance in %s: %w", cfg.DataDir, unwrapPath(err)))
	}
	serving, err := sqlite.Serving(ctx, path)
	if err != nil {
		return fail(e, err)
	}
	if serving {
		return fail(e, fmt.Errorf("gather is serving on %s: stop it first, so that nothing it writes after the copy is lost (after a crash, wait 15 s)", cfg.DataDir))
	}
	// Both databases at this binary's schema, so every table and column
	// has its twin.
	src, err := sqlite.Open(ctx, path, store.JobsConfig{})
	if err == nil {
		err = src.Migrate(ctx)
		_ = src.Close()
	}
	if err != nil {
		return fail(e, fmt.Errorf("SQLite database %s: %w", path, err))
	}
	dst, err := postgres.Open(ctx, target, store.JobsConfig{})
	if err != nil {
		return fail(e, err)
	}
	defer dst.Close()
	if err := dst.Migrate(ctx); err != nil {
		return fail(e, fmt.Errorf("migrate PostgreSQL: %w", err))
	}
	reader, err := sqlite.OpenReader(path)
	if err != nil {
		return fail(e, err)
	}
	defer reader.Close()
	rep, err := dst.CopyFromSQLite(ctx, reader)
	if err != nil {
		return fail(e, err)
	}
	fmt.Fprintf(e.stdout, "copied %d rows of %d tables and %d jobs still to run into %s (%d finished jobs' history left behind);\n"+
		"start gather with --database-url and the same --data-dir: the media stay there\n",
		rep.Rows, rep.Tables, rep.Jobs, redactURL(target), rep.FinishedJobs)
	return exitOK
}

// redactURL drops the password, for printing.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "the PostgreSQL database"
	}
	return u.Redacted()
}
