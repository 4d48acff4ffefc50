package gathering

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/gather-coop/gather/federation/asevent"
	"github.com/gather-coop/gather/internal/app/account"
	"github.com/gather-coop/gather/internal/app/apperr"
	"github.com/gather-coop/gather/internal/app/event"
	"github.com/gather-coop/gather/internal/app/input"
	"github.com/gather-coop/gather/internal/app/notice"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// Lightning talks and open-space topics, as organisers place them.
//
// People propose them by a reply (package inbox) or at the venue
// (ProposeAtVenue); organisers then, for an open-space topic, choose a
// free room and time on the schedule grid: the topic becomes a session of
// its own (kind open space, the proposer its facilitator), added the way
// every session is added, so that followers get the gathering's Update.
// Lightning talks share one session, the gathering's first of kind
// "lightning talks": a talk put on its list appears, numbered in the
// running order organisers set with up and down, at the end of that
// session's description, under LightningHeading; each change of the list
// rewrites that part (and only that part) of the description and is sent
// as the session's Update. Either way the proposer, when they proposed
// from their account, gets a direct note saying where and when.
//
// A proposal's room and time are its session's: moving the session on
// the grid moves the topic. A session deleted leaves its proposal placed
// nowhere, and it can be placed again.

// Audit actions of proposals.
const (
	AuditProposalPlace   = "proposal.place"
	AuditProposalMove    = "proposal.move"
	AuditProposalDecline = "proposal.decline"
)

// ProposalView is a proposal as organisers see it.
type ProposalView struct {
	model.Proposal
	// Proposer is who proposed it: @user@host, or the name given at the
	// venue with "(at the venue)".
	Proposer string
	// Session is where it is placed; nil while it is not, or no longer.
	Session *model.Session
}

// Proposals is a gathering's proposals for organisers, in the order they
// are listed.
type Proposals struct {
	Gathering GatheringDetail
	// Lightning are the lightning talks not declined, in running order:
	// those on the list first, then those proposed.
	Lightning []ProposalView
	// OpenSpace are the open-space topics not declined: those waiting for
	// a place first, in the order they came, then those placed.
	OpenSpace []ProposalView
	Declined  []ProposalView
	// LightningSession is the session the lightning talks are listed in,
	// nil when the gathering has none yet.
	LightningSession *model.Session
}

// Proposals returns a gathering's proposals, for its organisers.
func (gs *Service) Proposals(ctx context.Context, gatheringID int64) (Proposals, error) {
	if err := gs.acct.AuthorizeGathering(ctx, gatheringID, account.Read); err != nil {
		return Proposals{}, err
	}
	d, err := gs.gatheringDetail(ctx, gatheringID)
	if err != nil {
		return Proposals{}, err
	}
	all, err := gs.store.ProposalList(ctx, gatheringID)
	if err != nil {
		return Proposals{}, err
	}
	out := Proposals{Gathering: d, LightningSession: lightningSession(d.Sessions)}
	for _, p := range all {
		v, err := gs.proposalView(ctx, gs.store, d, p)
		if err != nil {
			return Proposals{}, err
		}
		switch {
		case p.State == model.ProposalDeclined:
			out.Declined = append(out.Declined, v)
		case p.Kind == model.ProposalLightning:
			out.Lightning = append(out.Lightning, v)
		default:
			out.OpenSpace = append(out.OpenSpace, v)
		}
	}
	slices.SortStableFunc(out.Lightning, func(a, b ProposalView) int { return placedFirst(a, b) })
	slices.SortStableFunc(out.OpenSpace, func(a, b ProposalView) int { return -placedFirst(a, b) })
	return out, nil
}

// placedFirst orders placed proposals before the others.
func placedFirst(a, b ProposalView) int {
	switch {
	case (a.Session != nil) == (b.Session != nil):
		return 0
	case a.Session != nil:
		return -1
	}
	return 1
}

func (gs *Service) proposalView(ctx context.Context, q store.Queries, d GatheringDetail, p model.Proposal) (ProposalView, error) {
	v := ProposalView{Proposal: p, Proposer: p.GuestName + " (at the venue)"}
	if p.RemoteActorID != nil {
		person, err := q.RemoteActorGetByID(ctx, *p.RemoteActorID)
		if err != nil {
			return ProposalView{}, err
		}
		v.Proposer = person.Handle()
	}
	if p.SessionID != nil && p.State == model.ProposalPlaced {
		if s, ok := findSession(d.Sessions, *p.SessionID); ok {
			v.Session = &s
		}
	}
	return v, nil
}

// PlaceOpenSpace gives an open-space topic a session of its own in room
// at startsAt (the gathering's wall-clock time, 2027-03-27T15:00) for
// length; the proposer is its facilitator and is told.
func (gs *Service) PlaceOpenSpace(ctx context.Context, gatheringID, proposalID int64, room, startsAt string, length time.Duration) (EventRef, error) {
	if err := gs.acct.AuthorizeGathering(ctx, gatheringID, account.Write); err != nil {
		return EventRef{}, err
	}
	start, ok := parseWallClock(startsAt)
	switch {
	case !ok:
		return EventRef{}, apperr.Invalid("starts_at", "choose a time from the schedule")
	case strings.TrimSpace(room) == "":
		return EventRef{}, apperr.Invalid("room", "choose a room")
	case length < 15*time.Minute || length > 4*time.Hour:
		return EventRef{}, apperr.Invalid("length", "give a length between 15 minutes and 4 hours")
	}
	var ref EventRef
	_, err := gs.changeGathering(ctx, gatheringID, 0, func(tx store.Tx, d *GatheringDetail) error {
		p, person, err := proposalIn(ctx, tx, d, proposalID, model.ProposalOpenSpace)
		if err != nil {
			return err
		}
		if err := placeable(d, p); err != nil {
			return err
		}
		const local = "2006-01-02T15:04:05"
		in := input.SessionInput{Title: p.Title, Kind: string(model.KindOpenSpace), Room: &room,
			StartsAt: start.Format(local), EndsAt: start.Add(length).Format(local)}
		s, err := gs.addSessionIn(ctx, tx, d, &in, proposerAsFacilitator(p, person))
		if err != nil {
			return err
		}
		ref = EventRef{ID: s.ID, URL: gs.urls.Session(s.ID), APID: gs.urls.Session(s.ID)}
		p.State, p.SessionID, p.UpdatedAt = model.ProposalPlaced, &s.ID, gs.now().UTC()
		if err := tx.ProposalUpdate(ctx, &p); err != nil {
			return err
		}
		if err := gs.acct.Audit(ctx, tx, &d.Actor, AuditProposalPlace, proposalTarget(p), fmt.Sprintf("as session %d in %s at %s", s.ID, room, start.Format("Mon 2 Jan 15:04"))); err != nil {
			return err
		}
		return gs.tellProposer(ctx, tx, d, s, person, fmt.Sprintf("Your open-space topic “%s” is at %s in %s", p.Title, start.Format("15:04"), room))
	})
	return ref, err
}

// DeclineProposal declines a proposal waiting for a place, or takes a
// lightning talk off the list (the session is rewritten). A placed
// open-space topic is its own session: deleting that session is how it
// is taken off the schedule.
func (gs *Service) DeclineProposal(ctx context.Context, gatheringID, proposalID int64) error {
	if err := gs.acct.AuthorizeGathering(ctx, gatheringID, account.Write); err != nil {
		return err
	}
	_, err := gs.changeGathering(ctx, gatheringID, 0, func(tx store.Tx, d *GatheringDetail) error {
		p, _, err := proposalIn(ctx, tx, d, proposalID, "")
		if err != nil {
			return err
		}
		v, err := gs.proposalView(ctx, tx, *d, p)
		if err != nil {
			return err
		}
		if p.State == model.ProposalDeclined {
			return nil
		}
		if v.Session != nil && p.Kind == model.ProposalOpenSpace {
			return apperr.Invalid("proposal", "“%s” has a session of its own: delete that session to take it off the schedule", p.Title)
		}
		p.State, p.UpdatedAt = model.ProposalDeclined, gs.now().UTC()
		if err := tx.ProposalUpdate(ctx, &p); err != nil {
			return err
		}
		if err := gs.acct.Audit(ctx, tx, &d.Actor, AuditProposalDecline, proposalTarget(p), v.Proposer); err != nil {
			return err
		}
		if v.Session == nil {
			return nil
		}
		_, err = gs.rewriteLightning(ctx, tx, d, v.Session.ID)
		return err
	})
	return err
}

// proposalIn loads proposal id of d's gathering in tx, of kind (any when
// ""), with its proposer's account (zero for a guest).
func proposalIn(ctx context.Context, tx store.Tx, d *GatheringDetail, id int64, kind model.ProposalKind) (model.Proposal, model.RemoteActor, error) {
	p, err := tx.ProposalGet(ctx, id)
	if err == nil && p.GatheringID != d.Gathering.ID {
		err = fmt.Errorf("proposal %d in gathering %d: %w", id, d.Gathering.ID, store.ErrNotFound)
	}
	if err != nil {
		return model.Proposal{}, model.RemoteActor{}, err
	}
	if kind != "" && p.Kind != kind {
		return model.Proposal{}, model.RemoteActor{}, apperr.Invalid("proposal", "“%s” is not a %s proposal", p.Title, kindName(kind))
	}
	var person model.RemoteActor
	if p.RemoteActorID != nil {
		if person, err = tx.RemoteActorGetByID(ctx, *p.RemoteActorID); err != nil {
			return model.Proposal{}, model.RemoteActor{}, err
		}
	}
	return p, person, nil
}

// placeable refuses a proposal declined or placed in a session still
// there.
func placeable(d *GatheringDetail, p model.Proposal) error {
	if p.State == model.ProposalDeclined {
		return apperr.Invalid("proposal", "“%s” was declined", p.Title)
	}
	if p.State == model.ProposalPlaced && p.SessionID != nil {
		if _, ok := findSession(d.Sessions, *p.SessionID); ok {
			return apperr.Invalid("proposal", "“%s” is placed already", p.Title)
		}
	}
	return nil
}

func kindName(k model.ProposalKind) string {
	if k == model.ProposalLightning {
		return "lightning talk"
	}
	return "open-space"
}

func proposalTarget(p model.Proposal) string {
	return fmt.Sprintf("proposal %d %q", p.ID, p.Title)
}

// proposerAsFacilitator names the proposer as the session's facilitator:
// their account, known already (so nothing is looked up, and the
// session's post mentions them), or the name they gave at the venue.
func proposerAsFacilitator(p model.Proposal, person model.RemoteActor) []model.Facilitator {
	if person.ID == 0 {
		return []model.Facilitator{{Name: p.GuestName}}
	}
	return []model.Facilitator{{Name: person.Name, Handle: person.Handle(), ActorURI: person.URI, ProfileURL: person.URL,
		AvatarURL: person.IconURL, Inbox: person.Inbox}}
}

// tellProposer sends the proposer, if they proposed from their account,
// a direct note about session s: what (already in text) and when.
func (gs *Service) tellProposer(ctx context.Context, tx store.Tx, d *GatheringDetail, s model.Session, person model.RemoteActor, text string) error {
	if person.ID == 0 || d.Gathering.Status != model.StatusPublished {
		return nil
	}
	// Blocked since they proposed: their topic may stand, but we send them
	// nothing.
	if blocked, err := gs.rsvp.PersonBlocked(ctx, person.URI); err != nil || blocked {
		return err
	}
	se, err := event.Session(gs.urls, d.Actor, d.Gathering, s)
	if err != nil {
		return err
	}
	text += " (" + asevent.EventWhenWhere(se) + "). Thank you for proposing it!"
	return gs.notices.SendDirect(ctx, tx, d.Actor, se, []notice.Direct{{Person: person, Text: text}})
}

// parseWallClock reads a time as the schedule grid gives it.
func parseWallClock(s string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
