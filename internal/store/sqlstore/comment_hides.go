package sqlstore

import (
	"context"
	"fmt"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store/rowscan"
)

const commentGetSQL = `SELECT comments.id, comments.gathering_id, comments.session_id, comments.remote_actor_id,
	comments.note_uri, comments.content_html, comments.created_at, ` + rowscan.RemoteActorColumns + `
	FROM comments JOIN remote_actors ON remote_actors.id = comments.remote_actor_id
	WHERE comments.id = $1`

func (q Queries) CommentGet(ctx context.Context, id int64) (model.Comment, error) {
	var c model.Comment
	var p model.RemoteActor
	err := q.write.QueryRow(ctx, commentGetSQL, id).Scan(&c.ID, &c.GatheringID, &c.SessionID, &c.RemoteActorID, &c.NoteURI, &c.ContentHTML, &c.CreatedAt,
		&p.ID, &p.URI, &p.Host, &p.Domain, &p.Username, &p.Name, &p.URL, &p.IconURL, &p.Inbox, &p.SharedInbox,
		&p.KeyID, &p.PublicKeyPEM, &p.FetchedAt)
	if err != nil {
		return model.Comment{}, fmt.Errorf("get comment %d: %w", id, err)
	}
	c.Person = &p
	return c, nil
}

func (q Queries) CommentHide(ctx context.Context, h *model.CommentHide) error {
	_, err := q.write.Exec(ctx, `INSERT INTO comment_hides (comment_id, hidden_by, hidden_at) VALUES ($1, $2, $3)
	ON CONFLICT (comment_id) DO NOTHING`, h.CommentID, h.HiddenBy, h.HiddenAt.UTC())
	if err != nil {
		return fmt.Errorf("hide comment %d: %w", h.CommentID, err)
	}
	return nil
}

func (q Queries) CommentUnhide(ctx context.Context, commentID int64) error {
	if _, err := q.write.Exec(ctx, `DELETE FROM comment_hides WHERE comment_id = $1`, commentID); err != nil {
		return fmt.Errorf("show comment %d: %w", commentID, err)
	}
	return nil
}

const commentHidesSQL = `SELECT ` + rowscan.CommentHideColumns + ` FROM comment_hides
	WHERE comment_id IN (SELECT id FROM comments WHERE gathering_id = $1)`

func (q Queries) CommentHides(ctx context.Context, gatheringID int64) (map[int64]model.CommentHide, error) {
	rows, err := q.read.Query(ctx, commentHidesSQL, gatheringID)
	if err != nil {
		return nil, fmt.Errorf("list hidden comments: %w", err)
	}
	defer rows.Close()
	out := map[int64]model.CommentHide{}
	for rows.Next() {
		h, err := rowscan.ScanCommentHide(rows)
		if err != nil {
			return nil, fmt.Errorf("list hidden comments: %w", err)
		}
		out[h.CommentID] = h
	}
	return out, rows.Err()
}
