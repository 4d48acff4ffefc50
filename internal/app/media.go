package app

import (
	"os"

	"github.com/gather-coop/gather/internal/app/picture"
)

// MaxUploadBytes bounds one uploaded picture's file.
const MaxUploadBytes = picture.MaxUploadBytes

// OpenMedia opens the stored picture called name for serving, and returns
// its media type. A name that is not one of ours, or a picture since
// replaced, is ErrNotFound. The caller closes the file.
func (a *App) OpenMedia(name string) (*os.File, string, error) { return a.media.Open(name) }
