package app

import (
	"context"

	"github.com/gather-coop/gather/internal/app/rsvp"
	"github.com/gather-coop/gather/internal/model"
)

// The answers' room (package rsvp), passed on under the names callers
// always used.
type (
	// Intent is what a message means for a person's RSVP.
	Intent = rsvp.Intent
	// RSVPRequest is one person's answer for one event, from any channel.
	RSVPRequest = rsvp.RSVPRequest
	// RSVPOutcome is what an RSVP did.
	RSVPOutcome = rsvp.RSVPOutcome
	// EventUpdateArgs is the job that sends an event's new counts to
	// followers (SendEventUpdate).
	EventUpdateArgs = rsvp.EventUpdateArgs
	// RSVPView is one answer as organisers see it.
	RSVPView = rsvp.RSVPView
	// ClashRef names the other session of a double booking.
	ClashRef = rsvp.ClashRef
	// PersonView is who answered or commented.
	PersonView = rsvp.PersonView
)

// The intents; see package rsvp.
const (
	IntentNone     = rsvp.IntentNone
	IntentGoing    = rsvp.IntentGoing
	IntentMaybe    = rsvp.IntentMaybe
	IntentNotGoing = rsvp.IntentNotGoing
	IntentWithdraw = rsvp.IntentWithdraw
)

// RSVP applies one person's answer under the capacity rules, in one
// transaction: when the event is full "going" joins the waitlist in
// arrival order; when someone who was going leaves, the first in line is
// promoted. Each person whose answer changed gets one short confirmation
// note, addressed to them alone; a message that changes nothing changes
// nothing and tells nobody. The event's counts go out, coalesced, later.
func (a *App) RSVP(ctx context.Context, req RSVPRequest) (RSVPOutcome, error) {
	return a.rsvp.RSVP(ctx, req)
}

// PromoteRSVP lets an organiser give a waitlisted person a place now,
// ahead of the line and past the capacity if need be.
func (a *App) PromoteRSVP(ctx context.Context, gatheringID, rsvpID int64) error {
	return a.rsvp.PromoteRSVP(ctx, gatheringID, rsvpID)
}

// RemoveRSVP lets an organiser take an answer off an event; the place it
// held goes to the first on the waitlist.
func (a *App) RemoveRSVP(ctx context.Context, gatheringID, rsvpID int64) error {
	return a.rsvp.RemoveRSVP(ctx, gatheringID, rsvpID)
}

// BlockPerson stops a fediverse account from answering and takes back the
// answers it gave to gatherings that have not ended.
func (a *App) BlockPerson(ctx context.Context, actorURI string) error {
	return a.rsvp.BlockPerson(ctx, actorURI)
}

// SignUpAtVenue records a day-of sign-up for a session: a name given on
// a phone at the door, unverified, shown as such to organisers.
func (a *App) SignUpAtVenue(ctx context.Context, sessionID int64, name, guestKey string) (RSVPOutcome, error) {
	return a.rsvp.SignUpAtVenue(ctx, sessionID, name, guestKey)
}

// WaitlistPlace returns r's place in its event's waitlist (1 is next), or
// 0 when it is not waiting.
func (a *App) WaitlistPlace(ctx context.Context, r model.RSVP) int {
	return a.rsvp.WaitlistPlace(ctx, r)
}

// personBlocked reports whether an organiser blocked the actor, or its
// domain is blocked.
func (a *App) personBlocked(ctx context.Context, uri string) (bool, error) {
	return a.rsvp.PersonBlocked(ctx, uri)
}
