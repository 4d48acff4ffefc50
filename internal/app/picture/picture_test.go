package picture

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/app/apperr"
)

// halves is a w×h picture, its left half left and its right half right.
func halves(w, h int, left, right color.Color) *image.NRGBA {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := left
			if x >= w/2 {
				c = right
			}
			m.Set(x, y, c)
		}
	}
	return m
}

// exifJPEG encodes m as a JPEG carrying an EXIF segment with orientation
// o and a description that gives away where it was taken.
func exifJPEG(t *testing.T, m image.Image, o uint16, secret string) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, jpeg.Encode(&buf, m, &jpeg.Options{Quality: 90}))
	plain := buf.Bytes()

	desc := append([]byte(secret), 0)
	tiff := []byte("MM\x00\x2a\x00\x00\x00\x08")
	tiff = binary.BigEndian.AppendUint16(tiff, 2) // entries
	// Orientation, SHORT, 1 value, held in the entry.
	tiff = binary.BigEndian.AppendUint16(tiff, 0x0112)
	tiff = binary.BigEndian.AppendUint16(tiff, 3)
	tiff = binary.BigEndian.AppendUint32(tiff, 1)
	tiff = binary.BigEndian.AppendUint16(tiff, o)
	tiff = append(tiff, 0, 0)
	// ImageDescription, ASCII, after the directory.
	tiff = binary.BigEndian.AppendUint16(tiff, 0x010e)
	tiff = binary.BigEndian.AppendUint16(tiff, 2)
	tiff = binary.BigEndian.AppendUint32(tiff, uint32(len(desc)))
	tiff = binary.BigEndian.AppendUint32(tiff, uint32(8+2+2*12+4))
	tiff = binary.BigEndian.AppendUint32(tiff, 0) // no next directory
	tiff = append(tiff, desc...)

	seg := append([]byte("Exif\x00\x00"), tiff...)
	out := append([]byte{0xff, 0xd8, 0xff, 0xe1}, byte((len(seg)+2)>>8), byte(len(seg)+2))
	out = append(out, seg...)
	return append(out, plain[2:]...)
}

func encodePNG(t *testing.T, m image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, png.Encode(&buf, m))
	return buf.Bytes()
}

// pngClaiming is a PNG whose header says w×h and whose pixel data is
// missing: decoding it would fail, so only a check before decoding can
// refuse it for its size.
func pngClaiming(w, h uint32) []byte {
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 6, 0, 0, 0) // 8-bit RGBA
	chunk := append([]byte("IHDR"), ihdr...)
	out := []byte("\x89PNG\r\n\x1a\n")
	out = binary.BigEndian.AppendUint32(out, uint32(len(ihdr)))
	out = append(out, chunk...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(chunk))
}

func TestSniffPicture(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ data, want string }{
		{"\x89PNG\r\n\x1a\nrest", "png"},
		{"\xff\xd8\xff\xe0rest", "jpeg"},
		{"GIF89a...", "gif"},
		{"GIF87a...", "gif"},
		{"RIFF\x00\x00\x00\x00WEBPVP8 ", "webp"},
		{"\x00\x00\x00\x18ftypheic\x00\x00", "heif"},
		{"\x00\x00\x00\x18ftypisom\x00\x00", ""},
		{"hello, I am text pretending to be a .png\n", ""},
		{"<svg xmlns='http://www.w3.org/2000/svg'/>", ""},
		{"", ""},
	} {
		require.Equal(t, tc.want, sniffPicture([]byte(tc.data)), "%q", tc.data)
	}
}

func TestReadUploadRefuses(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"text named .png", []byte("just some notes\n"), "is not a PNG, JPEG or GIF picture"},
		{"empty", nil, "is an empty file"},
		{"webp", []byte("RIFF\x10\x00\x00\x00WEBPVP8 \x00\x00"), "WebP picture"},
		{"too many bytes", append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, MaxUploadBytes)...), "is over 8 MB"},
		{"huge png", pngClaiming(100000, 100000), "is 100000 × 100000 pixels, too large"},
		{"tall png", pngClaiming(10, MaxUploadSide+1), "too large"},
		{"broken header", []byte("\x89PNG\r\n\x1a\n\x00\x00"), "damaged or incomplete"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Read(Avatar, bytes.NewReader(tc.data))
			var v *apperr.ValidationError
			require.ErrorAs(t, err, &v)
			require.Equal(t, "avatar", v.Field)
			require.Contains(t, v.Msg, tc.want)
		})
	}
}

func TestRenderDropsMetadataAndTurnsUpright(t *testing.T) {
	t.Parallel()
	red, blue := color.NRGBA{R: 220, A: 255}, color.NRGBA{B: 220, A: 255}
	const secret = "GPS 51.5362N 0.1033W secret-marker"
	// Stored as the sensor saw it, 600×300, to be turned a quarter
	// clockwise (orientation 6): upright, the red half is on top.
	data := exifJPEG(t, halves(600, 300, red, blue), 6, secret)
	require.Equal(t, 6, jpegOrientation(data))
	require.Contains(t, string(data), "Exif")

	u, err := Read(Avatar, bytes.NewReader(data))
	require.NoError(t, err)
	r, err := u.Render()
	require.NoError(t, err)
	require.Equal(t, "image/jpeg", r.mediaType)
	require.NotContains(t, string(r.data), "Exif")
	require.NotContains(t, string(r.data), "secret-marker")
	m, err := jpeg.Decode(bytes.NewReader(r.data))
	require.NoError(t, err)
	require.Equal(t, image.Rect(0, 0, 300, 300), m.Bounds(), "a square, not scaled up")
	require.Equal(t, 300, r.width)
	near(t, red, m.At(150, 20), "the top is red")
	near(t, blue, m.At(150, 280), "the bottom is blue")
}

func near(t *testing.T, want color.Color, got color.Color, msg string) {
	t.Helper()
	wr, wg, wb, _ := want.RGBA()
	gr, gg, gb, _ := got.RGBA()
	for _, d := range []int{int(wr>>8) - int(gr>>8), int(wg>>8) - int(gg>>8), int(wb>>8) - int(gb>>8)} {
		require.LessOrEqual(t, d*d, 20*20, "%s: want %v, got %v", msg, want, got)
	}
}

func TestRenderSizes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		spec         Spec
		w, h         int
		wantW, wantH int
	}{
		{Avatar, 1000, 800, 400, 400},
		{Avatar, 120, 300, 120, 120},
		{Header, 1800, 1000, 1500, 500},
		{Header, 600, 600, 600, 200},
		{Header, 4096, 100, 300, 100},
	} {
		u, err := Read(tc.spec, bytes.NewReader(encodePNG(t, halves(tc.w, tc.h, color.White, color.Black))))
		require.NoError(t, err)
		r, err := u.Render()
		require.NoError(t, err)
		require.Equal(t, [2]int{tc.wantW, tc.wantH}, [2]int{r.width, r.height}, "%s %d×%d", tc.spec.Field, tc.w, tc.h)
	}
}

func TestRenderKeepsTransparency(t *testing.T) {
	t.Parallel()
	seeThrough, green := color.NRGBA{}, color.NRGBA{G: 200, A: 255}
	u, err := Read(Avatar, bytes.NewReader(encodePNG(t, halves(64, 64, seeThrough, green))))
	require.NoError(t, err)
	r, err := u.Render()
	require.NoError(t, err)
	require.Equal(t, "image/png", r.mediaType, "see-through stays see-through")
	require.Equal(t, ".png", r.ext)
	m, err := png.Decode(bytes.NewReader(r.data))
	require.NoError(t, err)
	_, _, _, a := m.At(5, 30).RGBA()
	require.Zero(t, a)
	near(t, green, m.At(60, 30), "the right is green")
	// Where the halves meet, averaging must not darken the green.
	_, g, _, _ := m.At(32, 30).RGBA()
	require.Greater(t, g>>8, uint32(150))
}

func TestRenderTakesAGIFsFirstFrame(t *testing.T) {
	t.Parallel()
	pal := color.Palette{color.NRGBA{R: 255, A: 255}, color.NRGBA{B: 255, A: 255}}
	first, second := image.NewPaletted(image.Rect(0, 0, 40, 40), pal), image.NewPaletted(image.Rect(0, 0, 40, 40), pal)
	for i := range second.Pix {
		second.Pix[i] = 1
	}
	var buf bytes.Buffer
	require.NoError(t, gif.EncodeAll(&buf, &gif.GIF{Image: []*image.Paletted{first, second}, Delay: []int{10, 10}}))
	u, err := Read(Avatar, &buf)
	require.NoError(t, err)
	require.Equal(t, "gif", u.format)
	r, err := u.Render()
	require.NoError(t, err)
	m, err := jpeg.Decode(bytes.NewReader(r.data))
	require.NoError(t, err)
	near(t, color.NRGBA{R: 255, A: 255}, m.At(20, 20), "the first frame")
}

// TestJPEGOrientationOfStrangeFiles: whatever the file holds, reading
// its orientation never panics and says 1 when unsure.
func TestJPEGOrientationOfStrangeFiles(t *testing.T) {
	t.Parallel()
	good := exifJPEG(t, halves(8, 8, color.White, color.Black), 8, "x")
	require.Equal(t, 8, jpegOrientation(good))
	for n := range 120 {
		_ = jpegOrientation(good[:n])
	}
	bad := bytes.Clone(good)
	const tiffStart = 4 + 2 + len("Exif\x00\x00") // SOI, APP1 marker, length, Exif header
	bad[tiffStart+4] = 0x7f                       // the first directory's offset, far out
	require.Equal(t, 1, jpegOrientation(bad))
	require.Equal(t, 1, jpegOrientation([]byte(strings.Repeat("\xff", 64))))
}
