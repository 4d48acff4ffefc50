package gathering

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/gather-coop/gather/internal/app/account"
	"github.com/gather-coop/gather/internal/app/apperr"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// The lightning talks' running order: one list a gathering, shown at the
// end of its Lightning talks session's description (see proposals.go).

// LightningHeading starts the running order in the Lightning talks
// session's description; what is above it is the organisers'.
const LightningHeading = "**Talks, in order**"

// lightningSession is the gathering's first session of kind lightning
// talks, by time.
func lightningSession(sessions []model.Session) *model.Session {
	var found *model.Session
	for i, s := range sessions {
		if s.Kind == model.KindLightningTalks && (found == nil || s.StartsAt.Before(found.StartsAt)) {
			found = &sessions[i]
		}
	}
	return found
}

// ListLightning puts a lightning talk last on the list of the
// gathering's Lightning talks session; the proposer is told.
func (gs *Service) ListLightning(ctx context.Context, gatheringID, proposalID int64) error {
	if err := gs.acct.AuthorizeGathering(ctx, gatheringID, account.Write); err != nil {
		return err
	}
	_, err := gs.changeGathering(ctx, gatheringID, 0, func(tx store.Tx, d *GatheringDetail) error {
		p, person, err := proposalIn(ctx, tx, d, proposalID, model.ProposalLightning)
		if err != nil {
			return err
		}
		if err := placeable(d, p); err != nil {
			return err
		}
		session := lightningSession(d.Sessions)
		if session == nil {
			return apperr.Invalid("proposal", "there is no Lightning talks session to list it in: add a session of that kind to the schedule first")
		}
		listed, err := listedTalks(ctx, tx, d, session.ID)
		if err != nil {
			return err
		}
		// Last on the list: after every talk listed, before those waiting.
		p.Position = 1
		if len(listed) > 0 {
			p.Position = listed[len(listed)-1].Position + 1
		}
		if err := gs.makeRoomAt(ctx, tx, d.Gathering.ID, p); err != nil {
			return err
		}
		p.State, p.SessionID, p.UpdatedAt = model.ProposalPlaced, &session.ID, gs.now().UTC()
		if err := tx.ProposalUpdate(ctx, &p); err != nil {
			return err
		}
		if err := gs.acct.Audit(ctx, tx, &d.Actor, AuditProposalPlace, proposalTarget(p), fmt.Sprintf("number %d in session %d", len(listed)+1, session.ID)); err != nil {
			return err
		}
		s, err := gs.rewriteLightning(ctx, tx, d, session.ID)
		if err != nil {
			return err
		}
		return gs.tellProposer(ctx, tx, d, s, person, fmt.Sprintf("Your lightning talk “%s” is number %d in %s", p.Title, len(listed)+1, s.Title))
	})
	return err
}

// MoveProposal moves a lightning talk one place up (or down) the
// running order; a change of the listed talks' order rewrites the
// Lightning talks session. Open-space topics have no order to change.
func (gs *Service) MoveProposal(ctx context.Context, gatheringID, proposalID int64, up bool) error {
	if err := gs.acct.AuthorizeGathering(ctx, gatheringID, account.Write); err != nil {
		return err
	}
	_, err := gs.changeGathering(ctx, gatheringID, 0, func(tx store.Tx, d *GatheringDetail) error {
		p, _, err := proposalIn(ctx, tx, d, proposalID, model.ProposalLightning)
		if err != nil {
			return err
		}
		order, err := gs.runningOrder(ctx, tx, d)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(order, func(v ProposalView) bool { return v.ID == p.ID })
		j := i + 1
		if up {
			j = i - 1
		}
		if i < 0 || j < 0 || j >= len(order) {
			return nil // first or last already, or declined: nowhere to go
		}
		a, b := order[i].Proposal, order[j].Proposal
		if (order[i].Session != nil) != (order[j].Session != nil) {
			return nil // a talk on the list does not swap with one waiting
		}
		a.Position, b.Position = b.Position, a.Position
		now := gs.now().UTC()
		a.UpdatedAt, b.UpdatedAt = now, now
		for _, q := range []*model.Proposal{&a, &b} {
			if err := tx.ProposalUpdate(ctx, q); err != nil {
				return err
			}
		}
		direction := "down"
		if up {
			direction = "up"
		}
		if err := gs.acct.Audit(ctx, tx, &d.Actor, AuditProposalMove, proposalTarget(a), direction); err != nil {
			return err
		}
		if order[i].Session == nil {
			return nil
		}
		_, err = gs.rewriteLightning(ctx, tx, d, order[i].Session.ID)
		return err
	})
	return err
}

// runningOrder is the lightning talks not declined, listed first, each
// part by position.
func (gs *Service) runningOrder(ctx context.Context, tx store.Tx, d *GatheringDetail) ([]ProposalView, error) {
	all, err := tx.ProposalList(ctx, d.Gathering.ID)
	if err != nil {
		return nil, err
	}
	var order []ProposalView
	for _, p := range all {
		if p.Kind != model.ProposalLightning || p.State == model.ProposalDeclined {
			continue
		}
		v, err := gs.proposalView(ctx, tx, *d, p)
		if err != nil {
			return nil, err
		}
		order = append(order, v)
	}
	slices.SortStableFunc(order, placedFirst)
	return order, nil
}

// listedTalks are the talks listed in session, in order.
func listedTalks(ctx context.Context, tx store.Tx, d *GatheringDetail, session int64) ([]model.Proposal, error) {
	all, err := tx.ProposalList(ctx, d.Gathering.ID)
	if err != nil {
		return nil, err
	}
	var out []model.Proposal
	for _, p := range all {
		if p.Kind == model.ProposalLightning && p.State == model.ProposalPlaced && p.SessionID != nil && *p.SessionID == session {
			out = append(out, p)
		}
	}
	return out, nil
}

// makeRoomAt moves every other lightning talk at p's position or after
// one place down, so that p can take that position.
func (gs *Service) makeRoomAt(ctx context.Context, tx store.Tx, gatheringID int64, p model.Proposal) error {
	all, err := tx.ProposalList(ctx, gatheringID)
	if err != nil {
		return err
	}
	for _, o := range all {
		if o.Kind == p.Kind && o.ID != p.ID && o.Position >= p.Position {
			o.Position++
			if err := tx.ProposalUpdate(ctx, &o); err != nil {
				return err
			}
		}
	}
	return nil
}

// rewriteLightning writes the running order of the talks listed in the
// session under LightningHeading at the end of its description, keeping
// the organisers' text above it, and saves it as any edit of the session
// is saved (its Update sent when public). It returns the session saved.
func (gs *Service) rewriteLightning(ctx context.Context, tx store.Tx, d *GatheringDetail, sessionID int64) (model.Session, error) {
	s, ok := findSession(d.Sessions, sessionID)
	if !ok {
		return model.Session{}, fmt.Errorf("lightning session %d: %w", sessionID, store.ErrNotFound)
	}
	talks, err := listedTalks(ctx, tx, d, sessionID)
	if err != nil {
		return model.Session{}, err
	}
	var lines []string
	for i, p := range talks {
		v, err := gs.proposalView(ctx, tx, *d, p)
		if err != nil {
			return model.Session{}, err
		}
		lines = append(lines, fmt.Sprintf("%d. %s — %s", i+1, escapeMarkdown(p.Title), escapeMarkdown(strings.TrimSuffix(v.Proposer, " (at the venue)"))))
	}
	in := sessionInput(d.Gathering, s)
	in.Description = withRunningOrder(s.Description, lines)
	if in.Description == s.Description {
		return s, nil
	}
	if err := gs.saveSessionIn(ctx, tx, d, sessionID, &in, s.Facilitators, 0); err != nil {
		return model.Session{}, err
	}
	saved, _ := findSession(d.Sessions, sessionID)
	return saved, nil
}

// withRunningOrder is description with its running order (the part from
// LightningHeading on) replaced by lines; none, no heading.
func withRunningOrder(description string, lines []string) string {
	own := description
	if i := strings.Index(description, LightningHeading); i >= 0 {
		own = description[:i]
	}
	own = strings.TrimRight(own, " \n")
	if len(lines) == 0 {
		return own
	}
	order := LightningHeading + "\n\n" + strings.Join(lines, "\n")
	if own == "" {
		return order
	}
	return own + "\n\n" + order
}

// escapeMarkdown makes what people wrote read as text in Markdown: a
// title is theirs to word, not to make a link or a heading of.
func escapeMarkdown(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_{}[]()#+-.!<>|~&", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
