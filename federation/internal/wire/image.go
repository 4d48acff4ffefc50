package wire

// Image is a picture attached to an actor: its URL and media type.
type Image struct {
	URL       string
	MediaType string
}

// ImageDoc is how an [Image] is written.
type ImageDoc struct {
	Type      string `json:"type"`
	MediaType string `json:"mediaType,omitempty"`
	URL       string `json:"url"`
}

// ImageDocOf writes img, nil for none.
func ImageDocOf(img *Image) *ImageDoc {
	if img == nil {
		return nil
	}
	return &ImageDoc{Type: "Image", MediaType: img.MediaType, URL: img.URL}
}
