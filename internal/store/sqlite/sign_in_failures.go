package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/gather-coop/gather/internal/store"
)

// SignInFailureRecord implements store.Queries. Outside a transaction its
// statements run one by one: a failure noted against one subject and not
// yet the other only makes the limit a moment kinder.
func (q queries) SignInFailureRecord(ctx context.Context, p *store.SignInFailureRecordParams) error {
	for _, subject := range p.Subjects {
		_, err := q.write.ExecContext(ctx, `INSERT INTO sign_in_failures (subject, failed_at) VALUES (?, ?)`, subject, p.At.UTC())
		if err != nil {
			return fmt.Errorf("record failed sign-in: %w", interpretError(err))
		}
	}
	if _, err := q.write.ExecContext(ctx, `DELETE FROM sign_in_failures WHERE failed_at < ?`, p.ForgetBefore.UTC()); err != nil {
		return fmt.Errorf("forget old failed sign-ins: %w", interpretError(err))
	}
	return nil
}

const signInFailureListSQL = `SELECT failed_at FROM sign_in_failures
	WHERE subject = ? AND failed_at > ?
	ORDER BY failed_at DESC LIMIT ?`

func (q queries) SignInFailureList(ctx context.Context, p *store.SignInFailureListParams) ([]time.Time, error) {
	rows, err := q.read.QueryContext(ctx, signInFailureListSQL, p.Subject, p.Since.UTC(), p.Limit)
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
	if _, err := q.write.ExecContext(ctx, `DELETE FROM sign_in_failures WHERE subject = ?`, subject); err != nil {
		return fmt.Errorf("clear failed sign-ins: %w", interpretError(err))
	}
	return nil
}
