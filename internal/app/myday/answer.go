package myday

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/gather-coop/gather/internal/app/apperr"
	"github.com/gather-coop/gather/internal/app/event"
	"github.com/gather-coop/gather/internal/app/notice"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// Answer replies, in tx, to person's message inReplyTo asking for their
// sessions of the gathering: one direct note with each coming session
// they have a place in (SessionsText), and their calendar's address.
// Nothing for someone blocked, or a gathering not published.
func (s *Service) Answer(ctx context.Context, tx store.Tx, gatheringID int64, person model.RemoteActor, inReplyTo string) error {
	if s.blocked != nil {
		if blocked, err := s.blocked(ctx, person.URI); err != nil || blocked {
			return err
		}
	}
	g, err := tx.GatheringGet(ctx, gatheringID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if g.Status != model.StatusPublished {
		return nil
	}
	loc, err := time.LoadLocation(g.Timezone)
	if err != nil {
		return fmt.Errorf("gathering %d: %w", g.ID, err)
	}
	theirs, err := s.sessionsOf(ctx, tx, g.ID, person.ID)
	if err != nil {
		return err
	}
	now := s.now()
	coming := theirs[:0]
	for _, sess := range theirs {
		if sess.EndsAt.After(now) {
			coming = append(coming, sess)
		}
	}
	link, err := s.calendar(ctx, tx, g.ID, person.ID)
	if err != nil {
		return err
	}
	actor, err := tx.ActorGetByID(ctx, g.ActorID)
	if err != nil {
		return err
	}
	e, err := event.Gathering(s.urls, actor, g, nil)
	if err != nil {
		return err
	}
	return s.notices.SendDirect(ctx, tx, actor, e, []notice.Direct{{Person: person, Text: SessionsText(g, loc, coming, link),
		Key: "my sessions " + inReplyTo, InReplyTo: inReplyTo}})
}

// sessionsOf are the scheduled sessions of a gathering the person has a
// place in (going), by start.
func (s *Service) sessionsOf(ctx context.Context, q store.Queries, gatheringID, personID int64) ([]model.Session, error) {
	sessions, err := q.SessionList(ctx, gatheringID)
	if err != nil {
		return nil, err
	}
	answers, err := q.RSVPList(ctx, gatheringID)
	if err != nil {
		return nil, err
	}
	going := map[int64]bool{}
	for _, r := range answers {
		if r.RemoteActorID != nil && *r.RemoteActorID == personID && r.SessionID != nil && r.Status == model.RSVPGoing {
			going[*r.SessionID] = true
		}
	}
	var out []model.Session
	for _, sess := range sessions {
		if going[sess.ID] && !sess.StartsAt.IsZero() {
			out = append(out, sess)
		}
	}
	return out, nil
}

// Calendar is what a personal calendar's address holds: the gathering,
// its co-op account, and the sessions its person has a place in.
type Calendar struct {
	Actor     model.Actor
	Gathering model.Gathering
	Sessions  []model.Session
}

// CalendarOf reads the personal calendar at token: store.ErrNotFound
// for a token never given (and for a draft), apperr.ErrGone once its gathering
// is deleted.
func (s *Service) CalendarOf(ctx context.Context, token string) (Calendar, error) {
	if len(token) != 32 {
		return Calendar{}, store.ErrNotFound
	}
	gatheringID, personID, err := s.store.MyCalendarGet(ctx, token)
	if err != nil {
		return Calendar{}, err
	}
	if gatheringID == 0 {
		return Calendar{}, fmt.Errorf("personal calendar: %w", apperr.ErrGone)
	}
	g, err := s.store.GatheringGet(ctx, gatheringID)
	if err != nil {
		return Calendar{}, err
	}
	if g.Status == model.StatusDraft {
		return Calendar{}, store.ErrNotFound
	}
	actor, err := s.store.ActorGetByID(ctx, g.ActorID)
	if err != nil {
		return Calendar{}, err
	}
	sessions, err := s.sessionsOf(ctx, s.store, g.ID, personID)
	if err != nil {
		return Calendar{}, err
	}
	return Calendar{Actor: actor, Gathering: g, Sessions: sessions}, nil
}

// Signup is one session someone signed up for at the venue.
type Signup struct {
	Session model.Session
	Room    string
	Status  model.RSVPStatus // going or waitlisted
}

// GuestSignups are the sessions of a gathering signed up for at the
// venue from the phone whose key is guestKey (a going or a waitlisted
// place), by start: a phone sees only its own.
func (s *Service) GuestSignups(ctx context.Context, gatheringID int64, guestKey string) ([]Signup, error) {
	if guestKey == "" {
		return nil, nil
	}
	g, err := s.store.GatheringGet(ctx, gatheringID)
	if err != nil {
		return nil, err
	}
	answers, err := s.store.RSVPList(ctx, gatheringID)
	if err != nil {
		return nil, err
	}
	status := map[int64]model.RSVPStatus{}
	for _, r := range answers {
		if r.GuestKey == guestKey && r.SessionID != nil && (r.Status == model.RSVPGoing || r.Status == model.RSVPWaitlisted) {
			status[*r.SessionID] = r.Status
		}
	}
	if len(status) == 0 {
		return nil, nil
	}
	sessions, err := s.store.SessionList(ctx, gatheringID)
	if err != nil {
		return nil, err
	}
	var out []Signup
	for _, sess := range sessions {
		if st, ok := status[sess.ID]; ok {
			out = append(out, Signup{Session: sess, Room: roomName(g, sess.RoomID), Status: st})
		}
	}
	return out, nil
}
