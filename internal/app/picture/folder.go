package picture

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"

	"github.com/gather-coop/gather/internal/app/apperr"
	"github.com/gather-coop/gather/internal/model"
)

// nameRE is every name a stored picture can have: 128 random bits in
// hex and the extension of its type. Nothing else is ever served, so no
// path, dot file or temporary file can be asked for.
var nameRE = regexp.MustCompile(`^[0-9a-f]{32}\.(?:png|jpg)$`)

// mediaTypes are the types of the extensions nameRE allows.
var mediaTypes = map[string]string{".png": "image/png", ".jpg": "image/jpeg"}

// Folder is the media folder pictures are kept in, created when the first
// arrives. A Folder with no Dir refuses to store and finds nothing.
type Folder struct {
	Dir string
	// Log hears of pictures that could not be removed.
	Log *slog.Logger
}

// Open opens the stored picture called name for serving, and returns its
// media type. A name that is not one of ours, or a picture since
// replaced, is apperr.ErrNotFound. The caller closes the file.
func (f Folder) Open(name string) (*os.File, string, error) {
	if f.Dir == "" || !nameRE.MatchString(name) {
		return nil, "", fmt.Errorf("media %q: %w", name, apperr.ErrNotFound)
	}
	// OpenInRoot also refuses a symlink out of the folder, should one
	// ever be put there.
	file, err := os.OpenInRoot(f.Dir, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, "", fmt.Errorf("media %q: %w", name, apperr.ErrNotFound)
	}
	if err != nil {
		return nil, "", fmt.Errorf("open media %q: %w", name, err)
	}
	return file, mediaTypes[filepath.Ext(name)], nil
}

// Store writes a rendered picture to the folder under a new random name,
// atomically: a temporary file, synced, then renamed, so a reader never
// sees half a picture and a crash leaves none.
func (f Folder) Store(r Rendered) (model.Picture, error) {
	if f.Dir == "" {
		return model.Picture{}, errors.New("store picture: no media folder configured")
	}
	if err := os.MkdirAll(f.Dir, 0o750); err != nil {
		return model.Picture{}, fmt.Errorf("store picture: %w", err)
	}
	random := make([]byte, 16)
	if _, err := rand.Read(random); err != nil {
		return model.Picture{}, fmt.Errorf("store picture: %w", err)
	}
	name := hex.EncodeToString(random) + r.ext
	tmp, err := os.CreateTemp(f.Dir, ".upload-*")
	if err != nil {
		return model.Picture{}, fmt.Errorf("store picture: %w", err)
	}
	err = writeAndSync(tmp, r.data)
	if err == nil {
		// Pictures are public: let a web server in front read them too.
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), filepath.Join(f.Dir, name))
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
		return model.Picture{}, fmt.Errorf("store picture: %w", err)
	}
	return model.Picture{File: name, MediaType: r.mediaType, Width: r.width, Height: r.height}, nil
}

func writeAndSync(f *os.File, data []byte) error {
	_, err := f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// Remove deletes stored pictures no longer used. A failure is logged,
// not returned: what it was part of has happened, and a stray file costs
// only disk space.
func (f Folder) Remove(ctx context.Context, pics ...model.Picture) {
	for _, p := range pics {
		if p.IsZero() || !nameRE.MatchString(p.File) || f.Dir == "" {
			continue
		}
		err := os.Remove(filepath.Join(f.Dir, p.File))
		if err != nil && !errors.Is(err, fs.ErrNotExist) && f.Log != nil {
			f.Log.WarnContext(ctx, "remove replaced picture", slog.String("file", p.File), slog.Any("error", err))
		}
	}
}
