package app

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

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// mediaNameRE is every name a stored picture can have: 128 random bits in
// hex and the extension of its type. Nothing else is ever served, so no
// path, dot file or temporary file can be asked for.
var mediaNameRE = regexp.MustCompile(`^[0-9a-f]{32}\.(?:png|jpg)$`)

// mediaTypes are the types of the extensions mediaNameRE allows.
var mediaTypes = map[string]string{".png": "image/png", ".jpg": "image/jpeg"}

// OpenMedia opens the stored picture called name for serving, and returns
// its media type. A name that is not one of ours, or a picture since
// replaced, is store.ErrNotFound. The caller closes the file.
func (a *App) OpenMedia(name string) (*os.File, string, error) {
	if a.mediaDir == "" || !mediaNameRE.MatchString(name) {
		return nil, "", fmt.Errorf("media %q: %w", name, store.ErrNotFound)
	}
	// OpenInRoot also refuses a symlink out of the folder, should one
	// ever be put there.
	f, err := os.OpenInRoot(a.mediaDir, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, "", fmt.Errorf("media %q: %w", name, store.ErrNotFound)
	}
	if err != nil {
		return nil, "", fmt.Errorf("open media %q: %w", name, err)
	}
	return f, mediaTypes[filepath.Ext(name)], nil
}

// storePicture writes a rendered picture to the media folder under a new
// random name, atomically: a temporary file, synced, then renamed, so a
// reader never sees half a picture and a crash leaves none.
func (a *App) storePicture(r rendered) (model.Picture, error) {
	if a.mediaDir == "" {
		return model.Picture{}, errors.New("store picture: no media folder configured")
	}
	if err := os.MkdirAll(a.mediaDir, 0o750); err != nil {
		return model.Picture{}, fmt.Errorf("store picture: %w", err)
	}
	random := make([]byte, 16)
	if _, err := rand.Read(random); err != nil {
		return model.Picture{}, fmt.Errorf("store picture: %w", err)
	}
	name := hex.EncodeToString(random) + r.ext
	tmp, err := os.CreateTemp(a.mediaDir, ".upload-*")
	if err != nil {
		return model.Picture{}, fmt.Errorf("store picture: %w", err)
	}
	err = writeAndSync(tmp, r.data)
	if err == nil {
		// Pictures are public: let a web server in front read them too.
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), filepath.Join(a.mediaDir, name))
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

// removePictures deletes stored pictures no longer used. A failure is
// logged, not returned: what it was part of has happened, and a stray
// file costs only disk space.
func (a *App) removePictures(ctx context.Context, pics ...model.Picture) {
	for _, p := range pics {
		if p.IsZero() || !mediaNameRE.MatchString(p.File) || a.mediaDir == "" {
			continue
		}
		err := os.Remove(filepath.Join(a.mediaDir, p.File))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			a.log.WarnContext(ctx, "remove replaced picture", slog.String("file", p.File), slog.Any("error", err))
		}
	}
}

// pictureURL is the public address of p, or "" for no picture.
func (a *App) pictureURL(p model.Picture) string {
	if p.IsZero() {
		return ""
	}
	return a.urls.Media(p.File)
}
