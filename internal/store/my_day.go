package store

import (
	"context"
	"time"
)

// MyDayQueries keep a gathering's "my day" time, who was sent which
// day's note, and the personal calendars' addresses (sqlstore/my_day.go).
type MyDayQueries interface {
	// GatheringMyDay returns the local time of day ("08:00") the
	// gathering's "my day" notes go out, or "" when it sends none. It is
	// kept out of the gathering's row, as its slot polls switch is.
	// ErrNotFound when the gathering does not exist.
	GatheringMyDay(ctx context.Context, gatheringID int64) (string, error)
	// GatheringMyDaySet sets it; "" turns the notes off.
	GatheringMyDaySet(ctx context.Context, gatheringID int64, at string) error
	// MyDaySent returns the remote actors already sent the note of the
	// local day (YYYY-MM-DD) of a gathering.
	MyDaySent(ctx context.Context, gatheringID int64, day string) (map[int64]bool, error)
	// MyDaySentMark records that remoteActorIDs were sent it, at sentAt.
	// ErrConflict when one of them was already.
	MyDaySentMark(ctx context.Context, gatheringID int64, day string, remoteActorIDs []int64, sentAt time.Time) error
	// MyCalendarToken returns the token of a person's calendar of a
	// gathering, keeping token (made by the caller, unguessable) as it
	// when they have none yet: a person keeps one address.
	MyCalendarToken(ctx context.Context, gatheringID, remoteActorID int64, token string, at time.Time) (string, error)
	// MyCalendarGet returns whose calendar of which gathering token is:
	// ErrNotFound for a token never given; gatheringID 0 for one whose
	// gathering was deleted since (its address answers 410).
	MyCalendarGet(ctx context.Context, token string) (gatheringID, remoteActorID int64, err error)
}
