package app

import (
	"context"

	"github.com/gather-coop/gather/internal/app/account"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

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
