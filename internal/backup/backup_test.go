package backup_test

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/backup"
)

// craft writes a backup file whose entries are given, manifest first.
func craft(t *testing.T, m backup.Manifest, entries map[string]string) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "crafted.tar.gz")
	f, err := os.Create(file)
	require.NoError(t, err)
	defer f.Close()
	zw := gzip.NewWriter(f)
	tw := tar.NewWriter(zw)
	body, err := json.Marshal(m)
	require.NoError(t, err)
	require.NoError(t, tw.WriteHeader(&tar.Header{Name: "gather-backup.json", Mode: 0o644, Size: int64(len(body))}))
	_, err = tw.Write(body)
	require.NoError(t, err)
	for name, content := range entries {
		require.NoError(t, tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(content))}))
		_, err = tw.Write([]byte(content))
		require.NoError(t, err)
	}
	require.NoError(t, tw.Close())
	require.NoError(t, zw.Close())
	return file
}

func TestRestoreRefusesBeforeWriting(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for name, c := range map[string]struct {
		file string
		want string
	}{
		"a newer schema": {craft(t, backup.Manifest{Format: backup.Format, SchemaVersion: 9999}, map[string]string{"gather.db": "x"}),
			"knows only up to 18"},
		"a newer format": {craft(t, backup.Manifest{Format: backup.Format + 1, SchemaVersion: 1}, nil), "format"},
		"a name outside the data dir": {craft(t, backup.Manifest{Format: backup.Format, SchemaVersion: 1},
			map[string]string{"../escaped": "x"}), "unexpected entry"},
		"no database": {craft(t, backup.Manifest{Format: backup.Format, SchemaVersion: 1}, map[string]string{"media/a.png": "x"}),
			"no gather.db"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			parent := t.TempDir()
			dir := filepath.Join(parent, "data")
			_, err := backup.Restore(ctx, c.file, dir, 18)
			require.ErrorContains(t, err, c.want)
			entries, _ := os.ReadDir(dir)
			require.Empty(t, entries, "nothing left in the data dir")
			require.NoFileExists(t, filepath.Join(parent, "escaped"))
		})
	}
}
