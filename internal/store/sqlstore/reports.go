package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/rowscan"
)

const reportInsertSQL = `INSERT INTO reports (uri, reporter_uri, actor_id, object_uris, content, received_at,
	target_uri, reporter_user, forwarded_at)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`

func (q Queries) ReportInsert(ctx context.Context, r *model.Report) (int64, error) {
	var id int64
	err := q.write.QueryRow(ctx, reportInsertSQL, r.URI, r.ReporterURI, r.ActorID,
		strings.Join(r.ObjectURIs, "\n"), r.Content, r.ReceivedAt.UTC(), r.TargetURI, r.ReporterUser, utcOrNil(r.ForwardedAt)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store report %s: %w", r.URI, err)
	}
	return id, nil
}

const reportListSQL = `SELECT ` + rowscan.ReportColumns + `
	FROM reports r JOIN actors a ON a.id = r.actor_id
	ORDER BY r.received_at DESC, r.id DESC LIMIT $1`

func (q Queries) ReportList(ctx context.Context, limit int) ([]model.Report, error) {
	return q.reports(ctx, reportListSQL, limit)
}

func (q Queries) ReportPage(ctx context.Context, p *store.ReportPageParams) ([]model.Report, error) {
	query := `SELECT ` + rowscan.ReportColumns + `
	FROM reports r JOIN actors a ON a.id = r.actor_id
	WHERE ` + rowscan.ReportStateWhere(p.State) + `
	ORDER BY r.resolved_at IS NOT NULL, r.received_at DESC, r.id DESC LIMIT $1 OFFSET $2`
	return q.reports(ctx, query, p.Limit, p.Offset)
}

func (q Queries) reports(ctx context.Context, query string, args ...any) ([]model.Report, error) {
	rows, err := q.read.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list reports: %w", err)
	}
	defer rows.Close()
	var out []model.Report
	for rows.Next() {
		r, err := rowscan.ScanReport(rows)
		if err != nil {
			return nil, fmt.Errorf("list reports: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list reports: %w", err)
	}
	return out, nil
}

const reportGetSQL = `SELECT ` + rowscan.ReportColumns + `
	FROM reports r JOIN actors a ON a.id = r.actor_id WHERE r.id = $1`

func (q Queries) ReportGet(ctx context.Context, id int64) (model.Report, error) {
	r, err := rowscan.ScanReport(q.write.QueryRow(ctx, reportGetSQL, id))
	if err != nil {
		return model.Report{}, fmt.Errorf("get report %d: %w", id, err)
	}
	return r, nil
}

func (q Queries) ReportResolve(ctx context.Context, id int64, username string, at time.Time) error {
	tag, err := q.write.Exec(ctx, `UPDATE reports SET resolved_at = $1, resolved_by = $2 WHERE id = $3 AND resolved_at IS NULL`,
		at.UTC(), username, id)
	if err := oneRow(tag, err); err != nil {
		if _, getErr := q.ReportGet(ctx, id); getErr == nil {
			err = store.ErrConflict
		}
		return fmt.Errorf("resolve report %d: %w", id, err)
	}
	return nil
}

func (q Queries) ReportForwarded(ctx context.Context, id int64, at time.Time) error {
	tag, err := q.write.Exec(ctx, `UPDATE reports SET forwarded_at = $1 WHERE id = $2`, at.UTC(), id)
	if err := oneRow(tag, err); err != nil {
		return fmt.Errorf("note report %d forwarded: %w", id, err)
	}
	return nil
}
