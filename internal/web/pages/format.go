package pages

import (
	"strconv"
	"strings"
	"time"

	"github.com/gather-coop/gather/internal/model"
)

// clock is "10:30–12:00", with the end's weekday when it falls on a later day.
func clock(s, e time.Time) string {
	end := e.Format("15:04")
	if !sameDay(s, e) {
		end += " (" + e.Format("Mon") + ")"
	}
	return s.Format("15:04") + "–" + end
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
