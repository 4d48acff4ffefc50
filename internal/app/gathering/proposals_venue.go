package gathering

import (
	"context"
	"strings"
	"time"

	"github.com/gather-coop/gather/internal/app/apperr"
	"github.com/gather-coop/gather/internal/model"
)

// ProposeAtVenue records a proposal made on the gathering's page at the
// venue: a title and a name, unverified, told apart by the phone's guest
// key. It is open while the gathering takes sign-ups at the venue (its
// day-of sign-up switch) and is not over. The same phone proposing again
// changes its proposal of that kind.
func (gs *Service) ProposeAtVenue(ctx context.Context, gatheringID int64, kind, title, name, guestKey string) (model.Proposal, error) {
	k := model.ProposalKind(kind)
	title, name = oneLineText(title), oneLineText(name)
	switch {
	case k != model.ProposalLightning && k != model.ProposalOpenSpace:
		return model.Proposal{}, apperr.Invalid("kind", "choose a lightning talk or an open-space topic")
	case title == "" || len([]rune(title)) > 100:
		return model.Proposal{}, apperr.Invalid("title", "give a title (up to 100 characters)")
	case name == "" || len([]rune(name)) > 100:
		return model.Proposal{}, apperr.Invalid("name", "give your name, as people know you (up to 100 characters)")
	case guestKey == "":
		return model.Proposal{}, apperr.Invalid("name", "proposing needs cookies to tell your phone from others")
	}
	g, err := gs.store.GatheringGet(ctx, gatheringID)
	if err != nil {
		return model.Proposal{}, err
	}
	now := gs.now().UTC().Truncate(time.Second)
	if g.Status != model.StatusPublished || !g.DayOfSignup || !now.Before(g.EndsAt) {
		return model.Proposal{}, apperr.Invalid("title", "proposals at the venue are not open for this gathering")
	}
	p, _, err := gs.store.ProposalSave(ctx, &model.Proposal{GatheringID: g.ID, Kind: k, Title: title, GuestName: name, GuestKey: guestKey,
		CreatedAt: now, UpdatedAt: now})
	return p, err
}

// oneLineText is s on one line, without control characters, trimmed.
func oneLineText(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}
