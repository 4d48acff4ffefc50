package app

import (
	"context"

	"github.com/gather-coop/gather/internal/app/myday"
)

// MyDayArgs is the job that sends, on the morning of one day of a
// gathering, each person with a place in its sessions their day
// (package myday).
type MyDayArgs = myday.Args

// DefaultMyDay is when a gathering sends its "my day" notes unless its
// organisers choose another time (or off).
const DefaultMyDay = myday.Default

// SendMyDay is the "my day" job's work: one direct note to each person
// with a place in one of the day's sessions who was not sent it yet;
// nothing for a gathering since moved, retimed, cancelled or deleted.
func (a *App) SendMyDay(ctx context.Context, args MyDayArgs) error {
	return a.myday.Send(ctx, args)
}

// ScheduleComingMyDays schedules the "my day" notes of every published
// gathering not over yet; days scheduled already are left as they are.
// It runs when jobs start, for the gatherings published before "my day"
// existed.
func (a *App) ScheduleComingMyDays(ctx context.Context) error {
	return a.myday.ScheduleComing(ctx)
}

// MyCalendar is what a personal calendar's address holds: a gathering
// and just the sessions its person has a place in.
type MyCalendar = myday.Calendar

// MyCalendarOf reads the personal calendar at token: ErrNotFound for a
// token never given, ErrGone once the gathering was deleted. Whoever has
// the address may read it: the token is the permission.
func (a *App) MyCalendarOf(ctx context.Context, token string) (MyCalendar, error) {
	return a.myday.CalendarOf(ctx, token)
}

// GuestSignup is one session signed up for at the venue from a phone.
type GuestSignup = myday.Signup

// GuestSignups are the sessions of a public gathering signed up for at
// the venue from the phone whose key is guestKey, by start. The key is
// the phone's own cookie: nobody else's sign-ups show.
func (a *App) GuestSignups(ctx context.Context, gatheringID int64, guestKey string) ([]GuestSignup, error) {
	if _, err := a.PublicGathering(ctx, gatheringID); err != nil {
		return nil, err
	}
	return a.myday.GuestSignups(ctx, gatheringID, guestKey)
}
