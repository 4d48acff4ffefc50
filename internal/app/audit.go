package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// The audit log: what our own people changed, removed or blocked, when.
//
// An entry is written with the Queries of the change's own transaction,
// so the log never tells of a change that did not commit, and a change
// whose entry cannot be written does not commit either. Only changes made
// for someone are recorded: a signed-in user (web admin), an API token, or
// the gather admin command line (CommandLine). The instance's own work
// (jobs, the inbox, what remote servers do) is not ours to account for.
//
// Gathering and session changes are recorded at one place,
// changeGathering, by comparing the gathering before and after (see
// auditedChange): a new way of changing a gathering is logged without
// anyone remembering to.

// Audit actions, as stored and shown.
const (
	AuditGatheringCreate  = "gathering.create"
	AuditGatheringEdit    = "gathering.edit"
	AuditGatheringPublish = "gathering.publish"
	AuditGatheringCancel  = "gathering.cancel"
	AuditGatheringStatus  = "gathering.status"
	AuditGatheringDelete  = "gathering.delete"
	AuditSessionAdd       = "session.add"
	AuditSessionEdit      = "session.edit"
	AuditSessionDelete    = "session.delete"
	AuditRSVPPromote      = "rsvp.promote"
	AuditRSVPRemove       = "rsvp.remove"
	AuditRSVPAtVenue      = "rsvp.at-venue"
	AuditPersonBlock      = "person.block"
	AuditAccountBlock     = "account.block"
	AuditAccountUnblock   = "account.unblock"
	AuditDomainBlock      = "domain.block"
	AuditDomainUnblock    = "domain.unblock"
	AuditFollowerApprove  = "follower.approve"
	AuditFollowerReject   = "follower.reject"
	AuditFollowerRemove   = "follower.remove"
	AuditMembershipGrant  = "membership.grant"
	AuditMembershipRevoke = "membership.revoke"
	AuditUserCreate       = "user.create"
	AuditUserRemove       = "user.remove"
	AuditTokenCreate      = "token.create"
	AuditPasswordChange   = "password.change"
	AuditCoopCreate       = "coop.create"
	AuditProfileSave      = "profile.save"
	AuditSettingsSave     = "settings.save"
	AuditReportCreate     = "report.create"
	AuditReportResolve    = "report.resolve"
	AuditFlagSend         = "flag.send"
	AuditCommentHide      = "comment.hide"
	AuditCommentUnhide    = "comment.unhide"
)

type commandLineKey struct{}

// CommandLine returns ctx acting as the gather admin command line: the
// instance itself (no principal, every check passes), but recorded in the
// audit log as "command line".
func CommandLine(ctx context.Context) context.Context {
	return context.WithValue(ctx, commandLineKey{}, true)
}

// auditing reports whether changes made for ctx are recorded.
func auditing(ctx context.Context) bool {
	if p, ok := PrincipalFrom(ctx); ok {
		return p.User.ID != 0
	}
	cli, _ := ctx.Value(commandLineKey{}).(bool)
	return cli
}

// tokenFingerprint names an API token in the log without revealing it:
// the start of its stored hash, which an admin can match in the database.
func tokenFingerprint(hash string) string {
	if len(hash) > 12 {
		return hash[:12]
	}
	return hash
}

func fingerprintOf(token string) string {
	sum := sha256.Sum256([]byte(token))
	return tokenFingerprint(hex.EncodeToString(sum[:]))
}

// audit records one change made for ctx, with q (the change's
// transaction). coop is the co-op account concerned, nil for the instance.
func (a *App) audit(ctx context.Context, q store.Queries, coop *model.Actor, action, target, detail string) error {
	if !auditing(ctx) {
		return nil
	}
	e := model.AuditEntry{At: a.now().UTC(), Action: action, Target: target, Detail: cutText(detail, 500)}
	if p, ok := PrincipalFrom(ctx); ok {
		id := p.User.ID
		e.UserID, e.Username, e.Via, e.Token = &id, p.User.Username, model.AuditViaWeb, p.Token
		if p.Token != "" {
			e.Via = model.AuditViaAPI
		}
	} else {
		e.Username, e.Via = "command line", model.AuditViaCLI
	}
	if coop != nil {
		id := coop.ID
		e.ActorID, e.Coop = &id, coop.Handle
	}
	return q.AuditInsert(ctx, &e)
}

// cutText shortens s to about n bytes on a character boundary.
func cutText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && (s[n]&0xC0) == 0x80 {
		n--
	}
	return s[:n] + "…"
}

// auditedChange runs change on d, a gathering loaded in tx, and records
// what it did: the gathering's state afterwards, read back from tx,
// compared with before. Nothing is recorded when nothing changed (say,
// publishing what is published), or when no one is to be accounted for.
func (a *App) auditedChange(ctx context.Context, tx store.Tx, d *GatheringDetail, change func(tx store.Tx, d *GatheringDetail) error) error {
	if !auditing(ctx) {
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
		return a.audit(ctx, tx, &coop, AuditGatheringDelete, target, fmt.Sprintf("%d sessions", len(beforeSessions)))
	}
	if err != nil {
		return err
	}
	target = fmt.Sprintf("gathering %d %q", after.ID, after.Title)
	switch {
	case after.Status != before.Status && after.Status == model.StatusPublished:
		err = a.audit(ctx, tx, &coop, AuditGatheringPublish, target, "")
	case after.Status != before.Status && after.Status == model.StatusCancelled:
		err = a.audit(ctx, tx, &coop, AuditGatheringCancel, target, "")
	case after.Status != before.Status:
		err = a.audit(ctx, tx, &coop, AuditGatheringStatus, target, fmt.Sprintf("%s → %s", before.Status, after.Status))
	case after.Version != before.Version:
		err = a.audit(ctx, tx, &coop, AuditGatheringEdit, target, gatheringChanges(before, after))
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
			err = a.audit(ctx, tx, &coop, AuditSessionAdd, what, "in "+target)
		case old.Version != s.Version:
			err = a.audit(ctx, tx, &coop, AuditSessionEdit, what, "in "+target)
		}
		if err != nil {
			return err
		}
	}
	for _, s := range beforeSessions {
		if _, gone := was[s.ID]; gone {
			if err := a.audit(ctx, tx, &coop, AuditSessionDelete, fmt.Sprintf("session %d %q", s.ID, s.Title), "in "+target); err != nil {
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
		if err := checkPrincipal(p, readAccess); err != nil {
			return AuditPage{}, err
		}
	}
	params := store.AuditListParams{Limit: AuditShown + 1}
	if handle != "" {
		actor, err := a.Actor(ctx, handle)
		if err != nil {
			return AuditPage{}, err
		}
		if err := a.authorize(ctx, actor, readAccess); err != nil {
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

// auditRSVP records an organiser's change to someone's answer.
func (a *App) auditRSVP(ctx context.Context, q store.Queries, ev rsvpEvent, r model.RSVP, person *model.RemoteActor, action string) error {
	if !auditing(ctx) {
		return nil
	}
	who := r.GuestName
	if person != nil {
		who = person.URI
	}
	return a.audit(ctx, q, &ev.actor, action, fmt.Sprintf("answer %d of %s", r.ID, who),
		fmt.Sprintf("%s on %q", r.Status, ev.title()))
}

// auditMembership records a membership change of user in the co-op
// account actorID, one of groups.
func (a *App) auditMembership(ctx context.Context, q store.Queries, groups []model.Actor, actorID int64, user model.User, action string) error {
	for i := range groups {
		if groups[i].ID == actorID {
			return a.audit(ctx, q, &groups[i], action, user.Username, "")
		}
	}
	return a.audit(ctx, q, nil, action, user.Username, fmt.Sprintf("co-op account %d", actorID))
}
