package app

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
func (a *App) auditedChange(ctx context.Context, tx store.Tx, d *GatheringDetail, change func(tx store.Tx, d *GatheringDetail) error) error {
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
		return a.acct.Audit(ctx, tx, &coop, AuditGatheringDelete, target, fmt.Sprintf("%d sessions", len(beforeSessions)))
	}
	if err != nil {
		return err
	}
	target = fmt.Sprintf("gathering %d %q", after.ID, after.Title)
	switch {
	case after.Status != before.Status && after.Status == model.StatusPublished:
		err = a.acct.Audit(ctx, tx, &coop, AuditGatheringPublish, target, "")
	case after.Status != before.Status && after.Status == model.StatusCancelled:
		err = a.acct.Audit(ctx, tx, &coop, AuditGatheringCancel, target, "")
	case after.Status != before.Status:
		err = a.acct.Audit(ctx, tx, &coop, AuditGatheringStatus, target, fmt.Sprintf("%s → %s", before.Status, after.Status))
	case after.Version != before.Version:
		err = a.acct.Audit(ctx, tx, &coop, AuditGatheringEdit, target, gatheringChanges(before, after))
	}
	if err != nil {
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
			err = a.acct.Audit(ctx, tx, &coop, AuditSessionAdd, what, "in "+target)
		case old.Version != s.Version:
			err = a.acct.Audit(ctx, tx, &coop, AuditSessionEdit, what, "in "+target)
		}
		if err != nil {
			return err
		}
	}
	for _, s := range beforeSessions {
		if _, gone := was[s.ID]; gone {
			if err := a.acct.Audit(ctx, tx, &coop, AuditSessionDelete, fmt.Sprintf("session %d %q", s.ID, s.Title), "in "+target); err != nil {
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

// AuditPage is one page of the audit log.
type AuditPage struct {
	Entries []model.AuditEntry
	Page    int
	More    bool
}

// AuditShown is how many entries one page of the log holds.
const AuditShown = 50

// AuditLog returns a page (from 1) of the audit log, newest first: all of
// it for admins, the entries about their own co-op accounts for
// organisers. handle, when given, keeps only that co-op account's, and
// must be one ctx acts for.
func (a *App) AuditLog(ctx context.Context, handle string, page int) (AuditPage, error) {
	p, ok := PrincipalFrom(ctx)
	if ok {
		if err := account.CheckPrincipal(p, account.Read); err != nil {
			return AuditPage{}, err
		}
	}
	params := store.AuditListParams{Limit: AuditShown + 1}
	if handle != "" {
		actor, err := a.Actor(ctx, handle)
		if err != nil {
			return AuditPage{}, err
		}
		if err := a.acct.Authorize(ctx, actor, account.Read); err != nil {
			return AuditPage{}, err
		}
		params.ActorID = actor.ID
	}
	if ok && p.User.Role != model.RoleAdmin {
		params.MemberOf = p.User.ID
	}
	page = max(page, 1)
	params.Offset = (page - 1) * AuditShown
	entries, err := a.store.AuditList(ctx, &params)
	if err != nil {
		return AuditPage{}, err
	}
	out := AuditPage{Entries: entries, Page: page}
	if len(entries) > AuditShown {
		out.Entries, out.More = entries[:AuditShown], true
	}
	return out, nil
}

func createdDetail(sessions int, published bool) string {
	d := fmt.Sprintf("%d sessions", sessions)
	if published {
		d += ", published at once"
	}
	return d
}
