// Package backup packs a SQLite instance's data dir into one file while
// Gather serves, and unpacks such a file into an empty data dir.
//
// A backup is a gzipped tar: first gather-backup.json (the Manifest), then
// gather.db (an online copy, see sqlite.Snapshot), then every other file
// of the data dir with its path in it: media/ and whatever else lives
// there. The database's -wal and -shm files are not kept: the copy is
// whole without them.
package backup

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gather-coop/gather/internal/store/sqlite"
	"github.com/gather-coop/gather/migrations"
)

// Format is the version of the file's layout, in every manifest.
const Format = 1

const (
	manifestName = "gather-backup.json"
	databaseName = sqlite.FileName
	tempPrefix   = ".gather-backup-"
)

// Manifest says what a backup holds, so restore can refuse what it cannot
// run before writing anything.
type Manifest struct {
	Format        int       `json:"format"`
	GatherVersion string    `json:"gather_version"`
	SchemaVersion int       `json:"schema_version"`
	CreatedAt     time.Time `json:"created_at"`
	// Files counts the files beside the database (media and the rest).
	Files int `json:"files"`
}

// Result is what Create wrote.
type Result struct {
	Manifest
	// DatabaseBytes is the size of the database copy, before compression;
	// Bytes the size of the backup file.
	DatabaseBytes, Bytes int64
}

// Create writes a backup of the instance in dataDir to file, replacing
// file only once the backup is whole. gatherVersion goes in the manifest.
func Create(ctx context.Context, dataDir, file, gatherVersion string) (Result, error) {
	dir := filepath.Dir(file)
	tmp, err := os.MkdirTemp(dir, tempPrefix)
	if err != nil {
		return Result{}, fmt.Errorf("backup: %w", err)
	}
	defer os.RemoveAll(tmp)

	copyPath := filepath.Join(tmp, databaseName)
	schema, err := sqlite.Snapshot(ctx, filepath.Join(dataDir, databaseName), copyPath)
	if err != nil {
		return Result{}, err
	}
	st, err := os.Stat(copyPath)
	if err != nil {
		return Result{}, fmt.Errorf("backup: %w", err)
	}
	files, err := dataFiles(dataDir, file)
	if err != nil {
		return Result{}, err
	}
	res := Result{Manifest: Manifest{Format: Format, GatherVersion: gatherVersion, SchemaVersion: schema,
		CreatedAt: time.Now().UTC().Truncate(time.Second), Files: len(files)}, DatabaseBytes: st.Size()}

	out, err := os.CreateTemp(dir, tempPrefix+"*.tmp")
	if err != nil {
		return Result{}, fmt.Errorf("backup: %w", err)
	}
	defer os.Remove(out.Name()) // a no-op once renamed
	if err := write(out, res.Manifest, copyPath, dataDir, files); err != nil {
		_ = out.Close()
		return Result{}, fmt.Errorf("write %s: %w", file, err)
	}
	if err := out.Sync(); err != nil {
		_ = out.Close()
		return Result{}, fmt.Errorf("write %s: %w", file, err)
	}
	if st, err = out.Stat(); err == nil {
		res.Bytes = st.Size()
	}
	if err := out.Close(); err != nil {
		return Result{}, fmt.Errorf("write %s: %w", file, err)
	}
	if err := os.Rename(out.Name(), file); err != nil {
		return Result{}, fmt.Errorf("write %s: %w", file, err)
	}
	return res, nil
}

// dataFiles lists the data dir's files to keep beside the database, as
// slash-separated paths relative to it, skipping the database's own files,
// our temporary files and the backup being written.
func dataFiles(dataDir, file string) ([]string, error) {
	self, _ := filepath.Abs(file)
	var out []string
	err := filepath.WalkDir(dataDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if path == dataDir {
			return nil
		}
		if strings.HasPrefix(name, tempPrefix) || strings.HasPrefix(name, ".write-test-") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil // directories are made as their files need them; links and sockets are not ours
		}
		rel, err := filepath.Rel(dataDir, path)
		if err != nil {
			return err
		}
		if rel == databaseName || strings.HasPrefix(rel, databaseName+"-") {
			return nil
		}
		if abs, _ := filepath.Abs(path); abs == self {
			return nil
		}
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list data dir %s: %w", dataDir, err)
	}
	return out, nil
}

func write(w io.Writer, m Manifest, dbCopy, dataDir string, files []string) error {
	zw := gzip.NewWriter(w)
	tw := tar.NewWriter(zw)
	body, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	body = append(body, '\n')
	if err := tw.WriteHeader(&tar.Header{Name: manifestName, Mode: 0o644, Size: int64(len(body)), ModTime: m.CreatedAt,
		Typeflag: tar.TypeReg, Format: tar.FormatPAX}); err != nil {
		return err
	}
	if _, err := tw.Write(body); err != nil {
		return err
	}
	if err := addFile(tw, dbCopy, databaseName); err != nil {
		return err
	}
	for _, rel := range files {
		if err := addFile(tw, filepath.Join(dataDir, filepath.FromSlash(rel)), rel); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				continue // removed since it was listed, as a replaced avatar is
			}
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return zw.Close()
}

func addFile(tw *tar.Writer, path, name string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: int64(st.Mode().Perm()), Size: st.Size(), ModTime: st.ModTime(),
		Typeflag: tar.TypeReg, Format: tar.FormatPAX}); err != nil {
		return err
	}
	// A file that grows while it is copied is cut at the size in its
	// header; tar would fail on the surplus.
	_, err = io.CopyN(tw, f, st.Size())
	return err
}

// Restore unpacks the backup in file into dataDir, which must be empty or
// not exist. It refuses, before writing anything, a file that is not a
// Gather backup and one whose schema is newer than latest (this binary's);
// on any failure it leaves dataDir as empty as it found it.
func Restore(ctx context.Context, file, dataDir string, latest int) (m Manifest, err error) {
	entries, err := os.ReadDir(dataDir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return m, fmt.Errorf("data dir %s: %w", dataDir, err)
	case len(entries) > 0:
		return m, fmt.Errorf("data dir %s is not empty: restore only into a new or empty folder, so nothing is overwritten", dataDir)
	}
	f, err := os.Open(file)
	if err != nil {
		return m, fmt.Errorf("open backup: %w", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return m, fmt.Errorf("%s is not a Gather backup: %w", file, err)
	}
	tr := tar.NewReader(zr)
	if m, err = readManifest(tr); err != nil {
		return m, fmt.Errorf("%s is not a Gather backup: %w", file, err)
	}
	if m.Format != Format {
		return m, fmt.Errorf("%s is a Gather backup of format %d; this gather reads format %d", file, m.Format, Format)
	}
	if m.SchemaVersion > latest {
		return m, fmt.Errorf("%s: %w", file, &migrations.TooNewError{Applied: m.SchemaVersion, Latest: latest})
	}

	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return m, fmt.Errorf("data dir %s cannot be created: %w", dataDir, err)
	}
	defer func() {
		if err != nil {
			emptyDir(dataDir)
		}
	}()
	if err := unpack(tr, dataDir); err != nil {
		return m, fmt.Errorf("restore %s: %w", file, err)
	}
	got, err := sqlite.SchemaVersionOf(ctx, filepath.Join(dataDir, databaseName))
	if err != nil {
		return m, fmt.Errorf("restore %s: %w", file, err)
	}
	if got != m.SchemaVersion {
		return m, fmt.Errorf("restore %s: the database is at schema version %d, the manifest says %d", file, got, m.SchemaVersion)
	}
	return m, nil
}

func readManifest(tr *tar.Reader) (Manifest, error) {
	var m Manifest
	h, err := tr.Next()
	if err != nil {
		return m, err
	}
	if h.Name != manifestName {
		return m, fmt.Errorf("it starts with %s, not %s", h.Name, manifestName)
	}
	if err := json.NewDecoder(io.LimitReader(tr, 1<<16)).Decode(&m); err != nil {
		return m, fmt.Errorf("manifest: %w", err)
	}
	return m, nil
}

func unpack(tr *tar.Reader, dataDir string) error {
	sawDB := false
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		// Only plain files under the data dir: a crafted name must not
		// write anywhere else.
		if h.Typeflag != tar.TypeReg || !filepath.IsLocal(h.Name) || h.Name == manifestName {
			return fmt.Errorf("unexpected entry %q", h.Name)
		}
		path := filepath.Join(dataDir, filepath.FromSlash(h.Name))
		if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			return err
		}
		out, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, tr); err != nil {
			_ = out.Close()
			return err
		}
		if err := out.Close(); err != nil {
			return err
		}
		sawDB = sawDB || h.Name == databaseName
	}
	if !sawDB {
		return fmt.Errorf("no %s in it", databaseName)
	}
	return nil
}

// emptyDir removes what a failed restore wrote.
func emptyDir(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		_ = os.RemoveAll(filepath.Join(dir, e.Name()))
	}
}
