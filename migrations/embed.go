// Package migrations holds Gather's schema as numbered SQL files, one folder
// per database dialect, embedded in the binary.
//
// A file is named NNNN_what_it_does.sql. Each is applied once, in order,
// inside its own transaction, and recorded in the schema_migrations table.
// Files are never edited once released: a change is a new file.
package migrations

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

//go:embed sqlite/*.sql postgres/*.sql
var files embed.FS

// Migration is one schema step.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// List returns the migrations of dialect ("sqlite" or "postgres") in
// version order. It fails if two files share a version or a name does not
// start with a number.
func List(dialect string) ([]Migration, error) {
	entries, err := fs.ReadDir(files, dialect)
	if err != nil {
		return nil, fmt.Errorf("list %s migrations: %w", dialect, err)
	}
	var out []Migration
	seen := map[int]string{}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		num, name, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		version, err := strconv.Atoi(num)
		if !ok || err != nil || version <= 0 {
			return nil, fmt.Errorf("migration %s/%s: name must be NNNN_name.sql", dialect, e.Name())
		}
		if other, dup := seen[version]; dup {
			return nil, fmt.Errorf("migrations %s and %s share version %d", other, e.Name(), version)
		}
		seen[version] = e.Name()
		body, err := fs.ReadFile(files, path.Join(dialect, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", e.Name(), err)
		}
		out = append(out, Migration{Version: version, Name: name, SQL: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}

// Latest returns the highest version in ms, or 0.
func Latest(ms []Migration) int {
	if len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].Version
}

// Pending returns the migrations in ms newer than applied. A database whose
// applied version is beyond every migration in ms was written by a newer
// Gather: Pending refuses it with ErrTooNew rather than run on a schema it
// does not know.
func Pending(ms []Migration, applied int) ([]Migration, error) {
	if latest := Latest(ms); applied > latest {
		return nil, &TooNewError{Applied: applied, Latest: latest}
	}
	var out []Migration
	for _, m := range ms {
		if m.Version > applied {
			out = append(out, m)
		}
	}
	return out, nil
}

// TooNewError says the database's schema is newer than this binary.
type TooNewError struct{ Applied, Latest int }

func (e *TooNewError) Error() string {
	return fmt.Sprintf("the database schema is at version %d but this gather knows only up to %d: run the newer gather that migrated it, or restore a backup", e.Applied, e.Latest)
}
