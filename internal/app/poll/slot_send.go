package poll

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/asevent"
	"github.com/gather-coop/gather/internal/app/event"
	"github.com/gather-coop/gather/internal/app/localurl"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// SlotPollID is a slot poll's IRI: under the gathering's, so that a vote
// replying to it names the gathering as every reply of ours does.
func SlotPollID(gatheringEventID string, pollID int64) string {
	return gatheringEventID + "/slots/" + strconv.FormatInt(pollID, 10)
}

// slotQuestion is one slot poll with its counts: a session's places
// taken and waited for, as the gathering's poll counts them.
func (s *Service) slotQuestion(ctx context.Context, q store.Queries, actor model.Actor, e asevent.Event, g model.Gathering, p model.SlotPoll) (asevent.Question, error) {
	question := asevent.Question{
		ID: SlotPollID(e.ID, p.ID), AttributedTo: s.urls.Actor(actor.Handle), URL: e.URL,
		Followers: s.urls.Followers(actor.Handle), Text: slotText(e, g, p), Link: &federation.Link{Href: e.URL},
		EndTime: p.StartsAt, Context: e.ID, Published: event.LaterOf(e.Published, p.CreatedAt),
	}
	last := time.Time{}
	for _, o := range p.Options {
		counts, err := q.RSVPCounts(ctx, g.ID, &o.SessionID)
		if err != nil {
			return asevent.Question{}, err
		}
		question.Options = append(question.Options, asevent.PollOption{Name: o.Name,
			Votes: counts[model.RSVPGoing] + counts[model.RSVPWaitlisted]})
		changed, err := q.RSVPLastChange(ctx, g.ID, &o.SessionID)
		if err != nil {
			return asevent.Question{}, err
		}
		last = event.LaterOf(last, changed)
	}
	if last.After(question.Published) {
		question.Updated = last.UTC().Truncate(time.Second)
	}
	question.Updated = event.LaterOf(question.Updated, e.Updated)
	switch {
	case e.Status == asevent.EventCancelled:
		question.Closed = e.Updated
	case p.RetiredAt != nil:
		// The sessions no longer make this poll: closed, so that nobody
		// votes in it, and newer than its last Update so servers take it.
		question.Closed = *p.RetiredAt
		question.Updated = event.LaterOf(question.Updated, *p.RetiredAt)
	}
	return question, nil
}

// slotText is a slot poll's question: the time first, as people choose
// between sessions by when they are, then the gathering it belongs to.
func slotText(e asevent.Event, g model.Gathering, p model.SlotPoll) string {
	loc, err := time.LoadLocation(g.Timezone)
	if err != nil {
		loc = time.UTC
	}
	at := p.StartsAt.In(loc).Format("Mon 2 Jan, 15:04")
	if e.Status == asevent.EventCancelled {
		return "Cancelled: " + e.Name + " will not take place."
	}
	return at + " — which will you join?\n" + e.Name + "\nVote to sign up; when a session is full you are put on its waitlist."
}

// SyncSlots makes a gathering's slot polls those its sessions make now
// and tells followers: Create for a poll they have not seen (every poll
// when publishing), Update for one whose options changed, and Update
// closing one the sessions no longer make. A gathering with slot
// polls off sends none, and closes those it had.
func (s *Service) SyncSlots(ctx context.Context, tx store.Tx, actor model.Actor, e asevent.Event, g model.Gathering, sessions []model.Session, publishing bool, now time.Time) error {
	before, err := tx.SlotPollList(ctx, g.ID)
	if err != nil {
		return err
	}
	on, err := tx.GatheringSlotPolls(ctx, g.ID)
	if err != nil {
		return err
	}
	var want []model.SlotPoll
	if on {
		for _, slot := range Slots(g, sessions) {
			p := model.SlotPoll{StartsAt: slot.StartsAt, Part: slot.Part}
			for _, o := range slot.Options {
				p.Options = append(p.Options, model.SlotPollOption{SessionID: o.SessionID, Name: o.Name})
			}
			want = append(want, p)
		}
	}
	after, err := tx.SlotPollSync(ctx, g.ID, want, now)
	if err != nil {
		return err
	}
	was := map[int64]model.SlotPoll{}
	for _, p := range before {
		was[p.ID] = p
	}
	for _, p := range after {
		old, seen := was[p.ID]
		open, wasOpen := p.RetiredAt == nil, seen && old.RetiredAt == nil
		var typ string
		switch {
		case open && (!wasOpen || publishing):
			typ = "Create"
		case open && !slices.Equal(old.Options, p.Options):
			typ = "Update" // its options as they are now
		case !open && wasOpen:
			typ = "Update" // closed
		default:
			continue // unchanged, closed already, or never sent
		}
		if err := s.sendSlot(ctx, tx, actor, typ, e, g, p); err != nil {
			return err
		}
	}
	return nil
}

// SendSlotCounts sends an Update of each open slot poll that offers the
// session (its counts changed), or of every open one when sessionID is 0
// (the gathering's title, time or status changed).
func (s *Service) SendSlotCounts(ctx context.Context, tx store.Tx, actor model.Actor, e asevent.Event, g model.Gathering, sessionID int64) error {
	polls, err := tx.SlotPollList(ctx, g.ID)
	if err != nil {
		return err
	}
	for _, p := range polls {
		offers := slices.ContainsFunc(p.Options, func(o model.SlotPollOption) bool { return o.SessionID == sessionID })
		if p.RetiredAt != nil || sessionID != 0 && !offers {
			continue
		}
		if err := s.sendSlot(ctx, tx, actor, "Update", e, g, p); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) sendSlot(ctx context.Context, tx store.Tx, actor model.Actor, typ string, e asevent.Event, g model.Gathering, p model.SlotPoll) error {
	question, err := s.slotQuestion(ctx, tx, actor, e, g, p)
	if err != nil {
		return err
	}
	doc, err := asevent.QuestionJSON(question)
	if err != nil {
		return err
	}
	return s.fed.SendToFollowers(ctx, tx, actor, typ, question.ID, doc)
}

// SlotDocument returns a slot poll of a published gathering, with its
// current counts; a retired one is served closed, as its id is forever.
func (s *Service) SlotDocument(ctx context.Context, gatheringID, pollID int64) ([]byte, error) {
	p, err := s.store.SlotPollGet(ctx, pollID)
	if err != nil {
		return nil, err
	}
	if p.GatheringID != gatheringID {
		return nil, store.ErrNotFound
	}
	e, err := s.docs.PublicEvent(ctx, localurl.KindGathering, gatheringID)
	if err != nil {
		return nil, err
	}
	g, err := s.store.GatheringGet(ctx, gatheringID)
	if err != nil {
		return nil, err
	}
	actor, err := s.store.ActorGetByID(ctx, g.ActorID)
	if err != nil {
		return nil, err
	}
	question, err := s.slotQuestion(ctx, s.store, actor, e, g, p)
	if err != nil {
		return nil, err
	}
	return asevent.QuestionJSON(question)
}
