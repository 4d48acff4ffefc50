package series

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/gather-coop/gather/internal/app/account"
	"github.com/gather-coop/gather/internal/app/apperr"
	"github.com/gather-coop/gather/internal/app/input"
	"github.com/gather-coop/gather/internal/app/reminder"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// The call link lives on the series (model.Series.CallURL), once for all
// its occurrences: an occurrence whose link is for those going shows the
// series' page as its public link and sends the call itself only to
// those going (event.CallLink), so rotating the series' link is enough
// for every coming occurrence; a series whose link is public has it on
// each occurrence, and those coming are edited to the new one (their
// followers get an Update).

// RotateCallLink gives the series id a new call link: its coming
// occurrences use it from now on, and everyone going to one of them is
// sent it by a direct note, once (a reminder.CallLinkArgs job per
// occurrence, enqueued with the change). The same link again changes
// nothing and tells nobody.
func (ss *Service) RotateCallLink(ctx context.Context, id int64, callURL string) (model.Series, error) {
	s, actor, err := ss.load(ctx, id)
	if err != nil {
		return model.Series{}, err
	}
	if err := ss.acct.Authorize(ctx, actor, account.Write); err != nil {
		return model.Series{}, err
	}
	call := strings.TrimSpace(callURL)
	if call == "" {
		return model.Series{}, apperr.Invalid("call_url", "give the new link to the call")
	}
	if err := input.CheckURL("call_url", call); err != nil {
		return model.Series{}, err
	}
	if call == s.CallURL {
		return s, nil
	}
	old, oldPublic := s.CallURL, ss.publicLink(s)
	s.CallURL, s.UpdatedAt = call, ss.now().UTC().Truncate(time.Second)
	if s, err = ss.save(ctx, s, 0, old); err != nil {
		return model.Series{}, err
	}
	return s, ss.movePublicLink(ctx, s, oldPublic)
}

// save writes s (at expectedVersion when set), and when its call link is
// no longer old, enqueues in the same transaction the notes telling those
// going to its coming occurrences.
func (ss *Service) save(ctx context.Context, s model.Series, expectedVersion int, old string) (model.Series, error) {
	err := ss.store.InTx(ctx, func(tx store.Tx) error {
		saved, err := tx.SeriesUpdate(ctx, &s, expectedVersion)
		if err != nil {
			return err
		}
		s = saved
		if s.CallURL == old || s.CallURL == "" {
			return nil
		}
		coming, err := ss.coming(ctx, tx, s.ID)
		if err != nil {
			return err
		}
		rotated := ss.now().UTC().Truncate(time.Second)
		for _, g := range coming {
			if err := tx.Enqueue(ctx, reminder.CallLinkArgs{GatheringID: g.ID, CallURL: s.CallURL, Previous: old, RotatedAt: rotated}, nil); err != nil {
				return fmt.Errorf("tell those going to gathering %d the new call link: %w", g.ID, err)
			}
		}
		return nil
	})
	return s, err
}

// coming are the series' occurrences published and not yet over.
func (ss *Service) coming(ctx context.Context, q store.Queries, id int64) ([]model.Gathering, error) {
	links, err := q.SeriesOccurrences(ctx, id)
	if err != nil {
		return nil, err
	}
	now := ss.now()
	var out []model.Gathering
	for _, l := range links {
		g, err := q.GatheringGet(ctx, l.GatheringID)
		if err != nil {
			return nil, err
		}
		if g.Status == model.StatusPublished && g.EndsAt.After(now) {
			out = append(out, g)
		}
	}
	return out, nil
}

// publicLink is the online address the occurrences of s show everyone:
// the call itself, or with the link for those going only, the series'
// page (which says the link goes to those who RSVP).
func (ss *Service) publicLink(s model.Series) string {
	if s.LinkForAttendees {
		return ss.urls.Series(s.ID)
	}
	return s.CallURL
}

// movePublicLink edits the coming occurrences of a series that showed
// oldPublic (see publicLink) to show what the series shows now: a new
// public link, the call link made public, or the link kept for those
// going. An occurrence given a link of its own keeps it.
func (ss *Service) movePublicLink(ctx context.Context, s model.Series, oldPublic string) error {
	now := ss.publicLink(s)
	if now == oldPublic || oldPublic == "" {
		return nil
	}
	coming, err := ss.coming(ctx, ss.store, s.ID)
	if err != nil {
		return err
	}
	patch, err := json.Marshal(map[string]string{"online_url": now})
	if err != nil {
		return err
	}
	for _, g := range coming {
		if g.OnlineURL != oldPublic {
			continue // given a link of its own
		}
		if _, err := ss.gatherings.UpdateGathering(ctx, g.ID, patch, 0); err != nil {
			return fmt.Errorf("series %d saved, occurrence %d keeps the old link: %w", s.ID, g.ID, err)
		}
	}
	return nil
}
