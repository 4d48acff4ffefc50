package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"
)

// PostgresEnv names the variable that points the tests at a PostgreSQL
// server, e.g. postgres://postgres@127.0.0.1:5432/test.
const PostgresEnv = "GATHER_TEST_DATABASE_URL"

// PostgresURL returns the URL of a fresh, empty schema in the test server,
// dropped when t ends. Without PostgresEnv set, it skips t (a test or a
// benchmark): reported as skipped, never as passed.
func PostgresURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv(PostgresEnv)
	if base == "" {
		t.Skipf("PostgreSQL tests skipped: %s is not set", PostgresEnv)
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	require.NoError(t, err, "connect to %s", PostgresEnv)
	t.Cleanup(func() { _ = conn.Close(context.Background()) })

	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "gather_test_" + hex.EncodeToString(b)
	_, err = conn.Exec(ctx, "CREATE SCHEMA "+schema)
	require.NoError(t, err)
	t.Cleanup(func() { _, _ = conn.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE") })

	u, err := url.Parse(base)
	require.NoError(t, err)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// SQLitePath returns the path of a new SQLite file in t's temporary folder.
func SQLitePath(t *testing.T) string {
	return filepath.Join(t.TempDir(), "gather.db")
}
