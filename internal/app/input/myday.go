package input

import (
	"strings"
	"time"

	"github.com/gather-coop/gather/internal/app/apperr"
)

// MyDayOff is how the API and the editor say a gathering sends no "my
// day" notes.
const MyDayOff = "off"

// MyDay reads a gathering's "my day" time: a time of day in its zone,
// "08:30" (or "8:30"), kept as "08:30"; "off" or empty sends none ("").
func MyDay(text string) (string, error) {
	text = strings.TrimSpace(text)
	if text == "" || strings.EqualFold(text, MyDayOff) {
		return "", nil
	}
	t, err := time.Parse("15:04", text)
	if err != nil {
		return "", apperr.Invalid("my_day", "%q is not a time of day such as 08:30, or off", text)
	}
	return t.Format("15:04"), nil
}

// FormatMyDay is a stored "my day" time as the API shows it: "off" for
// none.
func FormatMyDay(at string) string {
	if at == "" {
		return MyDayOff
	}
	return at
}
