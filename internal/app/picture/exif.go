package picture

import (
	"bytes"
	"encoding/binary"
)

// jpegOrientation returns the EXIF orientation (1 to 8) of a JPEG file,
// or 1 when it has none or it cannot be read. Phones store photos as the
// sensor saw them and say in EXIF which way is up; as re-encoding drops
// the EXIF, the pixels must be turned to match first.
//
// It reads only the first APP1 "Exif" segment's first directory, and
// checks every offset against the data: the file is a stranger's.
func jpegOrientation(data []byte) int {
	tiff := exifTIFF(data)
	if len(tiff) < 8 {
		return 1
	}
	var order binary.ByteOrder
	switch string(tiff[:2]) {
	case "II":
		order = binary.LittleEndian
	case "MM":
		order = binary.BigEndian
	default:
		return 1
	}
	if order.Uint16(tiff[2:4]) != 42 {
		return 1
	}
	ifd := int(order.Uint32(tiff[4:8]))
	if ifd < 8 || ifd > len(tiff)-2 {
		return 1
	}
	n := int(order.Uint16(tiff[ifd : ifd+2]))
	for i := range n {
		e := ifd + 2 + 12*i
		if e+12 > len(tiff) {
			return 1
		}
		const tagOrientation, typeShort = 0x0112, 3
		if order.Uint16(tiff[e:e+2]) == tagOrientation && order.Uint16(tiff[e+2:e+4]) == typeShort {
			if o := int(order.Uint16(tiff[e+8 : e+10])); o >= 1 && o <= 8 {
				return o
			}
			return 1
		}
	}
	return 1
}

// exifTIFF returns the TIFF structure inside a JPEG's APP1 Exif segment,
// or nil. It walks the segments before the image data.
func exifTIFF(data []byte) []byte {
	if len(data) < 4 || data[0] != 0xff || data[1] != 0xd8 {
		return nil
	}
	for p := 2; p+4 <= len(data); {
		if data[p] != 0xff {
			return nil
		}
		marker := data[p+1]
		if marker == 0xff { // fill byte
			p++
			continue
		}
		if marker == 0xda || marker == 0xd9 { // image data or end: no EXIF before it
			return nil
		}
		size := int(binary.BigEndian.Uint16(data[p+2 : p+4]))
		if size < 2 || p+2+size > len(data) {
			return nil
		}
		seg := data[p+4 : p+2+size]
		if marker == 0xe1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			return seg[6:]
		}
		p += 2 + size
	}
	return nil
}
