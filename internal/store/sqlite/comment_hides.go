package sqlite

import (
	"context"
	"fmt"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store/rowscan"
)

const commentGetSQL = `SELECT comments.id, comments.gathering_id, comments.session_id, comments.remote_actor_id,
	comments.note_uri, comments.content_html, comments.created_at, ` + remoteActorColumns + `
	FROM comments JOIN remote_actors ON remote_actors.id = comments.remote_actor_id
	WHERE comments.id = ?`

func (q queries) CommentGet(ctx context.Context, id int64) (model.Comment, error) {
	var c model.Comment
	var p model.RemoteActor
	err := q.write.QueryRowContext(ctx, commentGetSQL, id).Scan(&c.ID, &c.GatheringID, &c.SessionID, &c.RemoteActorID, &c.NoteURI, &c.ContentHTML, &c.CreatedAt,
		&p.ID, &p.URI, &p.Host, &p.Domain, &p.Username, &p.Name, &p.URL, &p.IconURL, &p.Inbox, &p.SharedInbox,
		&p.KeyID, &p.PublicKeyPEM, &p.FetchedAt)
	if err != nil {
		return model.Comment{}, fmt.Errorf("get comment %d: %w", id, interpretError(err))
	}
	c.Person = &p
	return c, nil
}

func (q queries) CommentHide(ctx context.Context, h *model.CommentHide) error {
	_, err := q.write.ExecContext(ctx, `INSERT INTO comment_hides (comment_id, hidden_by, hidden_at) VALUES (?, ?, ?)
	ON CONFLICT (comment_id) DO NOTHING`, h.CommentID, h.HiddenBy, h.HiddenAt.UTC())
	if err != nil {
		return fmt.Errorf("hide comment %d: %w", h.CommentID, interpretError(err))
	}
	return nil
}

func (q queries) CommentUnhide(ctx context.Context, commentID int64) error {
	if _, err := q.write.ExecContext(ctx, `DELETE FROM comment_hides WHERE comment_id = ?`, commentID); err != nil {
		return fmt.Errorf("show comment %d: %w", commentID, interpretError(err))
	}
	return nil
}

const commentHidesSQL = `SELECT ` + rowscan.CommentHideColumns + ` FROM comment_hides
	WHERE comment_id IN (SELECT id FROM comments WHERE gathering_id = ?)`

func (q queries) CommentHides(ctx context.Context, gatheringID int64) (map[int64]model.CommentHide, error) {
	rows, err := q.read.QueryContext(ctx, commentHidesSQL, gatheringID)
	if err != nil {
		return nil, fmt.Errorf("list hidden comments: %w", interpretError(err))
	}
	defer rows.Close()
	out := map[int64]model.CommentHide{}
	for rows.Next() {
		h, err := rowscan.ScanCommentHide(rows)
		if err != nil {
			return nil, fmt.Errorf("list hidden comments: %w", interpretError(err))
		}
		out[h.CommentID] = h
	}
	return out, rows.Err()
}
