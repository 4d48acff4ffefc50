package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/gather-coop/gather/internal/backup"
	"github.com/gather-coop/gather/internal/config"
	"github.com/gather-coop/gather/migrations"
)

// pgDumpAdvice is what backup and restore say on PostgreSQL, where the
// database's own tools do it better than we could.
const pgDumpAdvice = "on PostgreSQL, back up with pg_dump (see Backups in the README) and keep the data dir's media folder too"

// fileArg takes the FILE that comes first (gather admin backup FILE
// --data-dir …); flags may follow it.
func fileArg(cmd string, args []string) (string, []string, error) {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return "", args, &config.UsageError{Msg: cmd + " needs a file, e.g. gather admin " + cmd + " gather-backup.tar.gz"}
	}
	return args[0], args[1:], nil
}

func backupCmd(ctx context.Context, args []string, e env) int {
	file, args, err := fileArg("backup", args)
	if err != nil {
		return fail(e, err)
	}
	cfg, err := parseFlags("admin backup", "write a consistent copy of the instance (database and data dir) to FILE, while it serves", args, e, nil)
	if err != nil {
		return fail(e, err)
	}
	if cfg.DatabaseURL != "" {
		return fail(e, &config.UsageError{Msg: "backup copies SQLite instances; " + pgDumpAdvice})
	}
	start := time.Now()
	res, err := backup.Create(ctx, cfg.DataDir, file, buildVersion())
	if err != nil {
		return fail(e, err)
	}
	fmt.Fprintf(e.stdout, "backed up %s to %s: schema version %d, database %s, %d other files, %s written in %s\n",
		cfg.DataDir, file, res.SchemaVersion, size(res.DatabaseBytes), res.Files, size(res.Bytes),
		time.Since(start).Round(time.Millisecond))
	return exitOK
}

func restoreCmd(ctx context.Context, args []string, e env) int {
	file, args, err := fileArg("restore", args)
	if err != nil {
		return fail(e, err)
	}
	cfg, err := parseFlags("admin restore", "unpack a backup made by gather admin backup into an empty data dir", args, e, nil)
	if err != nil {
		return fail(e, err)
	}
	if cfg.DatabaseURL != "" {
		return fail(e, &config.UsageError{Msg: "restore writes a SQLite data dir (restore without --database-url, then gather admin copy-to); " + pgDumpAdvice})
	}
	ms, err := migrations.List("sqlite")
	if err != nil {
		return fail(e, err)
	}
	m, err := backup.Restore(ctx, file, cfg.DataDir, migrations.Latest(ms))
	if err != nil {
		return fail(e, err)
	}
	abs, _ := filepath.Abs(cfg.DataDir)
	fmt.Fprintf(e.stdout, "restored %s into %s: made by gather %s at %s, schema version %d, %d other files; start gather with --data-dir %s\n",
		file, cfg.DataDir, m.GatherVersion, m.CreatedAt.Format(time.RFC3339), m.SchemaVersion, m.Files, abs)
	return exitOK
}

func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
