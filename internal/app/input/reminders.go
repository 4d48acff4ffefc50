package input

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gather-coop/gather/internal/app/apperr"
)

// MaxReminders is how many reminders a gathering may have.
const MaxReminders = 4

// Reminders reads a gathering's reminders as organisers write them: each
// how long before the start, as "24h", "15m", "1h30m" or "2d", a whole
// number of minutes from 1 minute to 30 days, at most MaxReminders. They
// come back largest first, each once; none is the default.
func Reminders(list []string) ([]time.Duration, error) {
	if len(list) > MaxReminders {
		return nil, apperr.Invalid("reminders", "at most %d reminders", MaxReminders)
	}
	out := make([]time.Duration, 0, len(list))
	for i, text := range list {
		d, err := parseLead(strings.TrimSpace(text))
		if err != nil || d < time.Minute || d > 30*24*time.Hour || d%time.Minute != 0 {
			return nil, apperr.Invalid(fmt.Sprintf("reminders[%d]", i),
				"%q is not a time before the start such as 24h, 15m, 1h30m or 2d (1 minute to 30 days, in whole minutes)", text)
		}
		out = append(out, d)
	}
	slices.SortFunc(out, func(x, y time.Duration) int { return int(y/time.Second - x/time.Second) })
	return slices.Compact(out), nil
}

// parseLead reads "2d" as days, anything else as time.ParseDuration
// does.
func parseLead(s string) (time.Duration, error) {
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil {
			return 0, err
		}
		if n < 0 || n > 366 {
			// Days enough to wrap a Duration round would read as a
			// short one.
			return 0, fmt.Errorf("%d days is out of range", n)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	return time.ParseDuration(s)
}

// FormatReminders writes reminders as Reminders reads them: "24h",
// "15m", "1h30m".
func FormatReminders(list []time.Duration) []string {
	out := make([]string, 0, len(list))
	for _, d := range list {
		h, m := int64(d/time.Hour), int64(d%time.Hour/time.Minute)
		switch {
		case h == 0:
			out = append(out, strconv.FormatInt(m, 10)+"m")
		case m == 0:
			out = append(out, strconv.FormatInt(h, 10)+"h")
		default:
			out = append(out, strconv.FormatInt(h, 10)+"h"+strconv.FormatInt(m, 10)+"m")
		}
	}
	return out
}
