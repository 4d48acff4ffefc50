package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/rowscan"
)

const standingColumns = `id, series_id, remote_actor_id, activity_uri, created_at, withdrawn_at`

func scanStanding(row rowscan.Row) (model.StandingRSVP, error) {
	var s model.StandingRSVP
	var withdrawn *time.Time
	if err := row.Scan(&s.ID, &s.SeriesID, &s.RemoteActorID, &s.ActivityURI, &s.CreatedAt, &withdrawn); err != nil {
		return model.StandingRSVP{}, err
	}
	s.CreatedAt = s.CreatedAt.UTC()
	if withdrawn != nil {
		w := withdrawn.UTC()
		s.WithdrawnAt = &w
	}
	return s, nil
}

// The upsert changes a withdrawn row only: a row that stands is left as
// it was, and then RETURNING gives nothing.
const standingSaveSQL = `INSERT INTO standing_rsvps (series_id, remote_actor_id, activity_uri, created_at)
	VALUES ($1, $2, $3, $4)
	ON CONFLICT (series_id, remote_actor_id) DO UPDATE
		SET activity_uri = excluded.activity_uri, created_at = excluded.created_at, withdrawn_at = NULL
		WHERE standing_rsvps.withdrawn_at IS NOT NULL
	RETURNING ` + standingColumns

func (q Queries) StandingSave(ctx context.Context, s *model.StandingRSVP) (model.StandingRSVP, bool, error) {
	saved, err := scanStanding(q.write.QueryRow(ctx, standingSaveSQL, s.SeriesID, s.RemoteActorID, s.ActivityURI, s.CreatedAt.UTC()))
	if errors.Is(err, store.ErrNotFound) {
		// It stands already.
		cur, err := scanStanding(q.write.QueryRow(ctx, `SELECT `+standingColumns+` FROM standing_rsvps
			WHERE series_id = $1 AND remote_actor_id = $2`, s.SeriesID, s.RemoteActorID))
		if err != nil {
			return model.StandingRSVP{}, false, fmt.Errorf("standing RSVP of %d for series %d: %w", s.RemoteActorID, s.SeriesID, err)
		}
		return cur, false, nil
	}
	if err != nil {
		return model.StandingRSVP{}, false, fmt.Errorf("save standing RSVP of %d for series %d: %w", s.RemoteActorID, s.SeriesID, err)
	}
	return saved, true, nil
}

func (q Queries) StandingGet(ctx context.Context, seriesID, remoteActorID int64) (model.StandingRSVP, error) {
	s, err := scanStanding(q.read.QueryRow(ctx, `SELECT `+standingColumns+` FROM standing_rsvps
		WHERE series_id = $1 AND remote_actor_id = $2`, seriesID, remoteActorID))
	if err != nil {
		return model.StandingRSVP{}, fmt.Errorf("standing RSVP of %d for series %d: %w", remoteActorID, seriesID, err)
	}
	return s, nil
}

func (q Queries) StandingWithdraw(ctx context.Context, seriesID, remoteActorID int64, at time.Time) (model.StandingRSVP, error) {
	s, err := scanStanding(q.write.QueryRow(ctx, `UPDATE standing_rsvps SET withdrawn_at = $1
		WHERE series_id = $2 AND remote_actor_id = $3 AND withdrawn_at IS NULL
		RETURNING `+standingColumns, at.UTC(), seriesID, remoteActorID))
	if err != nil {
		return model.StandingRSVP{}, fmt.Errorf("withdraw standing RSVP of %d for series %d: %w", remoteActorID, seriesID, err)
	}
	return s, nil
}

func (q Queries) StandingList(ctx context.Context, seriesID int64) ([]model.StandingRSVP, error) {
	out, err := list(ctx, q.read, scanStanding, `SELECT `+standingColumns+` FROM standing_rsvps
		WHERE series_id = $1 AND withdrawn_at IS NULL ORDER BY created_at, id`, seriesID)
	if err != nil {
		return nil, fmt.Errorf("list standing RSVPs of series %d: %w", seriesID, err)
	}
	return out, nil
}

func (q Queries) StandingCount(ctx context.Context, seriesID int64) (int, error) {
	var n int
	if err := q.read.QueryRow(ctx, `SELECT count(*) FROM standing_rsvps WHERE series_id = $1 AND withdrawn_at IS NULL`,
		seriesID).Scan(&n); err != nil {
		return 0, fmt.Errorf("count standing RSVPs of series %d: %w", seriesID, err)
	}
	return n, nil
}

func (q Queries) StandingCopy(ctx context.Context, from, to int64) (int, error) {
	n, err := q.write.Exec(ctx, `INSERT INTO standing_rsvps (series_id, remote_actor_id, activity_uri, created_at)
		SELECT $1, remote_actor_id, activity_uri, created_at FROM standing_rsvps
		WHERE series_id = $2 AND withdrawn_at IS NULL
		ON CONFLICT (series_id, remote_actor_id) DO NOTHING`, to, from)
	if err != nil {
		return 0, fmt.Errorf("copy standing RSVPs of series %d to %d: %w", from, to, err)
	}
	return int(n), nil
}
