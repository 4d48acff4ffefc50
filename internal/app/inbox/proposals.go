package inbox

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/intent"
	"github.com/gather-coop/gather/internal/app/rsvp"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// receiveProposal keeps a reply to a published gathering (or one of its
// sessions or polls) that proposes a lightning talk ("#lightning Title")
// or an open-space topic ("#openspace Topic"), for the organisers to
// place. It returns false for any other reply, which receiveNote then
// reads as an answer. A proposal is only a proposal: an RSVP in the same
// reply is not read, and nothing is sent back now. The proposer hears
// from us when an organiser places it (package gathering's proposals),
// which is the answer that means something; an acknowledgement of every
// proposal, and of every edit of one, would be noise. The same person
// proposing again, or editing their reply, changes their proposal of that
// kind while it is still proposed (store.ProposalSave).
func (s *Service) receiveProposal(ctx context.Context, actorURI string, target rsvp.Target, note federation.NoteIn) (bool, error) {
	if target.Poll && note.Name != "" && note.ContentHTML == "" {
		return false, nil // a vote
	}
	p, ok := intent.ReadProposal(note.ContentHTML, note.Hashtags)
	if !ok {
		return false, nil
	}
	g, err := s.store.GatheringGet(ctx, target.GatheringID)
	if err != nil || g.Status != model.StatusPublished {
		return false, err
	}
	if blocked, err := s.rsvp.PersonBlocked(ctx, actorURI); err != nil {
		return true, err
	} else if blocked {
		return true, skip("proposal by %s, who is blocked", actorURI)
	}
	person, err := s.fed.RemoteActor(ctx, actorURI, false)
	if err != nil {
		return true, err
	}
	now := s.now().UTC().Truncate(time.Second)
	err = s.InTxMarkingProcessed(ctx, func(tx store.Tx) error {
		saved, added, err := tx.ProposalSave(ctx, &model.Proposal{GatheringID: g.ID, Kind: model.ProposalKind(p.Kind), Title: p.Title,
			RemoteActorID: &person.ID, ActivityURI: note.ID, CreatedAt: now, UpdatedAt: now})
		if err == nil {
			s.log.DebugContext(ctx, "proposal kept", slog.Int64("proposal", saved.ID), slog.Bool("new", added))
		}
		return err
	})
	return true, err
}

// forgetProposals takes back what a deleted reply proposed, if it is
// still waiting for a place: what an organiser placed or declined stays
// theirs to undo.
func (s *Service) forgetProposals(ctx context.Context, act *federation.Activity) error {
	person, err := s.store.RemoteActorGetByURI(ctx, act.Actor)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	n, err := s.store.ProposalWithdraw(ctx, act.Object.ID, person.ID)
	if n > 0 {
		s.log.DebugContext(ctx, "proposal withdrawn", slog.String("note", act.Object.ID))
	}
	return err
}
