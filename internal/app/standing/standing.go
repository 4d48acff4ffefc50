// Package standing is the room of standing RSVPs: someone who replies "I'll
// come to all of them" to an occurrence of a series is going to every
// occurrence made from then on, until they reply "not any more".
//
// A standing reply answers going, under the capacity rules, for each of
// the series' coming occurrences already made (package rsvp, quietly), and
// is confirmed by one direct note for them all; each occurrence the series
// makes later gets the same answer by a job (OccurrenceArgs) enqueued in
// the transaction that made it, so that it is durable and runs whichever
// process made it. Withdrawing removes the answers the standing RSVP gave
// to coming occurrences; the person's own answers to single occurrences
// (another reply) stay, as do answers to occurrences already past.
//
// Reading the reply is package intent's (ReadStanding); the inbox hands
// the result here.
package standing

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/internal/app/apperr"
	"github.com/gather-coop/gather/internal/app/fed"
	"github.com/gather-coop/gather/internal/app/localurl"
	"github.com/gather-coop/gather/internal/app/rsvp"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// Service keeps standing RSVPs. Its zero value is not usable; see New.
type Service struct {
	store store.Store
	log   *slog.Logger
	now   func() time.Time
	urls  localurl.URLs
	fed   *fed.Service
	rsvp  *rsvp.Service
}

// Config is what New needs.
type Config struct {
	Store  store.Store
	Logger *slog.Logger
	Now    func() time.Time
	URLs   localurl.URLs
	Fed    *fed.Service
	RSVP   *rsvp.Service
}

// New returns a Service.
func New(c Config) *Service {
	return &Service{store: c.Store, log: c.Logger, now: c.Now, urls: c.URLs, fed: c.Fed, rsvp: c.RSVP}
}

// Reply is a reply read as standing or withdrawing, to the gathering
// GatheringID, by Person, in the note NoteID written at AnsweredAt (zero
// when unknown).
type Reply struct {
	GatheringID int64
	Person      model.RemoteActor
	NoteID      string
	AnsweredAt  time.Time
}

// answered is what one occurrence's answer came to.
type answered struct {
	g      model.Gathering
	status model.RSVPStatus
}

// Stand makes r's author's standing RSVP for the series the gathering is
// an occurrence of, answers going for each coming occurrence made, and
// confirms once. It returns false, doing nothing, when the gathering is
// no occurrence of a series. Saying it again when it stands answers any
// occurrence still unanswered and tells nobody anything new.
func (s *Service) Stand(ctx context.Context, r Reply) (bool, error) {
	occ, err := s.store.SeriesOccurrenceOf(ctx, r.GatheringID)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if blocked, err := s.rsvp.PersonBlocked(ctx, r.Person.URI); err != nil || blocked {
		if err == nil {
			err = fmt.Errorf("standing RSVP by %s: %w", r.Person.URI, apperr.ErrBlocked)
		}
		return true, err
	}
	series, err := s.store.SeriesGet(ctx, occ.SeriesID)
	if err != nil {
		return true, err
	}
	st, anew, err := s.store.StandingSave(ctx, &model.StandingRSVP{SeriesID: occ.SeriesID, RemoteActorID: r.Person.ID,
		ActivityURI: r.NoteID, CreatedAt: s.now().UTC()})
	if err != nil {
		return true, err
	}
	links, err := s.store.SeriesOccurrences(ctx, occ.SeriesID)
	if err != nil {
		return true, err
	}
	var done []answered
	for _, l := range links {
		req := rsvp.RSVPRequest{GatheringID: l.GatheringID, Person: &r.Person, Intent: rsvp.IntentGoing,
			Channel: model.ChannelReply, ActivityURI: st.ActivityURI, AnsweredAt: r.AnsweredAt, Quiet: true,
			// The occurrence replied to takes the reply as its own answer;
			// the others only fill in where the person has said nothing.
			IfUnanswered: l.GatheringID != r.GatheringID}
		if !anew && l.GatheringID == r.GatheringID {
			req.ActivityURI = r.NoteID
		}
		a, ok, err := s.answer(ctx, req)
		if err != nil {
			return true, err
		}
		if ok {
			done = append(done, a)
		}
	}
	if !anew {
		s.log.InfoContext(ctx, "standing RSVP said again", slog.Int64("series", series.ID), slog.String("person", r.Person.URI))
		return true, nil
	}
	return true, s.tell(ctx, r, s.standText(series, done))
}

// answer applies one occurrence's answer; false when the occurrence takes
// none (over, cancelled, a draft) and there is nothing to tell.
func (s *Service) answer(ctx context.Context, req rsvp.RSVPRequest) (answered, bool, error) {
	out, err := s.rsvp.RSVP(ctx, req)
	if errors.Is(err, apperr.ErrNoSignups) || errors.Is(err, store.ErrNotFound) {
		return answered{}, false, nil
	}
	if err != nil {
		return answered{}, false, fmt.Errorf("standing answer for gathering %d: %w", req.GatheringID, err)
	}
	g, err := s.store.GatheringGet(ctx, req.GatheringID)
	if err != nil {
		return answered{}, false, err
	}
	if out.RSVP.ID == 0 {
		return answered{}, false, nil
	}
	return answered{g: g, status: out.RSVP.Status}, true, nil
}

// Withdraw ends r's author's standing RSVP for the series the gathering
// is an occurrence of, removes the answers it gave to coming occurrences
// and confirms once. It returns false, doing nothing, when nothing stands
// there: the reply is then an answer for its own occurrence.
func (s *Service) Withdraw(ctx context.Context, r Reply) (bool, error) {
	occ, err := s.store.SeriesOccurrenceOf(ctx, r.GatheringID)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	st, err := s.store.StandingWithdraw(ctx, occ.SeriesID, r.Person.ID, s.now().UTC())
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	series, err := s.store.SeriesGet(ctx, occ.SeriesID)
	if err != nil {
		return true, err
	}
	given, err := s.store.RSVPListByActivity(ctx, st.ActivityURI)
	if err != nil {
		return true, err
	}
	var removed []model.Gathering
	ended := map[int64]bool{occ.SeriesID: true}
	for _, a := range given {
		if a.RemoteActorID == nil || *a.RemoteActorID != r.Person.ID || a.SessionID != nil {
			continue
		}
		if err := s.endCopies(ctx, st, a.GatheringID, ended); err != nil {
			return true, err
		}
		g, err := s.store.GatheringGet(ctx, a.GatheringID)
		if err != nil {
			return true, err
		}
		if !g.StartsAt.After(s.now()) {
			continue // what was, was
		}
		_, err = s.rsvp.RSVP(ctx, rsvp.RSVPRequest{GatheringID: a.GatheringID, Person: &r.Person, Intent: rsvp.IntentWithdraw,
			Channel: a.Channel, ActivityURI: a.ActivityURI, Quiet: true})
		if errors.Is(err, apperr.ErrNoSignups) {
			continue
		}
		if err != nil {
			return true, fmt.Errorf("withdraw standing answer for gathering %d: %w", a.GatheringID, err)
		}
		removed = append(removed, g)
	}
	text := "Done: you're no longer down for every " + series.Title + "."
	if len(removed) > 0 {
		lines := make([]string, len(removed))
		for i, g := range removed {
			lines[i] = when(g)
		}
		text += " Taken off: " + strings.Join(lines, "; ") + "."
	}
	text += " Answers you gave to single calls stay. Reply 'all of them' to any of them to come to every one again."
	return true, s.tell(ctx, r, text)
}

// endCopies ends the copy of st (the same reply, made when the series was
// split) in the series the gathering is an occurrence of, unless that
// series is in ended: "not any more" means the calls before the split too.
func (s *Service) endCopies(ctx context.Context, st model.StandingRSVP, gatheringID int64, ended map[int64]bool) error {
	occ, err := s.store.SeriesOccurrenceOf(ctx, gatheringID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil || ended[occ.SeriesID] {
		return err
	}
	ended[occ.SeriesID] = true
	other, err := s.store.StandingGet(ctx, occ.SeriesID, st.RemoteActorID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && (other.ActivityURI != st.ActivityURI || other.WithdrawnAt != nil)) {
		return nil
	}
	if err != nil {
		return err
	}
	_, err = s.store.StandingWithdraw(ctx, occ.SeriesID, st.RemoteActorID, s.now().UTC())
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	return err
}

// Deleted ends the standing RSVP person made by the reply activityURI,
// now deleted, to the gathering, if one stands by it: its answers go as
// every answer of a deleted message does (the inbox withdraws them), and
// no occurrence made later may bring it back. Nobody is told: the person
// took the message back themselves.
func (s *Service) Deleted(ctx context.Context, personID, gatheringID int64, activityURI string) error {
	occ, err := s.store.SeriesOccurrenceOf(ctx, gatheringID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	st, err := s.store.StandingGet(ctx, occ.SeriesID, personID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && (st.ActivityURI != activityURI || st.WithdrawnAt != nil)) {
		return nil
	}
	if err != nil {
		return err
	}
	_, err = s.store.StandingWithdraw(ctx, occ.SeriesID, personID, s.now().UTC())
	if errors.Is(err, store.ErrNotFound) {
		return nil // withdrawn meanwhile
	}
	return err
}

// OccurrenceArgs is the job that gives a new occurrence the answers of
// its series' standing RSVPs.
type OccurrenceArgs struct {
	GatheringID int64 `json:"gathering_id"`
}

// Kind implements river.JobArgs.
func (OccurrenceArgs) Kind() string { return "standing_occurrence" }

// Made enqueues, in tx (the one that made the occurrence o), the job that
// answers it for those standing: series.Config.Made.
func (s *Service) Made(ctx context.Context, tx store.Tx, o model.SeriesOccurrence) error {
	return tx.Enqueue(ctx, OccurrenceArgs{GatheringID: o.GatheringID}, &river.InsertOpts{
		UniqueOpts: river.UniqueOpts{ByArgs: true},
	})
}

// Apply answers going, quietly, for each standing RSVP of the series the
// gathering is an occurrence of, oldest first (the order places go in),
// but for those blocked since and those who answered it themselves. Run
// again, it changes nothing.
func (s *Service) Apply(ctx context.Context, gatheringID int64) error {
	occ, err := s.store.SeriesOccurrenceOf(ctx, gatheringID)
	if errors.Is(err, store.ErrNotFound) {
		return nil // no longer an occurrence: the series went
	}
	if err != nil {
		return err
	}
	list, err := s.store.StandingList(ctx, occ.SeriesID)
	if err != nil {
		return err
	}
	for _, st := range list {
		person, err := s.store.RemoteActorGetByID(ctx, st.RemoteActorID)
		if err != nil {
			return err
		}
		_, err = s.rsvp.RSVP(ctx, rsvp.RSVPRequest{GatheringID: gatheringID, Person: &person, Intent: rsvp.IntentGoing,
			Channel: model.ChannelReply, ActivityURI: st.ActivityURI, Quiet: true, IfUnanswered: true})
		switch {
		case errors.Is(err, apperr.ErrBlocked):
			s.log.InfoContext(ctx, "standing RSVP of a blocked person ignored", slog.String("person", person.URI))
		case errors.Is(err, apperr.ErrNoSignups), errors.Is(err, store.ErrNotFound):
			return nil // cancelled or gone before its turn came
		case err != nil:
			return fmt.Errorf("standing answer of %s for gathering %d: %w", person.URI, gatheringID, err)
		}
	}
	return nil
}

// Count returns how many stand for a series, but for those blocked
// since: their standing RSVPs count for nothing.
func (s *Service) Count(ctx context.Context, seriesID int64) (int, error) {
	list, err := s.store.StandingList(ctx, seriesID)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, st := range list {
		person, err := s.store.RemoteActorGetByID(ctx, st.RemoteActorID)
		if err != nil {
			return 0, err
		}
		blocked, err := s.rsvp.PersonBlocked(ctx, person.URI)
		if err != nil {
			return 0, err
		}
		if !blocked {
			n++
		}
	}
	return n, nil
}

// standText is the one confirmation of a new standing RSVP.
func (s *Service) standText(series model.Series, done []answered) string {
	var going, waiting []string
	for _, a := range done {
		switch a.status {
		case model.RSVPGoing:
			going = append(going, when(a.g))
		case model.RSVPWaitlisted:
			waiting = append(waiting, when(a.g))
		}
	}
	text := "You're down for every " + series.Title + ": each new one will count you in."
	if len(going) > 0 {
		text += " Going to " + strings.Join(going, "; ") + "."
	}
	if len(waiting) > 0 {
		text += " On the waitlist (full) for " + strings.Join(waiting, "; ") + "."
	}
	if series.LinkForAttendees && series.CallURL != "" && len(going) > 0 {
		text += " The call: " + series.CallURL
	}
	return text + " Reply 'not any more' to stop."
}

// when is "Tue 12 Jan, 18:00 GMT", in the gathering's zone.
func when(g model.Gathering) string {
	loc, err := time.LoadLocation(g.Timezone)
	if err != nil {
		loc = time.UTC
	}
	return g.StartsAt.In(loc).Format("Mon 2 Jan, 15:04 MST")
}

// tell sends the person a direct note in reply to theirs.
func (s *Service) tell(ctx context.Context, r Reply, text string) error {
	g, err := s.store.GatheringGet(ctx, r.GatheringID)
	if err != nil {
		return err
	}
	actor, err := s.store.ActorGetByID(ctx, g.ActorID)
	if err != nil {
		return err
	}
	now := s.now().UTC()
	published := now
	if r.AnsweredAt.After(now) && r.AnsweredAt.Sub(now) < time.Minute {
		published = r.AnsweredAt.Add(time.Millisecond) // never before the reply it answers
	}
	activityID := s.urls.NewActivity()
	noteID := s.urls.Gathering(g.ID) + "/notes/" + strings.TrimPrefix(activityID, s.urls.Base+"/activities/")
	note := federation.Note{
		ID: noteID, AttributedTo: s.urls.Actor(actor.Handle), InReplyTo: r.NoteID,
		Audience: federation.Audience{To: []string{r.Person.URI}},
		Mentions: []federation.Mention{{Href: r.Person.URI, Name: r.Person.Handle(), ProfileURL: r.Person.URL}},
		Text:     text, Published: published,
	}
	doc, err := federation.NoteJSON(note)
	if err != nil {
		return err
	}
	create, err := federation.Create(activityID, s.urls.Actor(actor.Handle), doc, note.Audience)
	if err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx store.Tx) error {
		return s.fed.Send(ctx, tx, &model.OutboxActivity{URI: activityID, ActorID: actor.ID, Type: "Create", ObjectURI: noteID,
			Raw: create, Public: false, CreatedAt: now.Truncate(time.Second)}, []string{r.Person.Inbox})
	})
}
