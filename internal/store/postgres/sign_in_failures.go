package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/gather-coop/gather/internal/store"
)

const signInFailureRecordSQL = `INSERT INTO sign_in_failures (subject, failed_at)
	SELECT subject, $2 FROM unnest($1::text[]) AS subject`

// SignInFailureRecord implements store.Queries. Outside a transaction its
// two statements run one by one: failures left a moment longer than the
// window are harmless, as the count only looks inside it.
func (q queries) SignInFailureRecord(ctx context.Context, p *store.SignInFailureRecordParams) error {
	if _, err := q.q.Exec(ctx, signInFailureRecordSQL, p.Subjects, p.At.UTC()); err != nil {
		return fmt.Errorf("record failed sign-in: %w", interpretError(err))
	}
	if _, err := q.q.Exec(ctx, `DELETE FROM sign_in_failures WHERE failed_at < $1`, p.ForgetBefore.UTC()); err != nil {
		return fmt.Errorf("forget old failed sign-ins: %w", interpretError(err))
	}
	return nil
}

const signInFailureListSQL = `SELECT failed_at FROM sign_in_failures
	WHERE subject = $1 AND failed_at > $2
	ORDER BY failed_at DESC LIMIT $3`

func (q queries) SignInFailureList(ctx context.Context, p *store.SignInFailureListParams) ([]time.Time, error) {
	rows, err := q.q.Query(ctx, signInFailureListSQL, p.Subject, p.Since.UTC(), p.Limit)
	if err != nil {
		return nil, fmt.Errorf("list failed sign-ins: %w", interpretError(err))
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var at time.Time
		if err := rows.Scan(&at); err != nil {
			return nil, fmt.Errorf("list failed sign-ins: %w", err)
		}
		out = append(out, at)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list failed sign-ins: %w", interpretError(err))
	}
	return out, nil
}

func (q queries) SignInFailureClear(ctx context.Context, subject string) error {
	if _, err := q.q.Exec(ctx, `DELETE FROM sign_in_failures WHERE subject = $1`, subject); err != nil {
		return fmt.Errorf("clear failed sign-ins: %w", interpretError(err))
	}
	return nil
}
