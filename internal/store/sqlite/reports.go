package sqlite

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
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`

func (q queries) ReportInsert(ctx context.Context, r *model.Report) (int64, error) {
	var id int64
	err := q.write.QueryRowContext(ctx, reportInsertSQL, r.URI, r.ReporterURI, r.ActorID,
		strings.Join(r.ObjectURIs, "\n"), r.Content, r.ReceivedAt.UTC(), r.TargetURI, r.ReporterUser, utcOrNil(r.ForwardedAt)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store report %s: %w", r.URI, interpretError(err))
	}
	return id, nil
}

const reportListSQL = `SELECT ` + rowscan.ReportColumns + `
	FROM reports r JOIN actors a ON a.id = r.actor_id
	ORDER BY r.received_at DESC, r.id DESC LIMIT ?`

func (q queries) ReportList(ctx context.Context, limit int) ([]model.Report, error) {
	return q.reports(ctx, reportListSQL, limit)
}

func (q queries) ReportPage(ctx context.Context, p *store.ReportPageParams) ([]model.Report, error) {
	query := `SELECT ` + rowscan.ReportColumns + `
	FROM reports r JOIN actors a ON a.id = r.actor_id
	WHERE ` + rowscan.ReportStateWhere(p.State) + `
	ORDER BY r.resolved_at IS NOT NULL, r.received_at DESC, r.id DESC LIMIT ? OFFSET ?`
	return q.reports(ctx, query, p.Limit, p.Offset)
}

func (q queries) reports(ctx context.Context, query string, args ...any) ([]model.Report, error) {
	rows, err := q.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list reports: %w", interpretError(err))
	}
	defer rows.Close()
	var out []model.Report
	for rows.Next() {
		r, err := rowscan.ScanReport(rows)
		if err != nil {
			return nil, fmt.Errorf("list reports: %w", interpretError(err))
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list reports: %w", interpretError(err))
	}
	return out, nil
}

const reportGetSQL = `SELECT ` + rowscan.ReportColumns + `
	FROM reports r JOIN actors a ON a.id = r.actor_id WHERE r.id = ?`

func (q queries) ReportGet(ctx context.Context, id int64) (model.Report, error) {
	r, err := rowscan.ScanReport(q.write.QueryRowContext(ctx, reportGetSQL, id))
	if err != nil {
		return model.Report{}, fmt.Errorf("get report %d: %w", id, interpretError(err))
	}
	return r, nil
}

func (q queries) ReportResolve(ctx context.Context, id int64, username string, at time.Time) error {
	res, err := q.write.ExecContext(ctx, `UPDATE reports SET resolved_at = ?, resolved_by = ? WHERE id = ? AND resolved_at IS NULL`,
		at.UTC(), username, id)
	if err := oneRow(res, err); err != nil {
		if _, getErr := q.ReportGet(ctx, id); getErr == nil {
			err = store.ErrConflict
		}
		return fmt.Errorf("resolve report %d: %w", id, err)
	}
	return nil
}

func (q queries) ReportForwarded(ctx context.Context, id int64, at time.Time) error {
	res, err := q.write.ExecContext(ctx, `UPDATE reports SET forwarded_at = ? WHERE id = ?`, at.UTC(), id)
	if err := oneRow(res, err); err != nil {
		return fmt.Errorf("note report %d forwarded: %w", id, err)
	}
	return nil
}
