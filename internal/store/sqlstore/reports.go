package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/gather-coop/gather/internal/model"
)

const reportInsertSQL = `INSERT INTO reports (uri, reporter_uri, actor_id, object_uris, content, received_at)
	VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`

func (q Queries) ReportInsert(ctx context.Context, r *model.Report) (int64, error) {
	var id int64
	err := q.write.QueryRow(ctx, reportInsertSQL, r.URI, r.ReporterURI, r.ActorID,
		strings.Join(r.ObjectURIs, "\n"), r.Content, r.ReceivedAt.UTC()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store report %s: %w", r.URI, err)
	}
	return id, nil
}

const reportListSQL = `SELECT r.id, r.uri, r.reporter_uri, r.actor_id, a.handle, r.object_uris, r.content, r.received_at
	FROM reports r JOIN actors a ON a.id = r.actor_id
	ORDER BY r.received_at DESC, r.id DESC LIMIT $1`

func (q Queries) ReportList(ctx context.Context, limit int) ([]model.Report, error) {
	rows, err := q.read.Query(ctx, reportListSQL, limit)
	if err != nil {
		return nil, fmt.Errorf("list reports: %w", err)
	}
	defer rows.Close()
	var out []model.Report
	for rows.Next() {
		var r model.Report
		var objects string
		if err := rows.Scan(&r.ID, &r.URI, &r.ReporterURI, &r.ActorID, &r.ActorHandle, &objects, &r.Content, &r.ReceivedAt); err != nil {
			return nil, fmt.Errorf("list reports: %w", err)
		}
		if objects != "" {
			r.ObjectURIs = strings.Split(objects, "\n")
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list reports: %w", err)
	}
	return out, nil
}
