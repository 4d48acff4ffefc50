package fedsql

import (
	"context"
	"fmt"
	"time"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store/rowscan"
)

const hostColumns = rowscan.HostColumns

func (q Plumbing) HostGet(ctx context.Context, host string) (model.Host, error) {
	h, err := rowscan.ScanHost(q.read.QueryRow(ctx, `SELECT `+hostColumns+` FROM hosts WHERE host = $1`, host))
	if err != nil {
		return model.Host{}, fmt.Errorf("get host %s: %w", host, err)
	}
	return h, nil
}

const hostRecordSuccessSQL = `INSERT INTO hosts (host, failing_since, unreachable, last_success_at) VALUES ($1, NULL, FALSE, $2)
	ON CONFLICT (host) DO UPDATE SET failing_since = NULL, unreachable = FALSE, last_success_at = excluded.last_success_at`

func (q Plumbing) HostRecordSuccess(ctx context.Context, host string, at time.Time) error {
	if _, err := q.write.Exec(ctx, hostRecordSuccessSQL, host, at.UTC()); err != nil {
		return fmt.Errorf("record delivery to %s: %w", host, err)
	}
	return nil
}

const hostRecordFailureSQL = `INSERT INTO hosts (host, failing_since, unreachable) VALUES ($1, $2, FALSE)
	ON CONFLICT (host) DO UPDATE SET
		failing_since = COALESCE(hosts.failing_since, excluded.failing_since),
		unreachable = hosts.unreachable OR COALESCE(hosts.failing_since, excluded.failing_since) < $3
	RETURNING ` + hostColumns

func (q Plumbing) HostRecordFailure(ctx context.Context, host string, at, unreachableBefore time.Time) (model.Host, error) {
	h, err := rowscan.ScanHost(q.write.QueryRow(ctx, hostRecordFailureSQL, host, at.UTC(), unreachableBefore.UTC()))
	if err != nil {
		return model.Host{}, fmt.Errorf("record failed delivery to %s: %w", host, err)
	}
	return h, nil
}

func (q Plumbing) HostClearUnreachable(ctx context.Context, host string) error {
	_, err := q.write.Exec(ctx, `UPDATE hosts SET unreachable = FALSE, failing_since = NULL WHERE host = $1 AND unreachable`, host)
	if err != nil {
		return fmt.Errorf("clear unreachable %s: %w", host, err)
	}
	return nil
}

func (q Plumbing) HostListFailing(ctx context.Context, limit int) ([]model.Host, error) {
	rows, err := q.read.Query(ctx, `SELECT `+hostColumns+` FROM hosts WHERE failing_since IS NOT NULL
		ORDER BY failing_since, host LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("list failing hosts: %w", err)
	}
	defer rows.Close()
	var out []model.Host
	for rows.Next() {
		h, err := rowscan.ScanHost(rows)
		if err != nil {
			return nil, fmt.Errorf("list failing hosts: %w", err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

func (q Plumbing) HostCountSucceededSince(ctx context.Context, since time.Time) (int, error) {
	var n int
	if err := q.read.QueryRow(ctx, `SELECT count(*) FROM hosts WHERE last_success_at >= $1`, since.UTC()).Scan(&n); err != nil {
		return 0, fmt.Errorf("count hosts delivered to: %w", err)
	}
	return n, nil
}

const domainBlockSQL = `INSERT INTO blocked_domains (domain, created_at) VALUES ($1, $2) ON CONFLICT (domain) DO NOTHING`

func (q Plumbing) DomainBlock(ctx context.Context, domain string, at time.Time) error {
	if _, err := q.write.Exec(ctx, domainBlockSQL, domain, at.UTC()); err != nil {
		return fmt.Errorf("block %s: %w", domain, err)
	}
	return nil
}

func (q Plumbing) DomainUnblock(ctx context.Context, domain string) error {
	if _, err := q.write.Exec(ctx, `DELETE FROM blocked_domains WHERE domain = $1`, domain); err != nil {
		return fmt.Errorf("unblock %s: %w", domain, err)
	}
	return nil
}

const domainBlockedSQL = `SELECT count(*) FROM blocked_domains WHERE domain = $1 OR $2 LIKE '%.' || domain`

func (q Plumbing) DomainBlocked(ctx context.Context, host string) (bool, error) {
	var n int
	if err := q.read.QueryRow(ctx, domainBlockedSQL, host, host).Scan(&n); err != nil {
		return false, fmt.Errorf("check block of %s: %w", host, err)
	}
	return n > 0, nil
}

func (q Plumbing) DomainBlockList(ctx context.Context) ([]string, error) {
	rows, err := q.read.Query(ctx, `SELECT domain FROM blocked_domains ORDER BY domain`)
	if err != nil {
		return nil, fmt.Errorf("list blocked domains: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			return nil, fmt.Errorf("list blocked domains: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}
