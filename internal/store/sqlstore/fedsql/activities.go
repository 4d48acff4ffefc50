package fedsql

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/rowscan"
	"github.com/gather-coop/gather/internal/store/sqlstore"
)

// inboxActivityInsertSQL skips a URI seen before rather than failing on
// it: on PostgreSQL a unique violation would abort the whole transaction,
// and the inbox stores a batch of activities in one.
const inboxActivityInsertSQL = `INSERT INTO inbox_activities (uri, type, actor_uri, raw, received_at)
	VALUES ($1, $2, $3, $4, $5) ON CONFLICT (uri) DO NOTHING RETURNING id`

func (q Plumbing) InboxActivityInsert(ctx context.Context, p *model.InboxActivity) (int64, error) {
	var id int64
	err := q.write.QueryRow(ctx, inboxActivityInsertSQL, p.URI, p.Type, p.ActorURI, string(p.Raw), p.ReceivedAt.UTC()).Scan(&id)
	if errors.Is(err, store.ErrNotFound) {
		return 0, fmt.Errorf("store incoming %s %s: seen before: %w", p.Type, p.URI, store.ErrConflict)
	}
	if err != nil {
		return 0, fmt.Errorf("store incoming %s %s: %w", p.Type, p.URI, err)
	}
	return id, nil
}

const inboxActivityGetSQL = `SELECT id, uri, type, actor_uri, raw, received_at, processed_at FROM inbox_activities WHERE id = $1`

func (q Plumbing) InboxActivityGet(ctx context.Context, id int64) (model.InboxActivity, error) {
	var a model.InboxActivity
	var raw string
	err := q.read.QueryRow(ctx, inboxActivityGetSQL, id).
		Scan(&a.ID, &a.URI, &a.Type, &a.ActorURI, &raw, &a.ReceivedAt, &a.ProcessedAt)
	if err != nil {
		return model.InboxActivity{}, fmt.Errorf("get incoming activity %d: %w", id, err)
	}
	a.Raw = []byte(raw)
	return a, nil
}

func (q Plumbing) InboxActivityMarkProcessed(ctx context.Context, at time.Time, ids ...int64) error {
	if len(ids) == 0 {
		return nil
	}
	args := []any{at.UTC()}
	_, err := q.write.Exec(ctx, `UPDATE inbox_activities SET processed_at = $1 WHERE id IN (`+sqlstore.InList(&args, ids)+`)`, args...)
	if err != nil {
		return fmt.Errorf("mark activities %v processed: %w", ids, err)
	}
	return nil
}

const outboxColumns = rowscan.OutboxColumns

const outboxActivityInsertSQL = `INSERT INTO outbox_activities (uri, actor_id, type, object_uri, raw, public, created_at)
	VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ` + outboxColumns

func (q Plumbing) OutboxActivityInsert(ctx context.Context, p *model.OutboxActivity) (model.OutboxActivity, error) {
	a, err := rowscan.ScanOutbox(q.write.QueryRow(ctx, outboxActivityInsertSQL,
		p.URI, p.ActorID, p.Type, p.ObjectURI, string(p.Raw), p.Public, p.CreatedAt.UTC()))
	if err != nil {
		return model.OutboxActivity{}, fmt.Errorf("store outgoing %s: %w", p.Type, err)
	}
	return a, nil
}

func (q Plumbing) OutboxActivityGet(ctx context.Context, id int64) (model.OutboxActivity, error) {
	a, err := rowscan.ScanOutbox(q.read.QueryRow(ctx, `SELECT `+outboxColumns+` FROM outbox_activities WHERE id = $1`, id))
	if err != nil {
		return model.OutboxActivity{}, fmt.Errorf("get outgoing activity %d: %w", id, err)
	}
	return a, nil
}

func (q Plumbing) OutboxActivityGetByURI(ctx context.Context, uri string) (model.OutboxActivity, error) {
	a, err := rowscan.ScanOutbox(q.read.QueryRow(ctx, `SELECT `+outboxColumns+` FROM outbox_activities WHERE uri = $1`, uri))
	if err != nil {
		return model.OutboxActivity{}, fmt.Errorf("get outgoing activity %s: %w", uri, err)
	}
	return a, nil
}

// outboxListed is what an outbox lists: public Creates of objects not
// since deleted.
const outboxListed = `actor_id = $1 AND public AND type = 'Create'
	AND NOT EXISTS (SELECT 1 FROM tombstones WHERE tombstones.uri = outbox_activities.object_uri)`

func (q Plumbing) OutboxList(ctx context.Context, p *store.OutboxListParams) ([]model.OutboxActivity, error) {
	query := `SELECT ` + outboxColumns + ` FROM outbox_activities WHERE ` + outboxListed
	args := []any{p.ActorID}
	if len(p.ObjectURIs) > 0 {
		query += ` AND object_uri IN (` + sqlstore.InList(&args, p.ObjectURIs) + `)`
	}
	if len(p.ExcludeObjectURIs) > 0 {
		query += ` AND object_uri NOT IN (` + sqlstore.InList(&args, p.ExcludeObjectURIs) + `)`
	}
	// Both dialects need a LIMIT before an OFFSET; the largest one stands
	// for none.
	limit := math.MaxInt64
	if p.Limit > 0 {
		limit = p.Limit
	}
	query += ` ORDER BY id DESC LIMIT ` + sqlstore.Param(&args, limit) + ` OFFSET ` + sqlstore.Param(&args, p.Offset)
	out, err := sqlstore.List(ctx, q.read, rowscan.ScanOutbox, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list outbox of actor %d: %w", p.ActorID, err)
	}
	return out, nil
}

// outboxCreatesAboutSQL matches the object itself or anything under it by
// prefix with substr rather than LIKE, whose _ and % a URL may hold.
const outboxCreatesAboutSQL = `SELECT ` + outboxColumns + ` FROM outbox_activities
	WHERE actor_id = $1 AND type = 'Create'
	  AND (object_uri = $2 OR substr(object_uri, 1, length($2) + 1) = $2 || '/')
	ORDER BY id`

func (q Plumbing) OutboxCreatesAbout(ctx context.Context, actorID int64, uri string) ([]model.OutboxActivity, error) {
	out, err := sqlstore.List(ctx, q.read, rowscan.ScanOutbox, outboxCreatesAboutSQL, actorID, uri)
	if err != nil {
		return nil, fmt.Errorf("list what actor %d published about %s: %w", actorID, uri, err)
	}
	return out, nil
}

func (q Plumbing) OutboxCount(ctx context.Context, actorID int64) (int, error) {
	var n int
	err := q.read.QueryRow(ctx, `SELECT count(*) FROM outbox_activities WHERE `+outboxListed, actorID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count outbox of actor %d: %w", actorID, err)
	}
	return n, nil
}

func (q Plumbing) InboxActivityCount(ctx context.Context) (int, error) {
	var n int
	if err := q.read.QueryRow(ctx, `SELECT count(*) FROM inbox_activities`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count incoming activities: %w", err)
	}
	return n, nil
}
