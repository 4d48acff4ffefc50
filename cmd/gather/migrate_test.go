package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite"

	"github.com/gather-coop/gather/migrations"
)

// TestMigrateDryRunChangesNothing: --dry-run lists what migrate would
// apply, on a new database and on one a migration behind, and leaves
// both as they were.
func TestMigrateDryRunChangesNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ms, err := migrations.List("sqlite")
	require.NoError(t, err)
	last, previous := ms[len(ms)-1], ms[len(ms)-2]
	lastLine := fmt.Sprintf("  %04d_%s", last.Version, last.Name)
	for name, db := range databases(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			env := db(t)
			r := gather(t, ctx, "", env, "migrate", "--dry-run")
			require.Equal(t, exitOK, r.code, r.stderr)
			require.Contains(t, r.stdout, "  0001_init\n")
			require.Contains(t, r.stdout, lastLine+"\n")
			if name == "sqlite" {
				require.NoFileExists(t, filepath.Join(env["GATHER_DATA_DIR"], "gather.db"), "no database is made")
			} else {
				require.Contains(t, r.stdout, "river 001 ")
				again := gather(t, ctx, "", env, "migrate", "--dry-run")
				require.Equal(t, r.stdout, again.stdout, "nothing was applied")
			}

			r = gather(t, ctx, "", env, "migrate")
			require.Equal(t, exitOK, r.code, r.stderr)
			r = gather(t, ctx, "", env, "migrate", "--dry-run")
			require.Equal(t, exitOK, r.code, r.stderr)
			require.Contains(t, r.stdout, "nothing to apply")

			// One migration behind, as after installing a newer gather.
			execRaw(t, name, env, fmt.Sprintf(`DELETE FROM schema_migrations WHERE version = %d`, last.Version))
			for range 2 {
				r = gather(t, ctx, "", env, "migrate", "--dry-run")
				require.Equal(t, exitOK, r.code, r.stderr)
				require.Contains(t, r.stdout, fmt.Sprintf("at version %d", previous.Version))
				lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
				require.Equal(t, []string{lastLine}, lines[1:], r.stdout)
			}

			// Newer than this binary: refused as migrate refuses it.
			execRaw(t, name, env, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', CURRENT_TIMESTAMP)`)
			r = gather(t, ctx, "", env, "migrate", "--dry-run")
			require.Equal(t, exitRuntime, r.code)
			requireOneLine(t, r, fmt.Sprintf("knows only up to %d", last.Version))
		})
	}
}

func execRaw(t *testing.T, engine string, env map[string]string, query string) {
	t.Helper()
	ctx := context.Background()
	if engine == "postgres" {
		conn, err := pgx.Connect(ctx, env["GATHER_DATABASE_URL"])
		require.NoError(t, err)
		defer conn.Close(ctx)
		_, err = conn.Exec(ctx, query)
		require.NoError(t, err)
		return
	}
	path := filepath.Join(env["GATHER_DATA_DIR"], "gather.db")
	_, err := os.Stat(path)
	require.NoError(t, err)
	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	defer db.Close()
	_, err = db.ExecContext(ctx, query)
	require.NoError(t, err)
}
