package model

import "time"

// SlotPoll is one poll post of a gathering's time slot: "10:30 — which
// will you join?", one option per session taking sign-ups then. Its id
// names it forever; RetiredAt is set when the sessions no longer make it
// (it is then served closed, and nobody's vote for it counts).
type SlotPoll struct {
	ID          int64
	GatheringID int64
	StartsAt    time.Time
	Part        int // a slot with more sessions than a poll shows has several
	CreatedAt   time.Time
	RetiredAt   *time.Time
	Options     []SlotPollOption
}

// SlotPollOption is a session offered in a slot poll, under the name the
// poll last showed for it.
type SlotPollOption struct {
	SessionID int64
	Name      string
}
