package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/gather-coop/gather/internal/doctor"
	"github.com/gather-coop/gather/internal/server"
	"github.com/gather-coop/gather/internal/store/sqlite"
)

// doctorCmd runs the doctor's checks and prints one line each. It opens
// the database without migrating it: the doctor looks, and a newer binary
// than the one serving must not upgrade the schema under it.
func doctorCmd(ctx context.Context, args []string, e env) int {
	cfg, err := parseFlags("admin doctor", "check, from this server, what breaks federation: one line each, with the fix", args, e, nil)
	if err != nil {
		return fail(e, err)
	}
	var src doctor.Source
	dbErr := sqliteMissing(cfg.DatabaseURL, cfg.DataDir)
	if dbErr == nil {
		inst, err := server.Inspect(ctx, cfg, newLogger(cfg, io.Discard), buildVersion())
		if err != nil {
			dbErr = err
		} else {
			defer inst.Store.Close()
			src, _ = inst.Doctor()
		}
	}
	results := doctor.Run(ctx, src, dbErr, server.DoctorOptions(cfg))
	for _, r := range results {
		fmt.Fprintln(e.stdout, r.String())
	}
	if doctor.Failed(results) {
		return exitRuntime
	}
	return exitOK
}

// sqliteMissing refuses a data dir without a database before opening it
// would create an empty one there, which is never what a doctor wants.
func sqliteMissing(databaseURL, dataDir string) error {
	if databaseURL != "" {
		return nil
	}
	path := sqlite.PathIn(dataDir)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("no database at %s", path)
	} else if err != nil {
		return fmt.Errorf("database %s: %w", path, unwrapPathError(err))
	}
	return nil
}
