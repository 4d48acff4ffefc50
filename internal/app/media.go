package app

import (
	"os"

	"github.com/gather-coop/gather/internal/app/picture"
	"github.com/gather-coop/gather/internal/model"
)

// MaxUploadBytes bounds one uploaded picture's file.
const MaxUploadBytes = picture.MaxUploadBytes

// OpenMedia opens the stored picture called name for serving, and returns
// its media type. A name that is not one of ours, or a picture since
// replaced, is ErrNotFound. The caller closes the file.
func (a *App) OpenMedia(name string) (*os.File, string, error) { return a.media.Open(name) }

// pictureURL is the public address of p, or "" for no picture.
func (a *App) pictureURL(p model.Picture) string {
	if p.IsZero() {
		return ""
	}
	return a.urls.Media(p.File)
}
