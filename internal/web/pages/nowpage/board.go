package nowpage

import (
	"time"

	"github.com/gather-coop/gather/internal/model"
)

// phase is where the clock stands against the gathering.
type phase int

const (
	phaseOn        phase = iota // under way, or before it: the board shows a day
	phaseOver                   // ended: "that's all"
	phaseCancelled              // nothing will happen
)

// roomPlan is one line of the board before it is dressed for the page:
// the session on now in a room and the one after it, the same day.
type roomPlan struct {
	Name      string
	Now, Next *model.Session
}

// plan is what the board shows at one instant.
type plan struct {
	Phase phase
	Day   time.Time // midnight of the day shown, in the gathering's zone
	Rooms []roomPlan
	// Later is the first session of a later day, when today holds nothing
	// more anywhere: the board says when things resume.
	Later *model.Session
}

// elsewhere names the line of the sessions that have no room (the pub).
const elsewhere = "Elsewhere"

// planBoard decides what the board shows at now: the day is the
// gathering's local date of now (its first day before it starts); per
// room, in the gathering's order, the session on now and the next one to
// start that day. Sessions without a room, or in a room no longer listed,
// share a last line, shown only on a day that has some.
func planBoard(g model.Gathering, sessions []model.Session, now time.Time, loc *time.Location) plan {
	switch {
	case g.Status == model.StatusCancelled:
		return plan{Phase: phaseCancelled}
	case !now.Before(g.EndsAt):
		return plan{Phase: phaseOver}
	}
	shown := now
	if now.Before(g.StartsAt) {
		shown = g.StartsAt
	}
	p := plan{Phase: phaseOn, Day: midnight(shown.In(loc))}
	lines := map[int64]int{}
	for _, r := range g.Rooms {
		lines[r.ID] = len(p.Rooms)
		p.Rooms = append(p.Rooms, roomPlan{Name: r.Name})
	}
	other := roomPlan{Name: elsewhere}
	otherToday := false
	for i := range sessions {
		s := &sessions[i]
		line := &other
		if s.RoomID != nil {
			if n, ok := lines[*s.RoomID]; ok {
				line = &p.Rooms[n]
			}
		}
		today := midnight(s.StartsAt.In(loc)).Equal(p.Day)
		if line == &other && today {
			otherToday = true
		}
		place(line, s, now, today)
		if !today && s.StartsAt.After(now) && (p.Later == nil || s.StartsAt.Before(p.Later.StartsAt)) {
			p.Later = s
		}
	}
	if otherToday || other.Now != nil {
		p.Rooms = append(p.Rooms, other)
	}
	for _, r := range p.Rooms {
		if r.Now != nil || r.Next != nil {
			p.Later = nil
			break
		}
	}
	return p
}

// place puts s on line as its session now, or as its next one when it
// starts later the same day, keeping the earliest of each.
func place(line *roomPlan, s *model.Session, now time.Time, today bool) {
	switch {
	case !s.StartsAt.After(now) && now.Before(s.EndsAt):
		if line.Now == nil || s.StartsAt.Before(line.Now.StartsAt) {
			line.Now = s
		}
	case today && s.StartsAt.After(now):
		if line.Next == nil || s.StartsAt.Before(line.Next.StartsAt) {
			line.Next = s
		}
	}
}

// midnight is the start of t's date where t is.
func midnight(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// shownSessions are the sessions the plan puts on the board, for their
// seats left.
func (p plan) shownSessions() []int64 {
	var ids []int64
	for _, r := range p.Rooms {
		for _, s := range []*model.Session{r.Now, r.Next} {
			if s != nil {
				ids = append(ids, s.ID)
			}
		}
	}
	return ids
}
