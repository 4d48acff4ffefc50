package myday

import (
	"strings"
	"time"

	"github.com/gather-coop/gather/internal/model"
)

// DayText is one day's note: "Your day at Co-op day, Sat 10 Apr:
// 10:30–11:30 Pricing workshop · Main room; …", in loc, and the person's
// calendar link. sessions are all on that day.
func DayText(g model.Gathering, loc *time.Location, sessions []model.Session, link string) string {
	return "Your day at " + g.Title + ", " + dayLine(g, loc, sessions) + ". " + calendarLine(link)
}

// SessionsText is the answer to "my sessions": every coming session the
// person has a place in, day by day, or that there is none.
func SessionsText(g model.Gathering, loc *time.Location, sessions []model.Session, link string) string {
	if len(sessions) == 0 {
		return "You have no place in a coming session of " + g.Title + ". To take one, reply \"going\" to the session's post."
	}
	var days []string
	for len(sessions) > 0 {
		day := sessions[0].StartsAt.In(loc).Format(time.DateOnly)
		n := 1
		for n < len(sessions) && sessions[n].StartsAt.In(loc).Format(time.DateOnly) == day {
			n++
		}
		days = append(days, dayLine(g, loc, sessions[:n]))
		sessions = sessions[n:]
	}
	return "Your sessions at " + g.Title + ", " + strings.Join(days, ". ") + ". " + calendarLine(link)
}

// dayLine is "Sat 10 Apr: 10:30–11:30 Pricing workshop · Main room;
// 12:00–13:00 Lunch", for sessions of one day.
func dayLine(g model.Gathering, loc *time.Location, sessions []model.Session) string {
	items := make([]string, 0, len(sessions))
	for _, s := range sessions {
		item := s.StartsAt.In(loc).Format("15:04")
		if s.EndsAt.After(s.StartsAt) {
			item += "–" + s.EndsAt.In(loc).Format("15:04")
		}
		item += " " + s.Title
		if room := roomName(g, s.RoomID); room != "" {
			item += " · " + room
		}
		items = append(items, item)
	}
	return sessions[0].StartsAt.In(loc).Format("Mon 2 Jan") + ": " + strings.Join(items, "; ")
}

func calendarLine(link string) string {
	return "Your sessions in your calendar: " + link
}

func roomName(g model.Gathering, id *int64) string {
	if id == nil {
		return ""
	}
	for _, r := range g.Rooms {
		if r.ID == *id {
			return r.Name
		}
	}
	return ""
}
