package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store/rowscan"
)

const sourceColumns = `sources.id, sources.actor_id, sources.actor_uri, sources.handle, sources.state, sources.follow_uri,
	sources.requested_at, sources.accepted_at, sources.last_heard_at, sources.unreachable_since`

func scanSource(row rowscan.Row, extra ...any) (model.Source, error) {
	var s model.Source
	dest := append([]any{&s.ID, &s.ActorID, &s.ActorURI, &s.Handle, &s.State, &s.FollowURI,
		&s.RequestedAt, &s.AcceptedAt, &s.LastHeardAt, &s.UnreachableSince}, extra...)
	err := row.Scan(dest...)
	return s, err
}

func (q Queries) SourceCreate(ctx context.Context, s *model.Source) (int64, error) {
	state := s.State
	if state == "" {
		state = model.SourcePending
	}
	var id int64
	err := q.write.QueryRow(ctx, `INSERT INTO sources (actor_id, actor_uri, handle, state, follow_uri, requested_at)
	VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		s.ActorID, s.ActorURI, s.Handle, state, s.FollowURI, s.RequestedAt.UTC()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store source %s: %w", s.ActorURI, err)
	}
	return id, nil
}

func (q Queries) SourceGet(ctx context.Context, id int64) (model.Source, error) {
	return q.source(ctx, `sources.id = $1`, id)
}

func (q Queries) SourceGetByActor(ctx context.Context, actorURI string) (model.Source, error) {
	return q.source(ctx, `sources.actor_uri = $1`, actorURI)
}

func (q Queries) SourceGetByFollow(ctx context.Context, followURI string) (model.Source, error) {
	return q.source(ctx, `sources.follow_uri = $1`, followURI)
}

func (q Queries) source(ctx context.Context, where string, arg any) (model.Source, error) {
	s, err := scanSource(q.write.QueryRow(ctx, `SELECT `+sourceColumns+` FROM sources WHERE `+where, arg))
	if err != nil {
		return model.Source{}, fmt.Errorf("get source %v: %w", arg, err)
	}
	return s, nil
}

// sourceListSQL counts upcoming events in one pass over the index on
// (source_id, starts_at) rather than a subquery per source.
const sourceListSQL = `SELECT ` + sourceColumns + `, COUNT(remote_events.id)
	FROM sources LEFT JOIN remote_events ON remote_events.source_id = sources.id
		AND COALESCE(remote_events.ends_at, remote_events.starts_at) > $1
	GROUP BY ` + sourceColumns + `
	ORDER BY sources.handle, sources.id`

func (q Queries) SourceList(ctx context.Context, now time.Time) ([]model.Source, error) {
	out, err := list(ctx, q.read, func(row rowscan.Row) (model.Source, error) {
		var n int
		s, err := scanSource(row, &n)
		s.Upcoming = n
		return s, err
	}, sourceListSQL, now.UTC())
	if err != nil {
		return nil, fmt.Errorf("list sources: %w", err)
	}
	return out, nil
}

func (q Queries) SourceAnswered(ctx context.Context, id int64, state model.SourceState, at time.Time) error {
	var accepted any
	if state == model.SourceAccepted {
		accepted = at.UTC()
	}
	n, err := q.write.Exec(ctx, `UPDATE sources SET state = $1, accepted_at = $2, last_heard_at = $3, unreachable_since = NULL
	WHERE id = $4`, string(state), accepted, at.UTC(), id)
	if err := oneRow(n, err); err != nil {
		return fmt.Errorf("note source %d %s: %w", id, state, err)
	}
	return nil
}

func (q Queries) SourceHeard(ctx context.Context, id int64, at time.Time) error {
	n, err := q.write.Exec(ctx, `UPDATE sources SET last_heard_at = $1, unreachable_since = NULL WHERE id = $2`, at.UTC(), id)
	if err := oneRow(n, err); err != nil {
		return fmt.Errorf("note source %d heard from: %w", id, err)
	}
	return nil
}

func (q Queries) SourceUnreachable(ctx context.Context, id int64, at time.Time) error {
	n, err := q.write.Exec(ctx, `UPDATE sources SET unreachable_since = COALESCE(unreachable_since, $1) WHERE id = $2`, at.UTC(), id)
	if err := oneRow(n, err); err != nil {
		return fmt.Errorf("note source %d unreachable: %w", id, err)
	}
	return nil
}

func (q Queries) SourceDelete(ctx context.Context, id int64) error {
	// remote_events go with it (ON DELETE CASCADE).
	n, err := q.write.Exec(ctx, `DELETE FROM sources WHERE id = $1`, id)
	if err := oneRow(n, err); err != nil {
		return fmt.Errorf("delete source %d: %w", id, err)
	}
	return nil
}
