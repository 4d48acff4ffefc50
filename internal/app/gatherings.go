package app

import (
	"context"
	"time"

	"github.com/gather-coop/gather/internal/app/facilitator"
	"github.com/gather-coop/gather/internal/app/gathering"
	"github.com/gather-coop/gather/internal/model"
)

// The gatherings' room (package gathering), passed on under the names
// callers always used.
type (
	// EventRef names a created or changed gathering or session.
	EventRef = gathering.EventRef
	// GatheringRef is a gathering's EventRef with its sessions'.
	GatheringRef = gathering.GatheringRef
	// GatheringDetail is a gathering with its actor and sessions.
	GatheringDetail = gathering.GatheringDetail
	// Warning is something saved that may need a second look, like a
	// facilitator whose server did not answer.
	Warning = facilitator.Warning
	// FacilitatorLookupArgs is the job that looks up a session's
	// unconfirmed facilitators later (LookUpFacilitator).
	FacilitatorLookupArgs = facilitator.LookupArgs
	// GatheringOutput is a gathering as the API and the import file write it.
	GatheringOutput = gathering.GatheringOutput
	// SessionOutput is one session of a GatheringOutput.
	SessionOutput = gathering.SessionOutput
)

// FacilitatorLookupAttempts is how often a facilitator is looked up
// before the look-up gives up; see package gathering.
const FacilitatorLookupAttempts = facilitator.LookupAttempts

// LookupBackoff is how long a facilitator look-up waits after its
// attempt-th failure.
func LookupBackoff(attempt int) time.Duration { return facilitator.LookupBackoff(attempt) }

// CreateGathering saves a new gathering of the co-op handle, with its
// rooms, tracks and sessions, in one transaction: all or nothing. With
// publish set it is published at once. Without a time zone or an RSVP
// poll choice, it takes the instance settings' defaults.
func (a *App) CreateGathering(ctx context.Context, handle string, in *GatheringInput, publish bool) (GatheringRef, error) {
	return a.gatherings.CreateGathering(ctx, handle, in, publish)
}

// GatheringDetail returns a gathering of any status, for its organisers.
func (a *App) GatheringDetail(ctx context.Context, id int64) (GatheringDetail, error) {
	return a.gatherings.GatheringDetail(ctx, id)
}

// PublishGathering makes a draft public and sends it to followers.
// Publishing a published gathering changes nothing.
func (a *App) PublishGathering(ctx context.Context, id int64) (GatheringRef, error) {
	return a.gatherings.PublishGathering(ctx, id)
}

// UpdateGathering applies patch (the fields given, in the shape of
// input.GatheringInput; sessions are edited one by one) to a gathering. A
// published gathering's followers get an Update, and a Note when the time
// or place changed. expectedVersion (0: none) refuses stale edits.
func (a *App) UpdateGathering(ctx context.Context, id int64, patch []byte, expectedVersion int) (GatheringRef, error) {
	return a.gatherings.UpdateGathering(ctx, id, patch, expectedVersion)
}

// SaveGathering replaces a gathering's details with in (the editor's
// form), as UpdateGathering does for a patch.
func (a *App) SaveGathering(ctx context.Context, id int64, in *GatheringInput, expectedVersion int) (GatheringRef, error) {
	return a.gatherings.SaveGathering(ctx, id, in, expectedVersion)
}

// CancelGathering cancels a gathering. Once published, everything
// followers and those who answered were sent changes: the gathering's
// Event (status cancelled) and each announced session's post, and every
// RSVP poll is closed (an Update of each Question, "closed" set to now),
// all sent to the followers and to everyone who answered; then a note
// says so (announce: the public note to followers who did not answer, a
// direct one to each who did). A reply or vote that comes later is not
// counted and is answered once (notice.Service.TellCancelled).
func (a *App) CancelGathering(ctx context.Context, id int64) (GatheringRef, error) {
	return a.gatherings.CancelGathering(ctx, id)
}

// DeleteGathering deletes a gathering and its sessions. If it was ever
// public, everything published about it goes with it: the Events, their
// RSVP polls, the change notes and the confirmations, each deleted on the
// servers it was sent to; and every one of those ids answers 410 from then
// on.
func (a *App) DeleteGathering(ctx context.Context, id int64) error {
	return a.gatherings.DeleteGathering(ctx, id)
}

// AddSession adds a session to a gathering. If the gathering is public,
// followers get an Update of it (its schedule changed), and a Create of
// the session when it is to be announced.
func (a *App) AddSession(ctx context.Context, gatheringID int64, in *SessionInput) (EventRef, error) {
	return a.gatherings.AddSession(ctx, gatheringID, in)
}

// SessionDetail returns a session with its gathering, for its organisers.
func (a *App) SessionDetail(ctx context.Context, id int64) (GatheringDetail, model.Session, error) {
	return a.gatherings.SessionDetail(ctx, id)
}

// UpdateSession applies patch (fields of input.SessionInput) to a session. If
// the gathering is public, followers get an Update of the session, and a
// Note when its time or room changed.
func (a *App) UpdateSession(ctx context.Context, id int64, patch []byte, expectedVersion int) (EventRef, error) {
	return a.gatherings.UpdateSession(ctx, id, patch, expectedVersion)
}

// SaveSession replaces a session's details with in.
func (a *App) SaveSession(ctx context.Context, id int64, in *SessionInput, expectedVersion int) (EventRef, error) {
	return a.gatherings.SaveSession(ctx, id, in, expectedVersion)
}

// DeleteSession deletes a session; if the gathering is public, the
// session's Event, its poll and its notes are deleted where they were
// sent, followers get an Update of the gathering, and those ids answer
// 410 from then on.
func (a *App) DeleteSession(ctx context.Context, id int64) error {
	return a.gatherings.DeleteSession(ctx, id)
}

// ResolveHandle finds the account @user@host by WebFinger and fetches its
// actor, for showing it (name, avatar) and mentioning it.
func (a *App) ResolveHandle(ctx context.Context, handle string) (model.Facilitator, error) {
	return a.facilitators.ResolveHandle(ctx, handle)
}

// LookUpFacilitator looks a pending facilitator's handle up again. Found,
// the facilitator takes its account (name, avatar) and, if the gathering
// is published, followers get an Update of the gathering (and of the
// session when it was announced) that mentions them, sent to their inbox
// too so that their server notifies them. A server saying there is no
// such account ends the search (the organiser sees it on the session's
// page). Any other failure is returned, for the job to retry.
func (a *App) LookUpFacilitator(ctx context.Context, p FacilitatorLookupArgs) error {
	return a.gatherings.LookUpFacilitator(ctx, p)
}

// GatheringOutput returns a gathering for the API.
func (a *App) GatheringOutput(ctx context.Context, id int64) (GatheringOutput, error) {
	return a.gatherings.GatheringOutput(ctx, id)
}

// GatheringOutputOf is GatheringOutput of a gathering already loaded.
func (a *App) GatheringOutputOf(d GatheringDetail) GatheringOutput {
	return a.gatherings.GatheringOutputOf(d)
}

// ListGatherings returns the co-op's gatherings, all states, by start:
// their own fields only (one query); rooms, tracks and sessions come with
// each one's GET.
func (a *App) ListGatherings(ctx context.Context, handle string) ([]GatheringOutput, error) {
	return a.gatherings.ListGatherings(ctx, handle)
}

// DefaultActor returns the handle of the instance's first co-op account,
// for requests that do not name one; for an organiser, the first they
// organise for.
func (a *App) DefaultActor(ctx context.Context) (string, error) {
	return a.gatherings.DefaultActor(ctx)
}

// PollDocument returns an event's poll, with its current counts.
func (a *App) PollDocument(ctx context.Context, kind EventKind, id int64) ([]byte, error) {
	return a.polls.Document(ctx, kind, id)
}

// SlotPollDocument returns one of a gathering's slot polls, with its
// current counts.
func (a *App) SlotPollDocument(ctx context.Context, gatheringID, pollID int64) ([]byte, error) {
	return a.polls.SlotDocument(ctx, gatheringID, pollID)
}

// NoteDocument returns one of the public notes we posted about an event
// (its id is the event's, then /notes/…): the Note as sent. A note whose
// event was deleted, or that was deleted itself, gives apperr.ErrGone; a note to
// some people only is not found.
func (a *App) NoteDocument(ctx context.Context, kind EventKind, eventID int64, noteURI string) ([]byte, error) {
	return a.gatherings.NoteDocument(ctx, kind, eventID, noteURI)
}

// SendEventUpdate sends followers the event as it is now: its counts.
func (a *App) SendEventUpdate(ctx context.Context, p EventUpdateArgs) error {
	return a.gatherings.SendEventUpdate(ctx, p)
}

// PublicGathering returns a published or cancelled gathering for its
// public page; drafts are not found, deleted ones are ErrGone.
func (a *App) PublicGathering(ctx context.Context, id int64) (GatheringDetail, error) {
	return a.gatherings.PublicGathering(ctx, id)
}

// PublicSession returns a session of a public gathering, as PublicGathering.
func (a *App) PublicSession(ctx context.Context, id int64) (GatheringDetail, model.Session, error) {
	return a.gatherings.PublicSession(ctx, id)
}

// PublicGatherings returns every published or cancelled gathering of a
// co-op with its sessions, for its calendar.
func (a *App) PublicGatherings(ctx context.Context, handle string) (model.Actor, []GatheringDetail, error) {
	return a.gatherings.PublicGatherings(ctx, handle)
}

// PublicGoing returns how many people are going to each of sessionIDs of
// the public gathering gatheringID (0 for nobody), for seats left.
func (a *App) PublicGoing(ctx context.Context, gatheringID int64, sessionIDs []int64) (map[int64]int, error) {
	return a.gatherings.PublicGoing(ctx, gatheringID, sessionIDs)
}
