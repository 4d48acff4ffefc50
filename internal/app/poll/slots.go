package poll

import (
	"cmp"
	"slices"
	"time"

	"github.com/gather-coop/gather/internal/app/event"
	"github.com/gather-coop/gather/internal/model"
)

// MaxSlotOptions is how many options Mastodon shows in a poll; GoToSocial
// shows more, but a poll must read the same everywhere.
const MaxSlotOptions = 4

// Slot is one slot poll as the sessions make it: the sessions that take
// sign-ups and start at StartsAt, Part numbering the polls of a slot
// with more of them than one poll shows.
type Slot struct {
	StartsAt time.Time
	Part     int
	Options  []SlotOption
}

// SlotOption is one session offered in a slot poll.
type SlotOption struct {
	SessionID int64
	Name      string // what the poll's button says: "title · room"
}

// TakesSignUps reports whether people sign up for a session: it has a
// number of places (its own or its room's). A session anyone may walk
// into has nothing to choose between.
func TakesSignUps(g model.Gathering, s model.Session) bool {
	c := event.CapacityOf(g, s)
	return c != nil && *c > 0
}

// Slots builds the slot polls of a gathering from its sessions: one per
// start time in which two or more sessions take sign-ups, split into
// polls of at most MaxSlotOptions. The split is even (five sessions are
// three and two, not four and one: a poll of one option asks nothing),
// and sessions keep the order they were made in, so that adding a
// session to a slot disturbs the polls already published least.
func Slots(g model.Gathering, sessions []model.Session) []Slot {
	bySlot := map[int64][]model.Session{}
	var starts []time.Time
	for _, s := range sessions {
		if !TakesSignUps(g, s) {
			continue
		}
		key := s.StartsAt.Unix()
		if _, ok := bySlot[key]; !ok {
			starts = append(starts, s.StartsAt)
		}
		bySlot[key] = append(bySlot[key], s)
	}
	slices.SortFunc(starts, func(a, b time.Time) int { return a.Compare(b) })
	var out []Slot
	for _, start := range starts {
		group := bySlot[start.Unix()]
		if len(group) < 2 {
			continue
		}
		slices.SortFunc(group, func(a, b model.Session) int { return cmp.Compare(a.ID, b.ID) })
		parts := (len(group) + MaxSlotOptions - 1) / MaxSlotOptions
		for p := range parts {
			// Part p takes its even share; the later parts take one more
			// when they do not divide evenly.
			from, to := p*len(group)/parts, (p+1)*len(group)/parts
			slot := Slot{StartsAt: start.UTC(), Part: p}
			for _, s := range group[from:to] {
				slot.Options = append(slot.Options, SlotOption{SessionID: s.ID, Name: OptionName(g, s)})
			}
			out = append(out, slot)
		}
	}
	return out
}

// OptionName is a session's button in a slot poll. The room tells apart
// two sessions of one title (a workshop given twice at once).
func OptionName(g model.Gathering, s model.Session) string {
	if room := event.RoomOf(g, s).Name; room != "" {
		return s.Title + " · " + room
	}
	return s.Title
}
