package pages

import (
	"strconv"
	"strings"
	"time"

	"github.com/gather-coop/gather/internal/model"
)

// zone returns the gathering's time zone, or UTC when the name is unknown
// (the app validates it, so only a damaged row could get here).
func zone(g model.Gathering) *time.Location {
	loc, err := time.LoadLocation(g.Timezone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// isoLayout is RFC 3339 with a numeric offset even at UTC (+00:00 rather
// than Z), for <time datetime> and schema.org dates.
const isoLayout = "2006-01-02T15:04:05-07:00"

// when is a span of time as a page shows it.
type when struct {
	Start, End time.Time // in the gathering's zone
	// Text reads "Saturday 27 March 2027, 10:00–17:00 GMT", or names both
	// days when the span crosses midnight.
	Text string
	// Short is the date alone: "Sat 27 March 2027" or "Sat 27 – Sun 28 March 2027".
	Short string
	Zone  string // the IANA name, e.g. Europe/London
}

// StartISO and EndISO are the machine-readable instants with the zone's offset.
func (w when) StartISO() string { return w.Start.Format(isoLayout) }

// EndISO is the end with its offset.
func (w when) EndISO() string { return w.End.Format(isoLayout) }

func newWhen(start, end time.Time, loc *time.Location, zoneName string) when {
	s, e := start.In(loc), end.In(loc)
	w := when{Start: s, End: e, Zone: zoneName}
	sAbbr, eAbbr := abbr(s), abbr(e)
	if sameDay(s, e) {
		w.Text = s.Format("Monday 2 January 2006, 15:04") + "–" + e.Format("15:04") + " " + eAbbr
	} else {
		w.Text = s.Format("Monday 2 January 2006, 15:04") + " " + sAbbr + " – " + e.Format("Monday 2 January 2006, 15:04") + " " + eAbbr
	}
	w.Short = shortDates(s, e)
	return w
}

func shortDates(s, e time.Time) string {
	switch {
	case sameDay(s, e):
		return s.Format("Mon 2 January 2006")
	case s.Year() == e.Year() && s.Month() == e.Month():
		return s.Format("Mon 2") + " – " + e.Format("Mon 2 January 2006")
	case s.Year() == e.Year():
		return s.Format("Mon 2 January") + " – " + e.Format("Mon 2 January 2006")
	}
	return s.Format("Mon 2 January 2006") + " – " + e.Format("Mon 2 January 2006")
}

// clock is "10:30–12:00", with the end's weekday when it falls on a later day.
func clock(s, e time.Time) string {
	end := e.Format("15:04")
	if !sameDay(s, e) {
		end += " (" + e.Format("Mon") + ")"
	}
	return s.Format("15:04") + "–" + end
}

// abbr is the zone's abbreviation at t (GMT, BST), or its offset when the
// zone database has no letters for it.
func abbr(t time.Time) string {
	name, _ := t.Zone()
	if name == "" || name[0] == '+' || name[0] == '-' {
		return "UTC" + t.Format("-07:00")
	}
	return name
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// kindLabel names a session's kind for people; "" for other.
func kindLabel(k model.SessionKind) string {
	switch k {
	case model.KindWorkshop:
		return "Workshop"
	case model.KindTalk:
		return "Talk"
	case model.KindLightningTalks:
		return "Lightning talks"
	case model.KindOpenSpace:
		return "Open space"
	case model.KindMeal:
		return "Meal"
	case model.KindSocial:
		return "Social"
	}
	return ""
}

// address is the venue's postal address on one line.
func address(v model.Venue) string {
	var parts []string
	for _, p := range []string{v.StreetAddress, strings.TrimSpace(v.Locality + " " + v.PostalCode), v.Region, v.Country} {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

// mapURL links to the venue on OpenStreetMap, or "" without coordinates.
func mapURL(v model.Venue) string {
	if v.Latitude == nil || v.Longitude == nil {
		return ""
	}
	lat, lon := coord(*v.Latitude), coord(*v.Longitude)
	return "https://www.openstreetmap.org/?mlat=" + lat + "&mlon=" + lon + "#map=17/" + lat + "/" + lon
}

func coord(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// place is where a gathering is, in a few words: "Co-op workspace, London",
// "Online", or both.
func place(g model.Gathering) string {
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
