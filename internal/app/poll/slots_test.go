package poll

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/model"
)

func places(n int) *int { return &n }

func TestSlots(t *testing.T) {
	t.Parallel()
	main, small, hall := int64(1), int64(2), int64(3)
	g := model.Gathering{Rooms: []model.Room{
		{ID: main, Name: "Main", Capacity: places(40)},
		{ID: small, Name: "Small", Capacity: places(15)},
		{ID: hall, Name: "Hall"}, // no limit
	}}
	at := func(h, m int) time.Time { return time.Date(2027, 3, 6, h, m, 0, 0, time.UTC) }
	// Subtests run in turn: they share the ids handed out.
	id := int64(0)
	session := func(title string, start time.Time, room *int64, capacity *int) model.Session {
		id++
		return model.Session{ID: id, Title: title, StartsAt: start, RoomID: room, Capacity: capacity}
	}
	names := func(slots []Slot) [][]string {
		var out [][]string
		for _, s := range slots {
			var ns []string
			for _, o := range s.Options {
				ns = append(ns, o.Name)
			}
			out = append(out, ns)
		}
		return out
	}

	t.Run("two sessions taking sign-ups at one time make one poll", func(t *testing.T) {
		slots := Slots(g, []model.Session{
			session("Co-op law", at(10, 30), &main, nil),
			session("Bookkeeping", at(10, 30), &small, nil),
			session("Lunch", at(12, 0), &hall, nil),
		})
		require.Equal(t, [][]string{{"Co-op law · Main", "Bookkeeping · Small"}}, names(slots))
		require.Equal(t, at(10, 30), slots[0].StartsAt)
	})

	t.Run("sessions without sign-ups are left out, and a slot of one has no poll", func(t *testing.T) {
		slots := Slots(g, []model.Session{
			session("Keynote", at(9, 0), &main, nil),
			session("Open space", at(9, 0), &hall, nil),
			session("Coffee", at(9, 0), nil, nil),
			session("Zero places", at(9, 0), nil, places(0)),
		})
		require.Empty(t, slots)
	})

	t.Run("a session's own places count without a room", func(t *testing.T) {
		slots := Slots(g, []model.Session{
			session("Walk", at(14, 0), nil, places(10)),
			session("Tour", at(14, 0), &hall, places(20)),
		})
		require.Equal(t, [][]string{{"Walk", "Tour · Hall"}}, names(slots))
	})

	t.Run("four sessions are one poll, five are two polls split evenly", func(t *testing.T) {
		var four, five []model.Session
		for _, title := range []string{"A", "B", "C", "D"} {
			four = append(four, session(title, at(11, 0), nil, places(5)))
		}
		for _, title := range []string{"A", "B", "C", "D", "E"} {
			five = append(five, session(title, at(15, 0), nil, places(5)))
		}
		require.Equal(t, [][]string{{"A", "B", "C", "D"}}, names(Slots(g, four)))
		slots := Slots(g, five)
		require.Equal(t, [][]string{{"A", "B"}, {"C", "D", "E"}}, names(slots))
		require.Equal(t, []int{0, 1}, []int{slots[0].Part, slots[1].Part})
	})

	t.Run("nine sessions are three polls of three", func(t *testing.T) {
		var nine []model.Session
		for _, title := range []string{"A", "B", "C", "D", "E", "F", "G", "H", "I"} {
			nine = append(nine, session(title, at(16, 0), nil, places(5)))
		}
		require.Equal(t, [][]string{{"A", "B", "C"}, {"D", "E", "F"}, {"G", "H", "I"}}, names(Slots(g, nine)))
	})

	t.Run("slots come in time order, sessions in the order they were made", func(t *testing.T) {
		late1 := session("Late one", at(17, 0), nil, places(5))
		early1 := session("Early one", at(8, 0), nil, places(5))
		late2 := session("Late two", at(17, 0), nil, places(5))
		early2 := session("Early two", at(8, 0), nil, places(5))
		slots := Slots(g, []model.Session{late2, early2, late1, early1})
		require.Equal(t, [][]string{{"Early one", "Early two"}, {"Late one", "Late two"}}, names(slots))
	})
}
