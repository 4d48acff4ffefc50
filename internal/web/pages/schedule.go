package pages

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
)

// The schedule is a table per day: one column per room (and one for
// sessions without a room), one row per time slot, where the slots are cut
// at every distinct start and end of that day's sessions. A session's
// cell sits in its room's column and spans the rows from its start to its
// end. The table's source order is row by row, that is by start time, so
// on a narrow screen the stylesheet lets it fall into a list by time.

// elsewhere is the column header for sessions without a room.
const elsewhere = "Elsewhere"

// sessionView is a session as the pages show it.
type sessionView struct {
	ID           int64
	URL          string
	Title        string
	When         when
	Clock        string // 10:30–12:00
	StartHM      string // 10:30, in the gathering's zone
	Kind         string // Workshop, Talk…; "" for other
	Track        trackView
	Room         string // the room's name, "" when none
	Facilitators []model.Facilitator
	Capacity     *int
	Description  string // Markdown
}

// trackView is a track with the marks that tell it apart without colour:
// a letter and a border pattern, plus a colour for those who see it.
type trackView struct {
	Name  string
	Mark  string // A, B, C…
	Class string // track-1 … track-4
}

// dayGrid is one day of the schedule.
type dayGrid struct {
	ID      string // the day's anchor: day-2027-03-27
	Heading string // Saturday 27 March 2027
	Zones   string // the zone's abbreviation(s) that day: GMT, or GMT / BST
	Columns []column
	Rows    []slotRow
}

// column is a room. Lanes is how many sessions in it overlap at most
// (more than one only for sessions without a room: the app refuses
// clashes within a room).
type column struct {
	Name  string
	Room  string // the data-room value: the room's name, "" for elsewhere
	Lanes int
}

// slotRow is one time slot.
type slotRow struct {
	Label string    // 10:30
	At    time.Time // the slot's start, in the zone
	Idle  bool      // no session starts in it (a break)
	Cells []cell
}

// cell is a session starting in this slot, or an empty cell (Session nil).
// Slots covered by a session that started earlier have no cell.
type cell struct {
	Session *sessionView
	Span    int
}

// ISO is the slot's start with its offset.
func (s slotRow) ISO() string { return s.At.Format(isoLayout) }

func tracksOf(g model.Gathering) map[int64]trackView {
	out := make(map[int64]trackView, len(g.Tracks))
	for i, t := range g.Tracks {
		out[t.ID] = trackView{Name: t.Name, Mark: trackMark(i), Class: "track-" + strconv.Itoa(i%4+1)}
	}
	return out
}

// trackMark is A…Z, then numbers.
func trackMark(i int) string {
	if i < 26 {
		return string(rune('A' + i))
	}
	return strconv.Itoa(i + 1)
}

// legend lists the tracks in the gathering's order.
func legend(g model.Gathering) []trackView {
	tracks := tracksOf(g)
	out := make([]trackView, 0, len(g.Tracks))
	for _, t := range g.Tracks {
		out = append(out, tracks[t.ID])
	}
	return out
}

func newSessionView(urls app.URLs, g model.Gathering, s model.Session, loc *time.Location, tracks map[int64]trackView) sessionView {
	start, end := s.StartsAt.In(loc), s.EndsAt.In(loc)
	v := sessionView{
		ID: s.ID, URL: urls.Session(s.ID), Title: s.Title,
		When:  newWhen(s.StartsAt, s.EndsAt, loc, g.Timezone),
		Clock: clock(start, end), StartHM: start.Format("15:04"),
		Kind: kindLabel(s.Kind), Room: app.RoomOf(g, s).Name,
		Facilitators: s.Facilitators, Capacity: app.CapacityOf(g, s), Description: s.Description,
	}
	if s.TrackID != nil {
		v.Track = tracks[*s.TrackID]
	}
	return v
}

// schedule lays out a gathering's sessions, one grid per day in the
// gathering's zone.
func schedule(urls app.URLs, g model.Gathering, sessions []model.Session) []dayGrid {
	loc := zone(g)
	tracks := tracksOf(g)
	sorted := slices.Clone(sessions)
	slices.SortStableFunc(sorted, func(a, b model.Session) int {
		if c := a.StartsAt.Compare(b.StartsAt); c != 0 {
			return c
		}
		return a.EndsAt.Compare(b.EndsAt)
	})
	var days []dayGrid
	for i := 0; i < len(sorted); {
		day := sorted[i].StartsAt.In(loc)
		j := i
		for j < len(sorted) && sameDay(sorted[j].StartsAt.In(loc), day) {
			j++
		}
		var views []sessionView
		for _, s := range sorted[i:j] {
			views = append(views, newSessionView(urls, g, s, loc, tracks))
		}
		days = append(days, dayOf(g, day, views))
		i = j
	}
	return days
}

// dayOf builds one day's grid from its sessions, sorted by start.
func dayOf(g model.Gathering, day time.Time, sessions []sessionView) dayGrid {
	d := dayGrid{ID: "day-" + day.Format("2006-01-02"), Heading: day.Format("Monday 2 January 2006")}

	// The slots: every distinct start and end.
	var bounds []time.Time
	var zones []string
	for _, s := range sessions {
		bounds = append(bounds, s.When.Start, s.When.End)
		if z := abbr(s.When.Start); !slices.Contains(zones, z) {
			zones = append(zones, z)
		}
	}
	slices.SortFunc(bounds, func(a, b time.Time) int { return a.Compare(b) })
	bounds = slices.CompactFunc(bounds, func(a, b time.Time) bool { return a.Equal(b) })
	d.Zones = strings.Join(zones, " / ")
	slot := func(t time.Time) int {
		return slices.IndexFunc(bounds, func(b time.Time) bool { return b.Equal(t) })
	}

	// The columns: every room of the gathering, in its order, then the
	// sessions without a room if there are any that day. Each session
	// takes the first lane of its column that is free at its start.
	type placed struct {
		col, lane int
		s         *sessionView
	}
	columnOf := map[string]int{}
	for _, r := range g.Rooms {
		columnOf[r.Name] = len(d.Columns)
		d.Columns = append(d.Columns, column{Name: r.Name, Room: r.Name})
	}
	laneEnds := make(map[int][]time.Time)
	var all []placed
	for i := range sessions {
		s := &sessions[i]
		c, ok := columnOf[s.Room]
		if !ok {
			columnOf[s.Room] = len(d.Columns)
			c = len(d.Columns)
			d.Columns = append(d.Columns, column{Name: elsewhere, Room: s.Room})
		}
		lane := slices.IndexFunc(laneEnds[c], func(end time.Time) bool { return !end.After(s.When.Start) })
		if lane < 0 {
			lane = len(laneEnds[c])
			laneEnds[c] = append(laneEnds[c], s.When.End)
		} else {
			laneEnds[c][lane] = s.When.End
		}
		all = append(all, placed{col: c, lane: lane, s: s})
	}
	offsets := make([]int, len(d.Columns)) // first lane of each column in a row
	width := 0
	for c := range d.Columns {
		d.Columns[c].Lanes = max(1, len(laneEnds[c]))
		offsets[c] = width
		width += d.Columns[c].Lanes
	}

	// The rows: a cell where a session starts, nothing where one
	// continues, an empty cell elsewhere.
	starts := make(map[[2]int]*sessionView) // [row, lane] → session
	covered := make(map[[2]int]bool)
	for _, p := range all {
		first, last := slot(p.s.When.Start), slot(p.s.When.End)
		x := offsets[p.col] + p.lane
		starts[[2]int{first, x}] = p.s
		for row := first + 1; row < last; row++ {
			covered[[2]int{row, x}] = true
		}
	}
	for row := 0; row+1 < len(bounds); row++ {
		r := slotRow{Label: bounds[row].Format("15:04"), At: bounds[row], Idle: true}
		for x := 0; x < width; x++ {
			k := [2]int{row, x}
			switch {
			case starts[k] != nil:
				s := starts[k]
				r.Cells = append(r.Cells, cell{Session: s, Span: slot(s.When.End) - row})
				r.Idle = false
			case !covered[k]:
				r.Cells = append(r.Cells, cell{})
			}
		}
		d.Rows = append(d.Rows, r)
	}
	return d
}
