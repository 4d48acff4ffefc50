package nowpage

import (
	"fmt"
	"html/template"
	"strings"

	"rsc.io/qr"
)

// quiet is the light margin, in modules, that readers need round a code.
const quiet = 4

// qrSVG draws the QR code of text as an inline SVG: crisp at any size the
// screen gives it, and no request of its own. label is its text
// alternative.
func qrSVG(text, label string) (template.HTML, error) {
	code, err := qr.Encode(text, qr.M)
	if err != nil {
		return "", fmt.Errorf("qr code of %q: %w", text, err)
	}
	var d strings.Builder
	for y := range code.Size {
		for x := range code.Size {
			if code.Black(x, y) {
				fmt.Fprintf(&d, "M%d %dh1v1h-1z", x+quiet, y+quiet)
			}
		}
	}
	side := code.Size + 2*quiet
	svg := fmt.Sprintf(`<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-label="%s" shape-rendering="crispEdges">`+
		`<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="%s"/></svg>`,
		side, side, template.HTMLEscapeString(label), side, side, d.String())
	return template.HTML(svg), nil //nolint:gosec // numbers and an escaped label only
}
