package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/gather-coop/gather/internal/config"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/postgres"
	"github.com/gather-coop/gather/internal/store/sqlite"
	"github.com/gather-coop/gather/migrations"
)

func migrate(ctx context.Context, args []string, e env) int {
	var dryRun bool
	cfg, err := parseFlags("migrate", "apply database migrations and exit", args, e, func(fs *flag.FlagSet) {
		fs.BoolVar(&dryRun, "dry-run", false, "list the migrations that would run, changing nothing")
	})
	if err != nil {
		return fail(e, err)
	}
	if dryRun {
		return migrateDryRun(ctx, cfg, e)
	}
	inst, err := open(ctx, cfg, newLogger(cfg, io.Discard))
	if err != nil {
		return fail(e, err)
	}
	defer inst.Store.Close()
	status, err := inst.Store.SchemaStatus(ctx)
	if err != nil {
		return fail(e, err)
	}
	fmt.Fprintf(e.stdout, "database schema is at version %d (%s)\n", status.Applied, databaseKind(cfg))
	return exitOK
}

// pendingLister is what both backends offer migrate --dry-run.
type pendingLister interface {
	store.Store
	PendingMigrations(ctx context.Context) ([]string, error)
}

func migrateDryRun(ctx context.Context, cfg config.Config, e env) int {
	var st pendingLister
	var err error
	if cfg.DatabaseURL != "" {
		st, err = postgres.Open(ctx, cfg.DatabaseURL, store.JobsConfig{})
	} else {
		path := sqlite.PathIn(cfg.DataDir)
		if _, serr := os.Stat(path); errors.Is(serr, fs.ErrNotExist) {
			// Opening would create the file: say what the first run does.
			ms, err := migrations.List("sqlite")
			if err != nil {
				return fail(e, err)
			}
			fmt.Fprintf(e.stdout, "no database at %s yet: gather migrate would create it and apply every migration:\n", path)
			for _, line := range store.DescribePending(ms, nil) {
				fmt.Fprintln(e.stdout, "  "+line)
			}
			fmt.Fprintln(e.stdout, "  and River's job schema")
			return exitOK
		}
		st, err = sqlite.Open(ctx, path, store.JobsConfig{})
	}
	if err != nil {
		return fail(e, fmt.Errorf("database: %w", err))
	}
	defer st.Close()
	status, err := st.SchemaStatus(ctx)
	if err != nil {
		return fail(e, err)
	}
	pending, err := st.PendingMigrations(ctx)
	if err != nil {
		return fail(e, err)
	}
	if len(pending) == 0 {
		fmt.Fprintf(e.stdout, "database schema is at version %d (%s): nothing to apply\n", status.Applied, databaseKind(cfg))
		return exitOK
	}
	fmt.Fprintf(e.stdout, "database schema is at version %d (%s); gather migrate would apply:\n", status.Applied, databaseKind(cfg))
	for _, line := range pending {
		fmt.Fprintln(e.stdout, "  "+line)
	}
	return exitOK
}
