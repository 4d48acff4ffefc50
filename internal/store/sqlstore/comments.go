package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store/rowscan"
)

const commentSaveSQL = `INSERT INTO comments (gathering_id, session_id, remote_actor_id, note_uri, content_html, created_at)
	VALUES ($1, $2, $3, $4, $5, $6)
	ON CONFLICT (note_uri) DO UPDATE SET content_html = excluded.content_html
	WHERE comments.remote_actor_id = excluded.remote_actor_id`

func (q Queries) CommentSave(ctx context.Context, c *model.Comment) error {
	_, err := q.write.Exec(ctx, commentSaveSQL, c.GatheringID, c.SessionID, c.RemoteActorID, c.NoteURI, c.ContentHTML, c.CreatedAt.UTC())
	if err != nil {
		return fmt.Errorf("save comment %s: %w", c.NoteURI, err)
	}
	return nil
}

const commentDeleteSQL = `DELETE FROM comments WHERE note_uri = $1
	AND remote_actor_id = (SELECT id FROM remote_actors WHERE uri = $2)`

func (q Queries) CommentDelete(ctx context.Context, noteURI, authorURI string) error {
	if _, err := q.write.Exec(ctx, commentDeleteSQL, noteURI, authorURI); err != nil {
		return fmt.Errorf("delete comment %s: %w", noteURI, err)
	}
	return nil
}

const commentListSQL = `SELECT comments.id, comments.gathering_id, comments.session_id, comments.remote_actor_id,
	comments.note_uri, comments.content_html, comments.created_at, ` + rowscan.RemoteActorColumns + `
	FROM comments JOIN remote_actors ON remote_actors.id = comments.remote_actor_id
	WHERE comments.gathering_id = $1 ORDER BY comments.created_at, comments.id`

func (q Queries) CommentList(ctx context.Context, gatheringID int64) ([]model.Comment, error) {
	rows, err := q.read.Query(ctx, commentListSQL, gatheringID)
	if err != nil {
		return nil, fmt.Errorf("list comments: %w", err)
	}
	defer rows.Close()
	var out []model.Comment
	for rows.Next() {
		var c model.Comment
		var p model.RemoteActor
		if err := rows.Scan(&c.ID, &c.GatheringID, &c.SessionID, &c.RemoteActorID, &c.NoteURI, &c.ContentHTML, &c.CreatedAt,
			&p.ID, &p.URI, &p.Host, &p.Domain, &p.Username, &p.Name, &p.URL, &p.IconURL, &p.Inbox, &p.SharedInbox,
			&p.KeyID, &p.PublicKeyPEM, &p.FetchedAt); err != nil {
			return nil, fmt.Errorf("list comments: %w", err)
		}
		c.Person = &p
		out = append(out, c)
	}
	return out, rows.Err()
}

func (q Queries) ActorBlock(ctx context.Context, uri string, at time.Time) error {
	_, err := q.write.Exec(ctx, `INSERT INTO blocked_actors (uri, created_at) VALUES ($1, $2) ON CONFLICT (uri) DO NOTHING`, uri, at.UTC())
	if err != nil {
		return fmt.Errorf("block %s: %w", uri, err)
	}
	return nil
}

func (q Queries) ActorUnblock(ctx context.Context, uri string) error {
	if _, err := q.write.Exec(ctx, `DELETE FROM blocked_actors WHERE uri = $1`, uri); err != nil {
		return fmt.Errorf("unblock %s: %w", uri, err)
	}
	return nil
}

func (q Queries) ActorBlocked(ctx context.Context, uri string) (bool, error) {
	var n int
	if err := q.read.QueryRow(ctx, `SELECT count(*) FROM blocked_actors WHERE uri = $1`, uri).Scan(&n); err != nil {
		return false, fmt.Errorf("check block of %s: %w", uri, err)
	}
	return n > 0, nil
}
