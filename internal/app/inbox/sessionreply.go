package inbox

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/intent"
	"github.com/gather-coop/gather/internal/app/event"
	"github.com/gather-coop/gather/internal/app/rsvp"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// An answer to a gathering may name one of its sessions ("I'll go to the
// pricing workshop", "not going to big tech"): it is then that session's
// answer, under the session's capacity and with its confirmation, as a
// slot vote is. intent.NameSession says which session a reply names;
// when it may mean several, the person is asked which, in a short note
// listing them, and nothing is signed up. The note is one of the
// gathering's, so a reply to it ("big tech, going") is read here again.
// A reply that names no session stays the gathering's answer.

// sessionNamed is what an answer to a gathering says of its sessions.
type sessionNamed struct {
	target  rsvp.Target     // narrowed to the session named, if one is
	unclear []model.Session // the sessions it may mean, when several
	g       model.Gathering
}

// namedSession reads which of the gathering's sessions still to come a
// reply to target, the gathering itself, names.
func (s *Service) namedSession(ctx context.Context, target rsvp.Target, contentHTML string) (sessionNamed, error) {
	out := sessionNamed{target: target}
	if target.SessionID != nil || target.Poll || target.SlotPollID != 0 || !intent.MayNameSession(contentHTML) {
		return out, nil
	}
	sessions, err := s.store.SessionList(ctx, target.GatheringID)
	if err != nil || len(sessions) == 0 {
		return out, err
	}
	now := s.now()
	upcoming := sessions[:0:0]
	for _, sess := range sessions {
		if sess.EndsAt.After(now) {
			upcoming = append(upcoming, sess)
		}
	}
	if len(upcoming) == 0 {
		return out, nil
	}
	if out.g, err = s.store.GatheringGet(ctx, target.GatheringID); err != nil {
		return out, err
	}
	choices := make([]intent.Choice, len(upcoming))
	for i, sess := range upcoming {
		choices[i] = intent.Choice{Title: sess.Title, Kind: strings.ReplaceAll(string(sess.Kind), "_", " ")}
	}
	named := intent.NameSession(contentHTML, out.g.Title, choices)
	if named.Index >= 0 {
		id := upcoming[named.Index].ID
		out.target = rsvp.Target{GatheringID: target.GatheringID, SessionID: &id}
	}
	for _, i := range named.Unclear {
		out.unclear = append(out.unclear, upcoming[i])
	}
	return out, nil
}

// answerNamed applies a reply's answer to the session it names, or to
// the gathering when it names none, or asks which session it means. Only
// a new post is asked about: an edit that has become unclear changes
// nothing. A reply to slotPoll (0 for none) going to one of its sessions
// is a change of vote: the place held through the poll's other sessions
// is given up first, as a vote for another option gives it up.
func (s *Service) answerNamed(ctx context.Context, act *federation.Activity, target rsvp.Target, want rsvp.Intent, note federation.NoteIn, slotPoll int64) error {
	named, err := s.namedSession(ctx, target, note.ContentHTML)
	if err != nil {
		return err
	}
	if len(named.unclear) > 0 {
		if act.Type != "Create" {
			return skip("edit %s names several sessions", note.ID)
		}
		return s.askWhichSession(ctx, named, act.Actor, note)
	}
	answeredAt := event.LaterOf(note.Published, note.Updated)
	if named.target.SessionID != nil && act.Type != "Create" {
		if err := s.withdrawOtherSessions(ctx, act.Actor, note.ID, *named.target.SessionID); err != nil {
			return err
		}
	}
	if slotPoll != 0 && want == rsvp.IntentGoing && named.target.SessionID != nil {
		if err := s.leaveSlotPoll(ctx, act.Actor, slotPoll, named.target, note.ID, answeredAt); err != nil {
			return err
		}
	}
	return s.rsvpFrom(ctx, act.Actor, named.target, want, model.ChannelReply, note.ID, answeredAt)
}

// leaveSlotPoll gives up the places actorURI holds through the slot
// poll's options other than target's session, when the poll, still open,
// offers that session.
func (s *Service) leaveSlotPoll(ctx context.Context, actorURI string, slotPoll int64, target rsvp.Target, noteID string, answeredAt time.Time) error {
	p, err := s.store.SlotPollGet(ctx, slotPoll)
	if errors.Is(err, store.ErrNotFound) || err == nil && (p.GatheringID != target.GatheringID || p.RetiredAt != nil) {
		return nil
	}
	if err != nil {
		return err
	}
	var others []int64
	offered := false
	for _, o := range p.Options {
		if o.SessionID == *target.SessionID {
			offered = true
		} else {
			others = append(others, o.SessionID)
		}
	}
	if !offered {
		return nil
	}
	person, err := s.fed.RemoteActor(ctx, actorURI, false)
	if err != nil {
		return err
	}
	return s.giveUpPlaces(ctx, person, p.GatheringID, others, model.ChannelReply, noteID, answeredAt)
}

// withdrawOtherSessions takes back the session answers an edited reply
// gave before it named sessionID instead: the edit moves the sign-up.
func (s *Service) withdrawOtherSessions(ctx context.Context, actorURI, noteID string, sessionID int64) error {
	rsvps, err := s.store.RSVPListByActivity(ctx, noteID)
	if err != nil {
		return err
	}
	for _, r := range rsvps {
		if r.SessionID == nil || *r.SessionID == sessionID {
			continue
		}
		if err := s.withdraw(ctx, actorURI, r); err != nil {
			return err
		}
	}
	return nil
}

// askWhichSession answers a reply that may mean several sessions with a
// short note to its writer listing them.
func (s *Service) askWhichSession(ctx context.Context, named sessionNamed, actorURI string, note federation.NoteIn) error {
	if blocked, err := s.rsvp.PersonBlocked(ctx, actorURI); err != nil || blocked {
		if err == nil {
			err = skip("reply by %s, who is blocked", actorURI)
		}
		return err
	}
	actor, err := s.store.ActorGetByID(ctx, named.g.ActorID)
	if err != nil {
		return err
	}
	person, err := s.fed.RemoteActor(ctx, actorURI, false)
	if err != nil {
		return err
	}
	base := s.urls.Gathering(named.g.ID)
	// Marked processed in the same transaction: a retried job must not
	// ask twice.
	return s.InTxMarkingProcessed(ctx, func(tx store.Tx) error {
		return s.sendAsk(ctx, tx, actor, person, base, note.ID, whichSessionText(named.g, named.unclear))
	})
}

// whichSessionText is the question: "Which session do you mean: Pricing
// workshop (Sat 10:30, Back room), …?". Like the gathering's question it
// carries no link.
func whichSessionText(g model.Gathering, sessions []model.Session) string {
	loc, err := time.LoadLocation(g.Timezone)
	if err != nil {
		loc = time.UTC
	}
	names := make([]string, 0, len(sessions))
	for _, sess := range sessions {
		when := sess.StartsAt.In(loc).Format("Mon 15:04")
		if room := event.RoomOf(g, sess); room.Name != "" {
			when += ", " + room.Name
		}
		names = append(names, sess.Title+" ("+when+")")
	}
	return "Which session do you mean: " + strings.Join(names, "; ") +
		"? Reply to this with its name and 'going'."
}
