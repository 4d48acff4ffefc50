package account

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

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
// app.changeGathering, by comparing the gathering before and after (see
// app.auditedChange): a new way of changing a gathering is logged without
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
	AuditSourceFollow     = "source.follow"
	AuditSourceUnfollow   = "source.unfollow"
	AuditEventShare       = "event.share"
	AuditEventUnshare     = "event.unshare"
	AuditCoHostAdd        = "cohost.add"
	AuditCoHostRemove     = "cohost.remove"
	AuditCoHostedAccept   = "cohosted.accept"
	AuditCoHostedDecline  = "cohosted.decline"
)

type commandLineKey struct{}

// CommandLine returns ctx acting as the gather admin command line: the
// instance itself (no principal, every check passes), but recorded in the
// Audit log as "command line".
func CommandLine(ctx context.Context) context.Context {
	return context.WithValue(ctx, commandLineKey{}, true)
}

// Auditing reports whether changes made for ctx are recorded.
func Auditing(ctx context.Context) bool {
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

// Audit records one change made for ctx, with q (the change's
// transaction). coop is the co-op account concerned, nil for the instance.
func (s *Service) Audit(ctx context.Context, q store.Queries, coop *model.Actor, action, target, detail string) error {
	if !Auditing(ctx) {
		return nil
	}
	e := model.AuditEntry{At: s.now().UTC(), Action: action, Target: target, Detail: CutText(detail, 500)}
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

// CutText shortens s to about n bytes on a character boundary.
func CutText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && (s[n]&0xC0) == 0x80 {
		n--
	}
	return s[:n] + "…"
}

// auditMembership records a membership change of user in the co-op
// account actorID, one of groups.
func (s *Service) auditMembership(ctx context.Context, q store.Queries, groups []model.Actor, actorID int64, user model.User, action string) error {
	for i := range groups {
		if groups[i].ID == actorID {
			return s.Audit(ctx, q, &groups[i], action, user.Username, "")
		}
	}
	return s.Audit(ctx, q, nil, action, user.Username, fmt.Sprintf("co-op account %d", actorID))
}
