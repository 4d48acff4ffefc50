package accountsql

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gather-coop/gather/internal/store"
)

// SignInFailureRecord implements store.Queries. Outside a transaction its
// two statements run one by one: failures left a moment longer than the
// window are harmless, as the count only looks inside it.
func (q Accounts) SignInFailureRecord(ctx context.Context, p *store.SignInFailureRecordParams) error {
	if len(p.Subjects) > 0 {
		// One row a subject, all sharing the time in $1.
		values := make([]string, len(p.Subjects))
		args := make([]any, 0, len(p.Subjects)+1)
		args = append(args, p.At.UTC())
		for i, subject := range p.Subjects {
			values[i] = "($" + strconv.Itoa(i+2) + ", $1)"
			args = append(args, subject)
		}
		query := `INSERT INTO sign_in_failures (subject, failed_at) VALUES ` + strings.Join(values, ", ")
		if _, err := q.write.Exec(ctx, query, args...); err != nil {
			return fmt.Errorf("record failed sign-in: %w", err)
		}
	}
	if _, err := q.write.Exec(ctx, `DELETE FROM sign_in_failures WHERE failed_at < $1`, p.ForgetBefore.UTC()); err != nil {
		return fmt.Errorf("forget old failed sign-ins: %w", err)
	}
	return nil
}

const signInFailureListSQL = `SELECT failed_at FROM sign_in_failures
	WHERE subject = $1 AND failed_at > $2
	ORDER BY failed_at DESC LIMIT $3`

func (q Accounts) SignInFailureList(ctx context.Context, p *store.SignInFailureListParams) ([]time.Time, error) {
	rows, err := q.read.Query(ctx, signInFailureListSQL, p.Subject, p.Since.UTC(), p.Limit)
	if err != nil {
		return nil, fmt.Errorf("list failed sign-ins: %w", err)
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
		return nil, fmt.Errorf("list failed sign-ins: %w", err)
	}
	return out, nil
}

func (q Accounts) SignInFailureClear(ctx context.Context, subject string) error {
	if _, err := q.write.Exec(ctx, `DELETE FROM sign_in_failures WHERE subject = $1`, subject); err != nil {
		return fmt.Errorf("clear failed sign-ins: %w", err)
	}
	return nil
}
