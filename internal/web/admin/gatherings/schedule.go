package gatherings

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/web/admin/ui"
)

// The schedule builder: per day of the gathering, a table with a column
// per room and a row per half hour, in the gathering's zone. Sessions sit
// in their room's column, spanning the rows they cover; every empty cell
// links to the form to add a session there. Plain links and forms: no
// script needed. On top, assets/schedule.js lets a mouse drag a session
// onto a free slot, which posts the slot's room and time to moveSession.
//
// Times are handled as the app gives them, wall-clock times in the
// gathering's zone ("2027-03-27T10:30:00"), read as if they were UTC so
// that a day always has 24 hours of rows to choose from.

// slotLength is a row of the grid.
const slotLength = 30 * time.Minute

// noRoom heads the column of sessions without a room.
const noRoom = "No room"

// schedulePath is the schedule builder of gathering id.
func schedulePath(id int64) string { return ui.GatheringPath(id) + "/schedule" }

// scheduleView is the schedule builder's page.
type scheduleView struct {
	ui.Layout
	Notice         string
	Problem        string // why a move was refused
	GatheringTitle string
	GatheringURL   string
	Zone           string
	Days           []gridDay
	// Topics are the open-space topics waiting for a place: with a
	// mouse, one dropped on a free slot is placed there for an hour.
	Topics       []gridSession
	ProposalsURL string
}

// gridDay is one day's table.
type gridDay struct {
	ID      string // the table's caption id: day-2027-03-27
	Heading string // Saturday 27 March 2027
	Columns []string
	Rows    []gridRow
}

type gridRow struct {
	Label string // 10:30
	Cells []gridCell
}

// gridCell is a room's cell in a row: the sessions that start in it
// (spanning Span rows), or, when it has none, a link to add one. Rows
// covered by an earlier cell's span have no cell.
type gridCell struct {
	Span     int
	Sessions []gridSession
	AddURL   string
	AddLabel string // the link's accessible name beyond "Add"
	// Room ("" for none) and Start (2027-03-27T10:30) of a free cell:
	// where a session dropped there goes.
	Room, Start string
}

type gridSession struct {
	Title   string
	When    string // 10:30–12:00
	EditURL string
	MoveURL string
	Version int
}

// SchedulePage shows the schedule builder (GET
// /admin/gatherings/{id}/schedule).
func (h *Handler) SchedulePage(w http.ResponseWriter, r *http.Request) {
	out, ok := h.GatheringOutput(w, r)
	if !ok {
		return
	}
	v := h.scheduleView(r, out)
	ps, err := h.App.Proposals(r.Context(), out.ID)
	if err != nil {
		h.Fail(w, r, err)
		return
	}
	for _, p := range ps.OpenSpace {
		if p.Session == nil {
			v.Topics = append(v.Topics, gridSession{Title: p.Title, MoveURL: proposalPath(out.ID, p.ID, "place")})
		}
	}
	for _, n := range scheduleNotices {
		if r.URL.Query().Has(n.key) {
			v.Notice = n.msg
		}
	}
	h.Render(w, r, http.StatusOK, "schedule", v)
}

func (h *Handler) scheduleView(r *http.Request, out app.GatheringOutput) scheduleView {
	return scheduleView{Layout: h.Page(r, "Schedule of "+out.Title, "gatherings"),
		GatheringTitle: out.Title, GatheringURL: ui.GatheringPath(out.ID), Zone: out.Timezone,
		Days: scheduleGrid(out), ProposalsURL: proposalsPath(out.ID)}
}

var scheduleNotices = []struct{ key, msg string }{
	{"moved", "The session is moved."},
	{"session-added", "The session is added."},
	{"stale", "Someone else changed that session just now, so it was not moved: here is the schedule as it is now."},
}

// MoveSession puts a session in another room and time, keeping its
// length (POST /admin/sessions/{id}/move: version, room, starts_at as
// 2027-03-27T10:30): what dropping it on a free slot of the grid sends.
// A move the rules refuse (the room is taken, outside the gathering)
// shows the schedule again with the reason.
func (h *Handler) MoveSession(w http.ResponseWriter, r *http.Request) {
	out, s, ok := h.sessionOutput(w, r)
	if !ok || !h.ParseForm(w, r) {
		return
	}
	version, err := strconv.Atoi(r.PostForm.Get("version"))
	start, okStart := parseLocal(r.PostForm.Get("starts_at"))
	oldStart, ok1 := parseLocal(s.StartsAt)
	oldEnd, ok2 := parseLocal(s.EndsAt)
	if err != nil || version < 1 || !okStart || !ok1 || !ok2 {
		h.Fail(w, r, ui.ErrBadForm)
		return
	}
	in := s.SessionInput
	room := r.PostForm.Get("room")
	in.Room = &room
	in.StartsAt, in.EndsAt = start.Format(appLayout), start.Add(oldEnd.Sub(oldStart)).Format(appLayout)
	_, err = h.App.SaveSession(r.Context(), s.ID, &in, version)
	var invalid *app.ValidationError
	switch {
	case err == nil:
		http.Redirect(w, r, schedulePath(out.ID)+"?moved", http.StatusSeeOther)
	case errors.Is(err, app.ErrStale):
		http.Redirect(w, r, schedulePath(out.ID)+"?stale", http.StatusSeeOther)
	case errors.As(err, &invalid):
		v := h.scheduleView(r, out)
		v.Problem, v.Invalid = s.Title+" was not moved: "+invalid.Msg, true
		h.Render(w, r, http.StatusBadRequest, "schedule", v)
	default:
		h.Fail(w, r, err)
	}
}

// appLayout is how the app writes a local time.
const appLayout = "2006-01-02T15:04:05"

func parseLocal(s string) (time.Time, bool) {
	for _, layout := range []string{appLayout, localLayout} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// placedSession is a session with its times read.
type placedSession struct {
	app.SessionOutput
	start, end time.Time
	column     int
}

// scheduleGrid lays out out's sessions, a table per day.
func scheduleGrid(out app.GatheringOutput) []gridDay {
	gStart, ok1 := parseLocal(out.StartsAt)
	gEnd, ok2 := parseLocal(out.EndsAt)
	if !ok1 || !ok2 || !gEnd.After(gStart) {
		return nil
	}
	var columns []string
	columnOf := map[string]int{}
	for _, room := range out.Rooms {
		columnOf[room.Name] = len(columns)
		columns = append(columns, room.Name)
	}

	var sessions []placedSession
	dates := []time.Time{}
	for d := gStart.Truncate(24 * time.Hour); d.Before(gEnd); d = d.Add(24 * time.Hour) {
		dates = append(dates, d)
	}
	for _, s := range out.Sessions {
		start, ok1 := parseLocal(s.StartsAt)
		end, ok2 := parseLocal(s.EndsAt)
		if !ok1 || !ok2 {
			continue
		}
		p := placedSession{SessionOutput: s, start: start, end: end, column: -1}
		if s.Room != nil && *s.Room != "" {
			if c, ok := columnOf[*s.Room]; ok {
				p.column = c
			}
		}
		sessions = append(sessions, p)
		if d := start.Truncate(24 * time.Hour); !slices.Contains(dates, d) {
			dates = append(dates, d)
		}
	}
	slices.SortFunc(dates, func(a, b time.Time) int { return a.Compare(b) })
	slices.SortStableFunc(sessions, func(a, b placedSession) int { return a.start.Compare(b.start) })

	days := make([]gridDay, 0, len(dates))
	for _, day := range dates {
		days = append(days, gridDayOf(out, columns, sessions, day, gStart, gEnd))
	}
	return days
}

// gridDayOf builds the table of day. Its rows run from the gathering's
// daily start until its daily end or 18:00, whichever is later, within
// the gathering's span (so the first day starts at the gathering's start
// and the last ends at its end), and stretch to cover every session of
// the day.
func gridDayOf(out app.GatheringOutput, rooms []string, all []placedSession, day, gStart, gEnd time.Time) gridDay {
	next := day.Add(24 * time.Hour)
	startOfDay, endOfDay := gStart.Sub(gStart.Truncate(24*time.Hour)), gEnd.Sub(gEnd.Truncate(24*time.Hour))
	// The end of the gathering's last day is no guide to the others.
	endOfDay = max(endOfDay, 18*time.Hour, startOfDay+slotLength)
	from, to := latest(day.Add(startOfDay), gStart), earliest(day.Add(endOfDay), gEnd)
	if !from.Before(to) {
		from, to = latest(day, gStart), earliest(next, gEnd)
	}
	var sessions []placedSession
	withoutRoom := len(rooms) == 0
	for _, s := range all {
		if s.start.Before(day) || !s.start.Before(next) {
			continue
		}
		sessions = append(sessions, s)
		from = earliest(from, s.start)
		to = latest(to, earliest(s.end, next))
		if s.column < 0 {
			withoutRoom = true
		}
	}
	from = from.Truncate(slotLength)
	if t := to.Truncate(slotLength); t.Before(to) {
		to = t.Add(slotLength)
	}
	columns := slices.Clone(rooms)
	if withoutRoom {
		columns = append(columns, noRoom)
	}
	d := gridDay{ID: "day-" + day.Format("2006-01-02"), Heading: day.Format("Monday 2 January 2006"), Columns: columns}
	nRows := int(to.Sub(from) / slotLength)
	rowOf := func(t time.Time) int { return int(t.Sub(from) / slotLength) }

	// Each column's blocks: sessions whose rows overlap share a cell.
	type block struct {
		first, last int // rows, last exclusive
		sessions    []gridSession
	}
	blocks := make([][]block, len(columns))
	for _, s := range sessions {
		c := s.column
		if c < 0 {
			c = len(columns) - 1
		}
		first := rowOf(s.start)
		last := max(first+1, rowOf(earliest(s.end, next).Add(slotLength-time.Nanosecond)))
		last = min(last, nRows)
		gs := gridSession{Title: s.Title, When: s.start.Format("15:04") + "–" + s.end.Format("15:04"), EditURL: ui.SessionPath(s.ID),
			MoveURL: ui.SessionPath(s.ID) + "/move", Version: s.Version}
		if bs := blocks[c]; len(bs) > 0 && first < bs[len(bs)-1].last {
			b := &bs[len(bs)-1]
			b.last = max(b.last, last)
			b.sessions = append(b.sessions, gs)
			continue
		}
		blocks[c] = append(blocks[c], block{first: first, last: last, sessions: []gridSession{gs}})
	}

	at := make([]map[int]block, len(columns)) // column → first row → block
	covered := make([]map[int]bool, len(columns))
	for c, bs := range blocks {
		at[c], covered[c] = map[int]block{}, map[int]bool{}
		for _, b := range bs {
			at[c][b.first] = b
			for row := b.first + 1; row < b.last; row++ {
				covered[c][row] = true
			}
		}
	}
	for row := range nRows {
		t := from.Add(time.Duration(row) * slotLength)
		gr := gridRow{Label: t.Format("15:04")}
		for c, name := range columns {
			if b, ok := at[c][row]; ok {
				gr.Cells = append(gr.Cells, gridCell{Span: b.last - b.first, Sessions: b.sessions})
				continue
			}
			if covered[c][row] {
				continue
			}
			room, where := name, " in "+name
			if c == len(columns)-1 && withoutRoom {
				room, where = "", " without a room"
			}
			gr.Cells = append(gr.Cells, gridCell{Span: 1, AddURL: addSessionURL(out.ID, room, t), Room: room, Start: t.Format(localLayout),
				AddLabel: " a session" + where + " at " + t.Format("15:04") + " on " + t.Format("Monday 2 January")})
		}
		d.Rows = append(d.Rows, gr)
	}
	return d
}

// addSessionURL is the form to add a session to gathering id in room (""
// for none), an hour from start.
func addSessionURL(id int64, room string, start time.Time) string {
	return ui.GatheringPath(id) + "/sessions/new?from=schedule&room=" + url.QueryEscape(room) +
		"&starts_at=" + url.QueryEscape(start.Format(localLayout)) +
		"&ends_at=" + url.QueryEscape(start.Add(time.Hour).Format(localLayout))
}

func earliest(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func latest(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
