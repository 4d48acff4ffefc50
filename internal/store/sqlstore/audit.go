package sqlstore

import (
	"context"
	"fmt"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/rowscan"
)

const auditInsertSQL = `INSERT INTO audit_log (at, user_id, username, via, token, actor_id, coop, action, target, detail)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`

func (q Queries) AuditInsert(ctx context.Context, e *model.AuditEntry) error {
	_, err := q.write.Exec(ctx, auditInsertSQL, e.At.UTC(), e.UserID, e.Username, e.Via, e.Token, e.ActorID, e.Coop,
		e.Action, e.Target, e.Detail)
	if err != nil {
		return fmt.Errorf("record %s in the audit log: %w", e.Action, err)
	}
	return nil
}

const auditListSQL = `SELECT ` + rowscan.AuditColumns + ` FROM audit_log
	WHERE ($1 = 0 OR actor_id IN (SELECT actor_id FROM memberships WHERE user_id = $2))
	AND ($3 = 0 OR actor_id = $4)
	ORDER BY id DESC LIMIT $5 OFFSET $6`

func (q Queries) AuditList(ctx context.Context, p *store.AuditListParams) ([]model.AuditEntry, error) {
	rows, err := q.read.Query(ctx, auditListSQL, p.MemberOf, p.MemberOf, p.ActorID, p.ActorID, p.Limit, p.Offset)
	if err != nil {
		return nil, fmt.Errorf("list the audit log: %w", err)
	}
	defer rows.Close()
	var out []model.AuditEntry
	for rows.Next() {
		e, err := rowscan.ScanAudit(rows)
		if err != nil {
			return nil, fmt.Errorf("list the audit log: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list the audit log: %w", err)
	}
	return out, nil
}
