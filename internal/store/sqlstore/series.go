package sqlstore

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/rowscan"
)

const seriesColumns = `id, actor_id, title, summary, description, rule, timezone, duration_seconds,
	online, call_url, link_for_attendees, reminders, version, created_at, updated_at`

func scanSeries(row rowscan.Row) (model.Series, error) {
	var s model.Series
	var seconds int64
	var reminders string
	err := row.Scan(&s.ID, &s.ActorID, &s.Title, &s.Summary, &s.Description, &s.Rule, &s.Timezone, &seconds,
		&s.Online, &s.CallURL, &s.LinkForAttendees, &reminders, &s.Version, &s.CreatedAt, &s.UpdatedAt)
	if err != nil {
		return model.Series{}, err
	}
	s.Duration = time.Duration(seconds) * time.Second
	if s.Reminders, err = parseReminders(reminders); err != nil {
		return model.Series{}, fmt.Errorf("series %d: %w", s.ID, err)
	}
	return s, nil
}

// formatReminders writes reminder offsets as the column keeps them:
// whole seconds, space-separated ("86400 900").
func formatReminders(ds []time.Duration) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = strconv.FormatInt(int64(d/time.Second), 10)
	}
	return strings.Join(parts, " ")
}

func parseReminders(s string) ([]time.Duration, error) {
	var out []time.Duration
	for _, f := range strings.Fields(s) {
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("reminder %q: %w", f, err)
		}
		out = append(out, time.Duration(n)*time.Second)
	}
	return out, nil
}

func seriesArgs(s *model.Series) []any {
	return []any{s.ActorID, s.Title, s.Summary, s.Description, s.Rule, s.Timezone, int64(s.Duration / time.Second),
		s.Online, s.CallURL, s.LinkForAttendees, formatReminders(s.Reminders), s.UpdatedAt.UTC()}
}

const seriesCreateSQL = `INSERT INTO series (actor_id, title, summary, description, rule, timezone, duration_seconds,
	online, call_url, link_for_attendees, reminders, updated_at, created_at)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`

func (q Queries) SeriesCreate(ctx context.Context, s *model.Series) (int64, error) {
	var id int64
	if err := q.write.QueryRow(ctx, seriesCreateSQL, append(seriesArgs(s), s.CreatedAt.UTC())...).Scan(&id); err != nil {
		return 0, fmt.Errorf("create series %q: %w", s.Title, err)
	}
	return id, nil
}

func (q Queries) SeriesGet(ctx context.Context, id int64) (model.Series, error) {
	s, err := scanSeries(q.read.QueryRow(ctx, `SELECT `+seriesColumns+` FROM series WHERE id = $1`, id))
	if err != nil {
		return model.Series{}, fmt.Errorf("get series %d: %w", id, err)
	}
	return s, nil
}

func (q Queries) SeriesList(ctx context.Context, actorID int64) ([]model.Series, error) {
	out, err := list(ctx, q.read, scanSeries, `SELECT `+seriesColumns+` FROM series WHERE actor_id = $1 ORDER BY id`, actorID)
	if err != nil {
		return nil, fmt.Errorf("list series of actor %d: %w", actorID, err)
	}
	return out, nil
}

const seriesUpdateSQL = `UPDATE series SET actor_id = $1, title = $2, summary = $3, description = $4, rule = $5,
	timezone = $6, duration_seconds = $7, online = $8, call_url = $9, link_for_attendees = $10, reminders = $11,
	updated_at = $12, version = version + 1
	WHERE id = $13 AND ($14 = 0 OR version = $15)
	RETURNING ` + seriesColumns

func (q Queries) SeriesUpdate(ctx context.Context, s *model.Series, expectedVersion int) (model.Series, error) {
	args := append(seriesArgs(s), s.ID, expectedVersion, expectedVersion)
	updated, err := scanSeries(q.write.QueryRow(ctx, seriesUpdateSQL, args...))
	if err == store.ErrNotFound {
		if _, gerr := q.SeriesGet(ctx, s.ID); gerr == nil {
			err = store.ErrStale
		}
	}
	if err != nil {
		return model.Series{}, fmt.Errorf("update series %d: %w", s.ID, err)
	}
	return updated, nil
}

func (q Queries) SeriesDelete(ctx context.Context, id int64) error {
	if _, err := q.write.Exec(ctx, `UPDATE gatherings SET series_id = NULL, recurrence_id = NULL WHERE series_id = $1`, id); err != nil {
		return fmt.Errorf("delete series %d: unlink its gatherings: %w", id, err)
	}
	if err := oneRow(q.write.Exec(ctx, `DELETE FROM series WHERE id = $1`, id)); err != nil {
		return fmt.Errorf("delete series %d: %w", id, err)
	}
	return nil
}

func (q Queries) SeriesOccurrenceLink(ctx context.Context, o *model.SeriesOccurrence) error {
	err := oneRow(q.write.Exec(ctx, `UPDATE gatherings SET series_id = $1, recurrence_id = $2 WHERE id = $3`,
		o.SeriesID, o.RecurrenceID.UTC(), o.GatheringID))
	if err != nil {
		return fmt.Errorf("make gathering %d the occurrence %s of series %d: %w",
			o.GatheringID, o.RecurrenceID.UTC().Format(time.RFC3339), o.SeriesID, err)
	}
	return nil
}

func scanOccurrence(row rowscan.Row) (model.SeriesOccurrence, error) {
	var o model.SeriesOccurrence
	err := row.Scan(&o.SeriesID, &o.GatheringID, &o.RecurrenceID)
	o.RecurrenceID = o.RecurrenceID.UTC()
	return o, err
}

func (q Queries) SeriesOccurrences(ctx context.Context, seriesID int64) ([]model.SeriesOccurrence, error) {
	out, err := list(ctx, q.read, scanOccurrence,
		`SELECT series_id, id, recurrence_id FROM gatherings WHERE series_id = $1 ORDER BY recurrence_id`, seriesID)
	if err != nil {
		return nil, fmt.Errorf("list occurrences of series %d: %w", seriesID, err)
	}
	return out, nil
}

func (q Queries) SeriesOccurrenceOf(ctx context.Context, gatheringID int64) (model.SeriesOccurrence, error) {
	o, err := scanOccurrence(q.read.QueryRow(ctx,
		`SELECT series_id, id, recurrence_id FROM gatherings WHERE id = $1 AND series_id IS NOT NULL`, gatheringID))
	if err != nil {
		return model.SeriesOccurrence{}, fmt.Errorf("series occurrence of gathering %d: %w", gatheringID, err)
	}
	return o, nil
}
