package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
)

// Snapshot writes a consistent copy of the database at path to dest, which
// must not exist, while other processes keep reading and writing it.
// VACUUM INTO reads inside one transaction, so the copy is the database as
// of one moment; in WAL mode that read holds no writer up. The copy is a
// plain database file (no -wal beside it) and compacted. It returns the
// copy's schema version.
func Snapshot(ctx context.Context, path, dest string) (int, error) {
	if _, err := os.Stat(path); err != nil {
		return 0, fmt.Errorf("no SQLite database at %s: %w", path, err)
	}
	db, err := openPool(path, false)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, dest); err != nil {
		return 0, fmt.Errorf("copy %s: %w", path, interpretError(err))
	}
	return SchemaVersionOf(ctx, dest)
}

// SchemaVersionOf reads the schema version of the database file at path,
// changing nothing: it is how a backup's and a restore's database are
// checked before anything runs on them.
func SchemaVersionOf(ctx context.Context, path string) (int, error) {
	if _, err := os.Stat(path); err != nil {
		return 0, fmt.Errorf("no SQLite database at %s: %w", path, err)
	}
	// Opened read-only and without the pragmas of openPool: journal_mode
	// would turn the file into a WAL database, a write.
	registerDriver()
	db, err := sql.Open(driverName, "file:"+(&url.URL{Path: path}).EscapedPath()+"?mode=ro")
	if err != nil {
		return 0, fmt.Errorf("open %s: %w", path, err)
	}
	defer db.Close()
	var ok string
	if err := db.QueryRowContext(ctx, `PRAGMA quick_check`).Scan(&ok); err != nil {
		return 0, fmt.Errorf("check %s: %w", path, interpretError(err))
	}
	if ok != "ok" {
		return 0, fmt.Errorf("%s is damaged: %s", path, ok)
	}
	return appliedVersion(ctx, db)
}

// OpenReader opens the database at path for reading only, as the read
// pool does; gather admin copy-to reads a whole instance through it.
func OpenReader(path string) (*sql.DB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("no SQLite database at %s: %w", path, err)
	}
	return openPool(path, true)
}
