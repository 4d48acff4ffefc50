package abuse

import (
	"context"
	"errors"
	"fmt"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/internal/app/account"
	"github.com/gather-coop/gather/internal/app/fed"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// Abuse reports from other servers. Mastodon's moderators forward a report
// of one of our accounts as a Flag from their instance's actor, naming the
// account and, optionally, some of its posts. We keep it for our admins to
// read; nothing is sent back.
//
// A Flag must name one of our co-op accounts. One that names only other
// servers' things, only our instance actor, or only objects of ours
// without their account is dropped (logged at debug): there is nobody of
// ours to show it under, and storing it would let anyone fill our database.
// Of the ids it names, only ours are kept.

// ReportsShown is how many reports the admins' page lists, newest first.
const ReportsShown = 200

func (s *Service) ReceiveFlag(ctx context.Context, act *federation.Activity) error {
	f, err := federation.ParseFlag(act.Raw)
	if err != nil {
		return fed.Skip("unreadable Flag: %v", err)
	}
	var account *model.Actor
	var ours []string
	for _, id := range f.Objects {
		if !s.urls.Mine(id) {
			continue
		}
		ours = append(ours, id)
		if account != nil {
			continue
		}
		handle := s.urls.HandleOf(id)
		if handle == "" {
			continue
		}
		actor, err := s.store.ActorGetByHandle(ctx, handle)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		account = &actor
	}
	if account == nil {
		return fed.Skip("Flag %s names none of our co-op accounts", f.ID)
	}
	_, err = s.store.ReportInsert(ctx, &model.Report{URI: f.ID, ReporterURI: f.Actor, ActorID: account.ID,
		ObjectURIs: ours, Content: f.Content, ReceivedAt: s.now()})
	if errors.Is(err, store.ErrConflict) {
		return fed.Skip("Flag %s stored already", f.ID)
	}
	if err != nil {
		return fmt.Errorf("store report: %w", err)
	}
	return nil
}

// Reports returns the latest abuse reports, newest first. Admins only.
func (s *Service) Reports(ctx context.Context) ([]model.Report, error) {
	if err := account.AuthorizeAdmin(ctx, account.Read); err != nil {
		return nil, err
	}
	return s.store.ReportList(ctx, ReportsShown)
}
