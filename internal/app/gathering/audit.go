package gathering

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/gather-coop/gather/internal/app/account"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// auditedChange runs change on d, a gathering loaded in tx, and records
// what it did: the gathering's state afterwards, read back from tx,
// compared with before. Nothing is recorded when nothing changed (say,
// publishing what is published), or when no one is to be accounted for.
func (gs *Service) auditedChange(ctx context.Context, tx store.Tx, d *GatheringDetail, change func(tx store.Tx, d *GatheringDetail) error) error {
	if !account.Auditing(ctx) {
		return change(tx, d)
	}
	before := d.Gathering
	beforeSessions := append([]model.Session(nil), d.Sessions...)
	coop := d.Actor
	if err := change(tx, d); err != nil {
		return err
	}
	target := fmt.Sprintf("gathering %d %q", before.ID, before.Title)
	after, err := tx.GatheringGet(ctx, before.ID)
	if errors.Is(err, store.ErrNotFound) {
		return gs.acct.Audit(ctx, tx, &coop, account.AuditGatheringDelete, target, fmt.Sprintf("%d sessions", len(beforeSessions)))
	}
	if err != nil {
		return err
	}
	target = fmt.Sprintf("gathering %d %q", after.ID, after.Title)
	switch {
	case after.Status != before.Status && after.Status == model.StatusPublished:
		err = gs.acct.Audit(ctx, tx, &coop, account.AuditGatheringPublish, target, "")
	case after.Status != before.Status && after.Status == model.StatusCancelled:
		err = gs.acct.Audit(ctx, tx, &coop, account.AuditGatheringCancel, target, "")
	case after.Status != before.Status:
		err = gs.acct.Audit(ctx, tx, &coop, account.AuditGatheringStatus, target, fmt.Sprintf("%s → %s", before.Status, after.Status))
	case after.Version != before.Version:
		err = gs.acct.Audit(ctx, tx, &coop, account.AuditGatheringEdit, target, gatheringChanges(before, after))
	}
	if err != nil {
		return err
	}
	if err := gs.auditCoHosts(ctx, tx, &coop, target, before.CoHosts, after.CoHosts); err != nil {
		return err
	}
	sessions, err := tx.SessionList(ctx, before.ID)
	if err != nil {
		return err
	}
	was := make(map[int64]model.Session, len(beforeSessions))
	for _, s := range beforeSessions {
		was[s.ID] = s
	}
	for _, s := range sessions {
		old, existed := was[s.ID]
		delete(was, s.ID)
		what := fmt.Sprintf("session %d %q", s.ID, s.Title)
		switch {
		case !existed:
			err = gs.acct.Audit(ctx, tx, &coop, account.AuditSessionAdd, what, "in "+target)
		case old.Version != s.Version:
			err = gs.acct.Audit(ctx, tx, &coop, account.AuditSessionEdit, what, "in "+target)
		}
		if err != nil {
			return err
		}
	}
	for _, s := range beforeSessions {
		if _, gone := was[s.ID]; gone {
			if err := gs.acct.Audit(ctx, tx, &coop, account.AuditSessionDelete, fmt.Sprintf("session %d %q", s.ID, s.Title), "in "+target); err != nil {
				return err
			}
		}
	}
	return nil
}

// gatheringChanges names, in a few words, which of a gathering's details
// an edit changed.
func gatheringChanges(before, after model.Gathering) string {
	var changed []string
	add := func(name string, differ bool) {
		if differ {
			changed = append(changed, name)
		}
	}
	add("title", before.Title != after.Title)
	add("time", !before.StartsAt.Equal(after.StartsAt) || !before.EndsAt.Equal(after.EndsAt) || before.Timezone != after.Timezone)
	add("place", !reflect.DeepEqual(before.Venue, after.Venue))
	add("online link", before.OnlineURL != after.OnlineURL)
	add("summary", before.Summary != after.Summary)
	add("description", before.Description != after.Description)
	add("rooms", !reflect.DeepEqual(roomNames(before.Rooms), roomNames(after.Rooms)))
	add("category", before.Category != after.Category)
	add("tags", !slices.Equal(before.Tags, after.Tags))
	add("RSVP poll", before.RSVPPoll != after.RSVPPoll)
	add("day-of sign-up", before.DayOfSignup != after.DayOfSignup)
	add("co-hosts", !slices.Equal(coHostNames(before.CoHosts), coHostNames(after.CoHosts)))
	if len(changed) == 0 {
		return "other details"
	}
	return strings.Join(changed, ", ")
}

func roomNames(rooms []model.Room) []string {
	out := make([]string, 0, len(rooms))
	for _, r := range rooms {
		capacity := "-"
		if r.Capacity != nil {
			capacity = fmt.Sprint(*r.Capacity)
		}
		out = append(out, r.Name+"/"+capacity)
	}
	return out
}

func createdDetail(sessions int, published bool) string {
	d := fmt.Sprintf("%d sessions", sessions)
	if published {
		d += ", published at once"
	}
	return d
}
