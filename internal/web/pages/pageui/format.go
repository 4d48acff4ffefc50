package pageui

import (
	"strings"
	"time"

	"github.com/gather-coop/gather/internal/model"
)

// Zone returns the gathering's time zone, or UTC when the name is unknown
// (the app validates it, so only a damaged row could get here).
func Zone(g model.Gathering) *time.Location {
	loc, err := time.LoadLocation(g.Timezone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// ISOLayout is RFC 3339 with a numeric offset even at UTC (+00:00 rather
// than Z), for <time datetime> and schema.org dates.
const ISOLayout = "2006-01-02T15:04:05-07:00"

// When is a span of time as a page shows it.
type When struct {
	Start, End time.Time // in the gathering's zone
	// Text reads "Saturday 27 March 2027, 10:00–17:00 GMT", or names both
	// days when the span crosses midnight.
	Text string
	// Short is the date alone: "Sat 27 March 2027" or "Sat 27 – Sun 28 March 2027".
	Short string
	Zone  string // the IANA name, e.g. Europe/London
}

// StartISO and EndISO are the machine-readable instants with the zone's offset.
func (w When) StartISO() string { return w.Start.Format(ISOLayout) }

// EndISO is the end with its offset.
func (w When) EndISO() string { return w.End.Format(ISOLayout) }

// NewWhen is the span start–end in loc, whose IANA name is zoneName.
func NewWhen(start, end time.Time, loc *time.Location, zoneName string) When {
	s, e := start.In(loc), end.In(loc)
	w := When{Start: s, End: e, Zone: zoneName}
	sAbbr, eAbbr := Abbr(s), Abbr(e)
	if SameDay(s, e) {
		w.Text = s.Format("Monday 2 January 2006, 15:04") + "–" + e.Format("15:04") + " " + eAbbr
	} else {
		w.Text = s.Format("Monday 2 January 2006, 15:04") + " " + sAbbr + " – " + e.Format("Monday 2 January 2006, 15:04") + " " + eAbbr
	}
	w.Short = shortDates(s, e)
	return w
}

func shortDates(s, e time.Time) string {
	switch {
	case SameDay(s, e):
		return s.Format("Mon 2 January 2006")
	case s.Year() == e.Year() && s.Month() == e.Month():
		return s.Format("Mon 2") + " – " + e.Format("Mon 2 January 2006")
	case s.Year() == e.Year():
		return s.Format("Mon 2 January") + " – " + e.Format("Mon 2 January 2006")
	}
	return s.Format("Mon 2 January 2006") + " – " + e.Format("Mon 2 January 2006")
}

// Abbr is the zone's abbreviation at t (GMT, BST), or its offset when the
// zone database has no letters for it.
func Abbr(t time.Time) string {
	name, _ := t.Zone()
	if name == "" || name[0] == '+' || name[0] == '-' {
		return "UTC" + t.Format("-07:00")
	}
	return name
}

// SameDay reports whether a and b fall on the same date where they are.
func SameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// Place is where a gathering is, in a few words: "Co-op workspace, London",
// "Online", or both.
func Place(g model.Gathering) string {
	var parts []string
	if !g.Venue.IsZero() {
		v := g.Venue.Name
		if g.Venue.Locality != "" {
			if v != "" {
				v += ", "
			}
			v += g.Venue.Locality
		}
		parts = append(parts, v)
	}
	if g.OnlineURL != "" {
		parts = append(parts, "online")
	}
	s := strings.Join(parts, " and ")
	if s == "online" {
		return "Online"
	}
	return s
}
