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

const inboxActivityInsertSQL = `INSERT INTO inbox_activities (uri, type, actor_uri, raw, received_at)
	VALUES (?, ?, ?, ?, ?) RETURNING id`

func (q queries) InboxActivityInsert(ctx context.Context, p *model.InboxActivity) (int64, error) {
	var id int64
	err := q.write.QueryRowContext(ctx, inboxActivityInsertSQL, p.URI, p.Type, p.ActorURI, string(p.Raw), p.ReceivedAt.UTC()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store incoming %s %s: %w", p.Type, p.URI, interpretError(err))
	}
	return id, nil
}

const inboxActivityGetSQL = `SELECT id, uri, type, actor_uri, raw, received_at, processed_at FROM inbox_activities WHERE id = ?`

func (q queries) InboxActivityGet(ctx context.Context, id int64) (model.InboxActivity, error) {
	var a model.InboxActivity
	var raw string
	err := q.read.QueryRowContext(ctx, inboxActivityGetSQL, id).
		Scan(&a.ID, &a.URI, &a.Type, &a.ActorURI, &raw, &a.ReceivedAt, &a.ProcessedAt)
	if err != nil {
		return model.InboxActivity{}, fmt.Errorf("get incoming activity %d: %w", id, interpretError(err))
	}
	a.Raw = []byte(raw)
	return a, nil
}

func (q queries) InboxActivityMarkProcessed(ctx context.Context, id int64, at time.Time) error {
	_, err := q.write.ExecContext(ctx, `UPDATE inbox_activities SET processed_at = ? WHERE id = ?`, at.UTC(), id)
	if err != nil {
		return fmt.Errorf("mark activity %d processed: %w", id, interpretError(err))
	}
	return nil
}

const outboxColumns = rowscan.OutboxColumns

func scanOutbox(row rowscan.Row) (model.OutboxActivity, error) {
	v, err := rowscan.ScanOutbox(row)
	return v, interpretError(err)
}

const outboxActivityInsertSQL = `INSERT INTO outbox_activities (uri, actor_id, type, object_uri, raw, public, created_at)
	VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING ` + outboxColumns

func (q queries) OutboxActivityInsert(ctx context.Context, p *model.OutboxActivity) (model.OutboxActivity, error) {
	a, err := scanOutbox(q.write.QueryRowContext(ctx, outboxActivityInsertSQL,
		p.URI, p.ActorID, p.Type, p.ObjectURI, string(p.Raw), p.Public, p.CreatedAt.UTC()))
	if err != nil {
		return model.OutboxActivity{}, fmt.Errorf("store outgoing %s: %w", p.Type, err)
	}
	return a, nil
}

func (q queries) OutboxActivityGet(ctx context.Context, id int64) (model.OutboxActivity, error) {
	a, err := scanOutbox(q.read.QueryRowContext(ctx, `SELECT `+outboxColumns+` FROM outbox_activities WHERE id = ?`, id))
	if err != nil {
		return model.OutboxActivity{}, fmt.Errorf("get outgoing activity %d: %w", id, err)
	}
	return a, nil
}

func (q queries) OutboxActivityGetByURI(ctx context.Context, uri string) (model.OutboxActivity, error) {
	a, err := scanOutbox(q.read.QueryRowContext(ctx, `SELECT `+outboxColumns+` FROM outbox_activities WHERE uri = ?`, uri))
	if err != nil {
		return model.OutboxActivity{}, fmt.Errorf("get outgoing activity %s: %w", uri, err)
	}
	return a, nil
}

// outboxListed is what an outbox lists: public Creates of objects not
// since deleted.
const outboxListed = `actor_id = ? AND public AND type = 'Create'
	AND NOT EXISTS (SELECT 1 FROM tombstones WHERE tombstones.uri = outbox_activities.object_uri)`

func (q queries) OutboxList(ctx context.Context, p *store.OutboxListParams) ([]model.OutboxActivity, error) {
	query := `SELECT ` + outboxColumns + ` FROM outbox_activities WHERE ` + outboxListed
	args := []any{p.ActorID}
	if len(p.ObjectURIs) > 0 {
		query += ` AND object_uri IN (?` + strings.Repeat(", ?", len(p.ObjectURIs)-1) + `)`
		for _, u := range p.ObjectURIs {
			args = append(args, u)
		}
	}
	if len(p.ExcludeObjectURIs) > 0 {
		query += ` AND object_uri NOT IN (?` + strings.Repeat(", ?", len(p.ExcludeObjectURIs)-1) + `)`
		for _, u := range p.ExcludeObjectURIs {
			args = append(args, u)
		}
	}
	limit := p.Limit
	if limit <= 0 {
		limit = -1 // SQLite's "no limit"
	}
	query += ` ORDER BY id DESC LIMIT ? OFFSET ?`
	args = append(args, limit, p.Offset)
	rows, err := q.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list outbox of actor %d: %w", p.ActorID, err)
	}
	defer rows.Close()
	var out []model.OutboxActivity
	for rows.Next() {
		a, err := scanOutbox(rows)
		if err != nil {
			return nil, fmt.Errorf("list outbox of actor %d: %w", p.ActorID, err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// outboxCreatesAboutSQL matches the object itself or anything under it by
// prefix with substr rather than LIKE, whose _ and % a URL may hold.
const outboxCreatesAboutSQL = `SELECT ` + outboxColumns + ` FROM outbox_activities
	WHERE actor_id = ? AND type = 'Create'
	  AND (object_uri = ? OR substr(object_uri, 1, length(?) + 1) = ? || '/')
	ORDER BY id`

func (q queries) OutboxCreatesAbout(ctx context.Context, actorID int64, uri string) ([]model.OutboxActivity, error) {
	rows, err := q.read.QueryContext(ctx, outboxCreatesAboutSQL, actorID, uri, uri, uri)
	if err != nil {
		return nil, fmt.Errorf("list what actor %d published about %s: %w", actorID, uri, interpretError(err))
	}
	defer rows.Close()
	var out []model.OutboxActivity
	for rows.Next() {
		a, err := scanOutbox(rows)
		if err != nil {
			return nil, fmt.Errorf("list what actor %d published about %s: %w", actorID, uri, err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func (q queries) OutboxCount(ctx context.Context, actorID int64) (int, error) {
	var n int
	err := q.read.QueryRowContext(ctx, `SELECT count(*) FROM outbox_activities WHERE `+outboxListed, actorID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count outbox of actor %d: %w", actorID, err)
	}
	return n, nil
}

func (q queries) InboxActivityCount(ctx context.Context) (int, error) {
	var n int
	if err := q.read.QueryRowContext(ctx, `SELECT count(*) FROM inbox_activities`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count incoming activities: %w", err)
	}
	return n, nil
}
