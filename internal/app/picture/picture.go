// Package picture turns an uploaded picture into the one Gather keeps and
// serves: it checks the file (size, real type, dimensions) before decoding
// it, turns it upright as its EXIF says, crops and scales it to the shape
// of its kind (an avatar, a header), and re-encodes it so that nothing but
// its pixels survives; and it keeps the results in the media folder.
//
// What belongs here: what is done to a picture's bytes and files. It
// knows no store, no HTTP and no actor: package app decides whose picture
// it is and what the change means.
package picture

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"math"

	"github.com/gather-coop/gather/internal/app/apperr"
)

// Limits on uploaded pictures.
const (
	// MaxUploadBytes bounds one uploaded picture's file.
	MaxUploadBytes = 8 << 20
	// MaxUploadSide bounds each side of an uploaded picture, in pixels:
	// checked from the file's header before anything is decoded, so a
	// small file claiming to be huge never gets the memory it asks for.
	MaxUploadSide = 4096
)

// Spec is what a kind of picture becomes: cropped to the shape of
// Width×Height around its centre, and scaled down to fit (never up).
type Spec struct {
	Field         string
	Width, Height int
}

// As Mastodon crops and sizes them, so that they look the same there.
var (
	Avatar = Spec{Field: "avatar", Width: 400, Height: 400}
	Header = Spec{Field: "header", Width: 1500, Height: 500}
)

// Upload is a picture as sent, read and checked but not yet decoded.
type Upload struct {
	spec   Spec
	data   []byte
	format string // png, jpeg or gif
	config image.Config
}

// Read reads an uploaded picture and checks what can be checked
// without decoding it: its size, its real type (whatever its name says)
// and its dimensions.
func Read(spec Spec, r io.Reader) (*Upload, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxUploadBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read %s upload: %w", spec.Field, err)
	}
	if len(data) > MaxUploadBytes {
		return nil, apperr.Invalid(spec.Field, "is over %d MB: choose a smaller picture", MaxUploadBytes>>20)
	}
	if len(data) == 0 {
		return nil, apperr.Invalid(spec.Field, "is an empty file: choose a PNG, JPEG or GIF picture")
	}
	u := &Upload{spec: spec, data: data, format: sniffPicture(data)}
	var decodeConfig func(io.Reader) (image.Config, error)
	switch u.format {
	case "png":
		decodeConfig = png.DecodeConfig
	case "jpeg":
		decodeConfig = jpeg.DecodeConfig
	case "gif":
		decodeConfig = gif.DecodeConfig
	case "webp", "heif":
		return nil, apperr.Invalid(spec.Field, "is a %s picture, which Gather cannot read yet: save it as PNG or JPEG, and choose that",
			map[string]string{"webp": "WebP", "heif": "HEIC or AVIF"}[u.format])
	default:
		return nil, apperr.Invalid(spec.Field, "is not a PNG, JPEG or GIF picture")
	}
	if u.config, err = decodeConfig(bytes.NewReader(data)); err != nil {
		return nil, apperr.Invalid(spec.Field, "is damaged or incomplete: it could not be read as a picture")
	}
	if w, h := u.config.Width, u.config.Height; w <= 0 || h <= 0 || w > MaxUploadSide || h > MaxUploadSide {
		return nil, apperr.Invalid(spec.Field, "is %d × %d pixels, too large: at most %d × %d", w, h, MaxUploadSide, MaxUploadSide)
	}
	return u, nil
}

// sniffPicture names the format of data from its first bytes.
func sniffPicture(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return "png"
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return "jpeg"
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return "gif"
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return "webp"
	case len(data) >= 12 && string(data[4:8]) == "ftyp":
		switch string(data[8:12]) {
		case "heic", "heix", "mif1", "msf1", "avif", "avis":
			return "heif" // what phones save photos as
		}
	}
	return ""
}

// Rendered is a picture as it is stored: re-encoded, so that nothing of
// the original file but its pixels survives (no EXIF, no GPS position,
// no comments, no trailing data).
type Rendered struct {
	data          []byte
	mediaType     string
	ext           string
	width, height int
}

// Render decodes the upload (a GIF's first frame), turns it upright as
// its EXIF orientation says, crops and scales it to its spec, and encodes
// it afresh: PNG if any pixel is see-through, JPEG otherwise.
func (u *Upload) Render() (Rendered, error) {
	var img image.Image
	var err error
	switch u.format {
	case "png":
		img, err = png.Decode(bytes.NewReader(u.data))
	case "jpeg":
		img, err = jpeg.Decode(bytes.NewReader(u.data))
	case "gif":
		img, err = gif.Decode(bytes.NewReader(u.data))
	default:
		err = errors.New("unknown format")
	}
	if err != nil {
		return Rendered{}, apperr.Invalid(u.spec.Field, "is damaged or incomplete: it could not be read as a picture")
	}
	orientation := 1
	if u.format == "jpeg" {
		orientation = jpegOrientation(u.data)
	}
	// Scale first and turn the small result: the crop is centred, so it
	// is the same whichever way up the picture is, once its shape is
	// turned too.
	tw, th := u.spec.Width, u.spec.Height
	if orientation >= 5 {
		tw, th = th, tw
	}
	crop, w, h := fitCrop(img.Bounds(), tw, th)
	out := orient(scale(img, crop, w, h), orientation)
	var buf bytes.Buffer
	r := Rendered{width: out.Rect.Dx(), height: out.Rect.Dy()}
	if opaque(out) {
		r.mediaType, r.ext = "image/jpeg", ".jpg"
		err = jpeg.Encode(&buf, out, &jpeg.Options{Quality: 85})
	} else {
		r.mediaType, r.ext = "image/png", ".png"
		err = png.Encode(&buf, out)
	}
	if err != nil {
		return Rendered{}, fmt.Errorf("encode %s: %w", u.spec.Field, err)
	}
	r.data = buf.Bytes()
	return r, nil
}

// fitCrop returns the largest part of b with the shape of tw×th, around
// its centre, and the size to scale it to: tw×th, or the part's own size
// if that is smaller.
func fitCrop(b image.Rectangle, tw, th int) (crop image.Rectangle, w, h int) {
	sw, sh := b.Dx(), b.Dy()
	cw, ch := sw, sh
	if sw*th > sh*tw { // wider than wanted
		cw = max(1, int(math.Round(float64(sh)*float64(tw)/float64(th))))
	} else {
		ch = max(1, int(math.Round(float64(sw)*float64(th)/float64(tw))))
	}
	x0, y0 := b.Min.X+(sw-cw)/2, b.Min.Y+(sh-ch)/2
	crop = image.Rect(x0, y0, x0+cw, y0+ch)
	if cw <= tw {
		return crop, cw, ch
	}
	return crop, tw, th
}

// tap is one source pixel's share of an output pixel.
type tap struct {
	i int
	w float32
}

// boxTaps spreads n source pixels over m output pixels: each output pixel
// is the average of the source pixels it covers, those at its edges
// counted for the part they cover.
func boxTaps(n, m int) [][]tap {
	s := float64(n) / float64(m)
	out := make([][]tap, m)
	for o := range out {
		a, b := float64(o)*s, float64(o+1)*s
		for i := int(a); i < n && float64(i) < b; i++ {
			cover := math.Min(b, float64(i+1)) - math.Max(a, float64(i))
			if cover > 1e-9 {
				out[o] = append(out[o], tap{i: i, w: float32(cover / s)})
			}
		}
	}
	return out
}

// scale resizes the part r of src to w×h with a box filter, in
// premultiplied RGBA so that see-through pixels do not darken their
// neighbours. It reads src a row at a time and keeps one row of sums, so
// it needs little memory beyond the output.
func scale(src image.Image, r image.Rectangle, w, h int) *image.RGBA {
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	xs, ys := boxTaps(r.Dx(), w), boxTaps(r.Dy(), h)
	row := image.NewRGBA(image.Rect(0, 0, r.Dx(), 1))
	sums := make([]float32, len(row.Pix))
	for oy, yTaps := range ys {
		clear(sums)
		for _, ty := range yTaps {
			draw.Draw(row, row.Rect, src, image.Pt(r.Min.X, r.Min.Y+ty.i), draw.Src)
			for i, v := range row.Pix {
				sums[i] += float32(v) * ty.w
			}
		}
		for ox, xTaps := range xs {
			var c [4]float32
			for _, tx := range xTaps {
				p := sums[tx.i*4 : tx.i*4+4]
				c[0] += p[0] * tx.w
				c[1] += p[1] * tx.w
				c[2] += p[2] * tx.w
				c[3] += p[3] * tx.w
			}
			o := dst.PixOffset(ox, oy)
			for k, v := range c {
				dst.Pix[o+k] = uint8(min(255, max(0, v+0.5)))
			}
		}
	}
	return dst
}

// opaque reports whether no pixel of m lets anything through.
func opaque(m *image.RGBA) bool {
	for i := 3; i < len(m.Pix); i += 4 {
		if m.Pix[i] != 0xff {
			return false
		}
	}
	return true
}

// orient turns m the way EXIF orientation o (1 to 8) says the picture
// was taken, so that it stands upright once the EXIF is gone.
func orient(m *image.RGBA, o int) *image.RGBA {
	if o < 2 || o > 8 {
		return m
	}
	w, h := m.Rect.Dx(), m.Rect.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	out := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := range dh {
		for x := range dw {
			var sx, sy int
			switch o {
			case 2: // mirrored
				sx, sy = w-1-x, y
			case 3: // upside down
				sx, sy = w-1-x, h-1-y
			case 4: // mirrored upside down
				sx, sy = x, h-1-y
			case 5: // mirrored, turned a quarter anticlockwise
				sx, sy = y, x
			case 6: // taken turned a quarter anticlockwise
				sx, sy = y, h-1-x
			case 7: // mirrored, turned a quarter clockwise
				sx, sy = w-1-y, h-1-x
			case 8: // taken turned a quarter clockwise
				sx, sy = w-1-y, x
			}
			copy(out.Pix[out.PixOffset(x, y):out.PixOffset(x, y)+4], m.Pix[m.PixOffset(sx, sy):m.PixOffset(sx, sy)+4])
		}
	}
	return out
}
