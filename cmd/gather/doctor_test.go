package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestAdminDoctor runs the doctor beside a serving instance: it passes
// (plain http is a warning where --allow-http says it is a LAN), one line
// a check; pointed at a data dir with no database it fails, naming it.
func TestAdminDoctor(t *testing.T) {
	t.Parallel()
	for name, db := range databases(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			env := db(t)
			addr := freePort(t)
			env["GATHER_LISTEN"] = addr
			env["GATHER_BASE_URL"] = "http://" + addr
			env["GATHER_LOG_LEVEL"] = "warn"
			env["GATHER_ALLOW_HTTP"] = "true"
			env["GATHER_ALLOW_PRIVATE_ADDRESSES"] = "true"
			ctx, stop := context.WithCancel(context.Background())
			done := make(chan result, 1)
			go func() { done <- gather(t, ctx, "", env, "serve") }()
			defer func() {
				stop()
				r := <-done
				require.Equal(t, exitOK, r.code, r.stderr)
			}()
			waitReady(t, "http://"+addr+"/readyz", done)

			r := gather(t, context.Background(), "", env, "admin", "doctor", "--clock-peer", "")
			require.Equal(t, exitOK, r.code, r.stdout+r.stderr)
			lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
			require.Len(t, lines, 10, r.stdout)
			require.True(t, strings.HasPrefix(lines[0], "warn  base URL"), lines[0])
			require.Contains(t, r.stdout, "ok    signature")
			require.NotContains(t, r.stdout, "FAIL")

			if name == "sqlite" {
				elsewhere := map[string]string{}
				for k, v := range env {
					elsewhere[k] = v
				}
				elsewhere["GATHER_DATA_DIR"] = t.TempDir()
				r = gather(t, context.Background(), "", elsewhere, "admin", "doctor", "--clock-peer", "")
				require.Equal(t, exitRuntime, r.code, r.stdout)
				require.Contains(t, r.stdout, "FAIL  schema      cannot open the database: no database at "+filepath.Join(elsewhere["GATHER_DATA_DIR"], "gather.db"))
				require.Contains(t, r.stdout, "ok    webfinger", "the checks that need no database still run")
			}
		})
	}
}
