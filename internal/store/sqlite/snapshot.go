package sqlite

import (
	"context"
	"database/sql"
	"errors"
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
		return 0, noDatabase(path, err)
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
		return 0, noDatabase(path, err)
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
		return nil, noDatabase(path, err)
	}
	return openPool(path, true)
}

// Serving reports whether a gather process is working jobs on the
// database at path: River's leader renews a lease of 15 s while it runs,
// and resigns it when it stops. After a crash the lease runs out by
// itself.
func Serving(ctx context.Context, path string) (bool, error) {
	db, err := OpenReader(path)
	if err != nil {
		return false, err
	}
	defer db.Close()
	var tables int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'river_leader'`).Scan(&tables); err != nil {
		return false, fmt.Errorf("read %s: %w", path, interpretError(err))
	}
	if tables == 0 {
		return false, nil
	}
	// River writes the times as UTC text, 2026-12-07 01:00:56.089, which
	// sorts as the time does.
	var leaders int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM river_leader
		WHERE expires_at > strftime('%Y-%m-%d %H:%M:%f', 'now')`).Scan(&leaders); err != nil {
		return false, fmt.Errorf("read %s: %w", path, interpretError(err))
	}
	return leaders > 0, nil
}

func noDatabase(path string, err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Errorf("no SQLite database at %s: %w", path, err)
}
