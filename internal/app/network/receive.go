package network

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/client"
	"github.com/gather-coop/gather/federation/remoteevent"
	"github.com/gather-coop/gather/internal/app/fed"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// Receive acts on an incoming activity if it is a source's business: an
// Accept or Reject of our Follow, or a Create, Update, Announce or
// Delete of an Event by a source. It reports whether it took the
// activity; what it does not take the inbox handles as before (a followed
// co-op's reply to one of our gatherings is still an RSVP). A refused
// activity is taken, logged and dropped (a fed.SkipError): it must not be
// read as anything else either.
func (s *Service) Receive(ctx context.Context, act *federation.Activity) (bool, error) {
	switch act.Type {
	case "Accept", "Reject":
		return s.receiveAnswer(ctx, act)
	case "Create", "Update", "Announce", "Delete":
		return s.receiveEvent(ctx, act)
	}
	return false, nil
}

// receiveAnswer honours an Accept or Reject whose object is (or names)
// our Follow, sent by the actor we asked.
func (s *Service) receiveAnswer(ctx context.Context, act *federation.Activity) (bool, error) {
	followID := act.Object.ID
	if followID == "" {
		return false, nil
	}
	src, err := s.store.SourceGetByFollow(ctx, followID)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if src.ActorURI != act.Actor {
		return true, fed.Skip("%s of our Follow %s by %s, not %s, whom it asked", act.Type, followID, act.Actor, src.ActorURI)
	}
	now := s.now()
	state := model.SourceAccepted
	if act.Type == "Reject" {
		state = model.SourceRejected
	}
	err = s.store.InTx(ctx, func(tx store.Tx) error {
		if err := tx.SourceAnswered(ctx, src.ID, state, now); err != nil {
			return err
		}
		if err := tx.SourceHeard(ctx, src.ID, now); err != nil {
			return err
		}
		if state == model.SourceAccepted {
			return enqueueBackfill(ctx, tx, src.ID)
		}
		return nil
	})
	if err != nil {
		return true, fmt.Errorf("record %s of %s: %w", act.Type, src.ActorURI, err)
	}
	s.log.InfoContext(ctx, "source answered", slog.String("source", src.ActorURI), slog.String("state", string(state)))
	return true, nil
}

// receiveEvent takes a Create, Update, Announce or Delete of an Event
// whose source we follow (see trust).
//
// What is plainly not about an Event (a reply, a poll vote: most of what
// the inbox gets) is left to the other handlers before anything is read
// from the database; a source is heard from when it sends about events.
func (s *Service) receiveEvent(ctx context.Context, act *federation.Activity) (bool, error) {
	in, err := remoteevent.Read(act.Raw)
	if errors.Is(err, remoteevent.ErrNotEvent) {
		return false, nil
	}
	// Co-hosting first: an event naming one of our accounts is taken
	// from its own server even when we follow no one there.
	coHosted, cerr := s.receiveCoHosted(ctx, act, in, err)
	if cerr != nil {
		return true, cerr
	}
	taken, err := s.receiveSourceEvent(ctx, act, in, err)
	return taken || coHosted, err
}

// receiveSourceEvent is receiveEvent's part for sources: in is what Read
// made of the activity, err its failure.
func (s *Service) receiveSourceEvent(ctx context.Context, act *federation.Activity, in remoteevent.Incoming, err error) (bool, error) {
	sender, senderErr := s.store.SourceGetByActor(ctx, act.Actor)
	if senderErr != nil && !errors.Is(senderErr, store.ErrNotFound) {
		return false, senderErr
	}
	known := senderErr == nil
	if known {
		if err := s.store.SourceHeard(ctx, sender.ID, s.now()); err != nil {
			return false, err
		}
	}
	if id, ok := remoteevent.IsFetch(err); ok {
		// Only a source's word makes us fetch: a stranger naming an
		// object by IRI costs us nothing.
		if !known {
			return false, nil
		}
		in = remoteevent.Incoming{ActivityID: act.ID, Type: act.Type, Actor: act.Actor, Action: remoteevent.Upsert}
		in.Event, err = s.fetchEvent(ctx, id)
		if errors.Is(err, remoteevent.ErrNotEvent) {
			return false, nil
		}
		if err != nil {
			if refusedByOrigin(err) {
				return true, fed.Skip("%s %s: refused: %v", act.Type, act.ID, err)
			}
			return true, err // its origin did not answer: try again later
		}
	} else if err != nil {
		if !known {
			return false, nil
		}
		return true, fed.Skip("%s %s from source %s: refused: %v", act.Type, act.ID, act.Actor, err)
	}
	switch in.Action {
	case remoteevent.Upsert:
		return s.upsert(ctx, act, in.Event, sender, known)
	case remoteevent.Delete:
		return s.delete(ctx, act, in.DeletedID)
	}
	return false, nil
}

// upsert stores an event a source sent, when trust allows.
func (s *Service) upsert(ctx context.Context, act *federation.Activity, e remoteevent.Event, sender model.Source, known bool) (bool, error) {
	src, err := s.trust(ctx, act, e, sender, known)
	if errors.Is(err, errStranger) {
		return false, nil
	}
	if err != nil {
		return true, err
	}
	wrote, err := s.store.RemoteEventUpsert(ctx, remoteEventOf(src.ID, e, s.now()))
	if errors.Is(err, store.ErrConflict) {
		return true, fed.Skip("%s %s of %s: refused: another source's event", act.Type, act.ID, e.ID)
	}
	if err != nil {
		return true, fmt.Errorf("store event %s of %s: %w", e.ID, src.ActorURI, err)
	}
	// The sessions are read even when the gathering was not newer: a
	// retry after a session's fetch failed finds the gathering stored.
	if err := s.storeSessions(ctx, src, e); err != nil {
		return true, err
	}
	if !wrote {
		return true, fed.Skip("%s %s of %s: not newer than ours", act.Type, act.ID, e.ID)
	}
	return true, nil
}

// MaxSessions bounds how many of a gathering's sessions are fetched.
const MaxSessions = 30

// storeSessions fetches and stores the sessions a gathering names
// (subEvent): Gather sends each session's Event only to who asks, so
// they are fetched, signed, from the source's origin, at most
// MaxSessions. A session on another origin is not taken.
func (s *Service) storeSessions(ctx context.Context, src model.Source, e remoteevent.Event) error {
	for i, id := range e.SubEvents {
		if i >= MaxSessions {
			break
		}
		if !federation.SameOrigin(id, src.ActorURI) {
			continue
		}
		sub, err := s.fetchEvent(ctx, id)
		if errors.Is(err, remoteevent.ErrNotEvent) || refusedByOrigin(err) {
			s.log.DebugContext(ctx, "session not taken", slog.String("session", id), slog.Any("error", err))
			continue
		}
		if err != nil {
			return err
		}
		sub.SuperEvent = e.ID
		if _, err := s.store.RemoteEventUpsert(ctx, remoteEventOf(src.ID, sub, s.now())); err != nil && !errors.Is(err, store.ErrConflict) {
			return fmt.Errorf("store session %s of %s: %w", id, e.ID, err)
		}
	}
	return nil
}

// errStranger: the event is no source's of ours; the inbox reads it as
// it always did.
var errStranger = errors.New("not from a source we follow")

// trust finds the source an event belongs to and says whether it is
// taken: its author is a source we follow, accepted, and the event's id
// is on that source's origin; an Announce by an accepted source of an
// event it does not publish files it under the announcer.
func (s *Service) trust(ctx context.Context, act *federation.Activity, e remoteevent.Event, sender model.Source, known bool) (model.Source, error) {
	src, err := s.store.SourceGetByActor(ctx, e.AttributedTo)
	switch {
	case err == nil:
	case errors.Is(err, store.ErrNotFound) && act.Type == "Announce" && known:
		src = sender
	case errors.Is(err, store.ErrNotFound):
		if known {
			return model.Source{}, fed.Skip("%s %s: event %s by %s, no source of ours", act.Type, act.ID, e.ID, e.AttributedTo)
		}
		return model.Source{}, errStranger
	default:
		return model.Source{}, err
	}
	if src.State != model.SourceAccepted {
		return model.Source{}, fed.Skip("%s %s: source %s has not accepted our follow", act.Type, act.ID, src.ActorURI)
	}
	if !federation.SameOrigin(e.ID, e.AttributedTo) {
		return model.Source{}, fed.Skip("%s %s: event %s not on the origin of %s", act.Type, act.ID, e.ID, e.AttributedTo)
	}
	// The sender speaks for the author's server (the author, a member of
	// a Mobilizon group) or shares it (Announce, fetched from origin).
	if act.Type != "Announce" && !federation.SameOrigin(act.Actor, src.ActorURI) {
		return model.Source{}, fed.Skip("%s %s by %s of %s's event", act.Type, act.ID, act.Actor, src.ActorURI)
	}
	return src, nil
}

// delete removes a source's event, when the sender is on its origin.
func (s *Service) delete(ctx context.Context, act *federation.Activity, id string) (bool, error) {
	stored, err := s.store.RemoteEventGet(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil // perhaps a reply withdrawn
	}
	if err != nil {
		return false, err
	}
	src, err := s.store.SourceGet(ctx, stored.SourceID)
	if err != nil {
		return false, err
	}
	if !federation.SameOrigin(act.Actor, src.ActorURI) {
		return true, fed.Skip("Delete %s of %s by %s: another server's event", act.ID, id, act.Actor)
	}
	if err := s.store.RemoteEventDelete(ctx, src.ID, id); err != nil && !errors.Is(err, store.ErrNotFound) {
		return true, err
	}
	return true, nil
}

// fetchEvent fetches an event from its id, signed, and reads it: it
// must be on the origin that answered.
func (s *Service) fetchEvent(ctx context.Context, id string) (remoteevent.Event, error) {
	raw, err := s.fed.FetchSigned(ctx, id)
	if err != nil {
		return remoteevent.Event{}, fmt.Errorf("fetch event %s: %w", id, err)
	}
	return remoteevent.ParseFetched(raw, id)
}

// refusedByOrigin reports whether a fetch from an object's origin
// settled the matter: the origin disowned it (another id, a malformed
// document) or answered 4xx (no such object, or not for us). Anything
// else (a time-out, a 5xx) may go better later.
func refusedByOrigin(err error) bool {
	if errors.Is(err, federation.ErrForeignID) || errors.Is(err, federation.ErrMalformed) || errors.Is(err, client.ErrOriginMismatch) {
		return true
	}
	var se *client.StatusError
	return errors.As(err, &se) && se.Code >= 400 && se.Code < 500 && se.Code != 429
}

// remoteEventOf is e as we keep it, for source sourceID.
func remoteEventOf(sourceID int64, e remoteevent.Event, now time.Time) *model.RemoteEvent {
	r := &model.RemoteEvent{
		SourceID: sourceID, ObjectURI: e.ID, URL: e.URL, ParentURI: e.SuperEvent,
		Title: e.Name, SummaryHTML: e.SummaryHTML, ContentHTML: e.ContentHTML,
		StartsAt: e.Start.UTC(), Timezone: e.TimeZone, OnlineURL: e.OnlineURL,
		Status: string(e.Status), PictureURL: e.PictureURL, Raw: string(e.Raw), ReceivedAt: now,
	}
	if !e.End.IsZero() {
		end := e.End.UTC()
		r.EndsAt = &end
	}
	if p := e.Place; p != nil {
		r.PlaceName, r.PlaceAddress = p.Name, p.Address
		if p.HasGeo {
			lat, lon := p.Latitude, p.Longitude
			r.Latitude, r.Longitude = &lat, &lon
		}
	}
	r.PublishedAt = timePtr(e.Published)
	r.UpdatedAt = timePtr(e.Updated)
	r.Version = timePtr(e.Version())
	return r
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}
