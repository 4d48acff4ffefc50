package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/rowscan"
)

func (q Queries) CoHostsSet(ctx context.Context, gatheringID int64, hosts []model.CoHost) error {
	if _, err := q.write.Exec(ctx, `DELETE FROM co_hosts WHERE gathering_id = $1`, gatheringID); err != nil {
		return fmt.Errorf("set co-hosts of gathering %d: %w", gatheringID, err)
	}
	seen := map[string]bool{}
	for i, h := range hosts {
		key := strings.ToLower(h.Handle)
		if seen[key] {
			continue
		}
		seen[key] = true
		_, err := q.write.Exec(ctx, `INSERT INTO co_hosts (gathering_id, position, handle, actor_uri, name, profile_url, inbox, lookup)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			gatheringID, i, h.Handle, h.ActorURI, h.Name, h.ProfileURL, h.Inbox, string(h.Lookup))
		if err != nil {
			return fmt.Errorf("set co-host %s of gathering %d: %w", h.Handle, gatheringID, err)
		}
	}
	return nil
}

func (q Queries) CoHostList(ctx context.Context, gatheringID int64) ([]model.CoHost, error) {
	out, err := list(ctx, q.read, func(row rowscan.Row) (model.CoHost, error) {
		var h model.CoHost
		var lookup string
		err := row.Scan(&h.Handle, &h.ActorURI, &h.Name, &h.ProfileURL, &h.Inbox, &lookup)
		h.Lookup = model.FacilitatorLookup(lookup)
		return h, err
	}, `SELECT handle, actor_uri, name, profile_url, inbox, lookup FROM co_hosts WHERE gathering_id = $1 ORDER BY position`, gatheringID)
	if err != nil {
		return nil, fmt.Errorf("list co-hosts of gathering %d: %w", gatheringID, err)
	}
	return out, nil
}

func (q Queries) CoHostResolve(ctx context.Context, gatheringID int64, handle string, found model.CoHost) error {
	n, err := q.write.Exec(ctx, `UPDATE co_hosts SET actor_uri = $1, name = $2, profile_url = $3, inbox = $4, lookup = $5
		WHERE gathering_id = $6 AND handle = $7 AND lookup = 'pending'`,
		found.ActorURI, found.Name, found.ProfileURL, found.Inbox, string(found.Lookup), gatheringID, handle)
	if err != nil {
		return fmt.Errorf("resolve co-host %s of gathering %d: %w", handle, gatheringID, err)
	}
	if n == 0 {
		return fmt.Errorf("resolve co-host %s of gathering %d: no lookup pending: %w", handle, gatheringID, store.ErrNotFound)
	}
	return nil
}

const coHostedColumns = `id, actor_id, object_uri, host_uri, host_handle, state, url, title, starts_at, ends_at, timezone,
	status, place_name, place_address, online_url, version, received_at, decided_at`

func scanCoHosted(row rowscan.Row) (model.CoHosted, error) {
	var c model.CoHosted
	var state string
	err := row.Scan(&c.ID, &c.ActorID, &c.ObjectURI, &c.HostURI, &c.HostHandle, &state, &c.URL, &c.Title, &c.StartsAt, &c.EndsAt,
		&c.Timezone, &c.Status, &c.PlaceName, &c.PlaceAddr, &c.OnlineURL, &c.Version, &c.ReceivedAt, &c.DecidedAt)
	if err != nil {
		return model.CoHosted{}, err
	}
	c.State = model.CoHostedState(state)
	c.StartsAt, c.ReceivedAt = c.StartsAt.UTC(), c.ReceivedAt.UTC()
	for _, t := range []**time.Time{&c.EndsAt, &c.Version, &c.DecidedAt} {
		if *t != nil {
			u := (**t).UTC()
			*t = &u
		}
	}
	return c, nil
}

// coHostedUpsertSQL replaces a stored copy only when the new one is
// newer, so that a replayed or reordered Update changes nothing. The
// organiser's decision stays, but a pending row becomes accepted when
// its host turned out to be a source we follow.
const coHostedUpsertSQL = `INSERT INTO co_hosted_events (actor_id, object_uri, host_uri, host_handle, state, url, title,
	starts_at, ends_at, timezone, status, place_name, place_address, online_url, version, received_at)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
	ON CONFLICT (actor_id, object_uri) DO UPDATE SET host_handle = excluded.host_handle, url = excluded.url,
		title = excluded.title, starts_at = excluded.starts_at, ends_at = excluded.ends_at, timezone = excluded.timezone,
		status = excluded.status, place_name = excluded.place_name, place_address = excluded.place_address,
		online_url = excluded.online_url, version = excluded.version, received_at = excluded.received_at,
		state = CASE WHEN co_hosted_events.state = 'pending' AND excluded.state = 'accepted' THEN 'accepted'
			ELSE co_hosted_events.state END
	WHERE co_hosted_events.host_uri = excluded.host_uri
		AND (co_hosted_events.version IS NULL OR excluded.version > co_hosted_events.version)`

func (q Queries) CoHostedUpsert(ctx context.Context, c *model.CoHosted) (bool, error) {
	status := c.Status
	if status == "" {
		status = "EventScheduled"
	}
	n, err := q.write.Exec(ctx, coHostedUpsertSQL, c.ActorID, c.ObjectURI, c.HostURI, c.HostHandle, string(c.State), c.URL, c.Title,
		c.StartsAt.UTC(), utcOrNil(c.EndsAt), c.Timezone, status, c.PlaceName, c.PlaceAddr, c.OnlineURL,
		utcOrNil(c.Version), c.ReceivedAt.UTC())
	if err != nil {
		return false, fmt.Errorf("store co-hosted event %s for actor %d: %w", c.ObjectURI, c.ActorID, err)
	}
	return n > 0, nil
}

func (q Queries) CoHostedGet(ctx context.Context, id int64) (model.CoHosted, error) {
	c, err := scanCoHosted(q.read.QueryRow(ctx, `SELECT `+coHostedColumns+` FROM co_hosted_events WHERE id = $1`, id))
	if err != nil {
		return model.CoHosted{}, fmt.Errorf("get co-hosted event %d: %w", id, err)
	}
	return c, nil
}

func (q Queries) CoHostedByObject(ctx context.Context, objectURI string) ([]model.CoHosted, error) {
	out, err := list(ctx, q.read, scanCoHosted, `SELECT `+coHostedColumns+` FROM co_hosted_events
		WHERE object_uri = $1 ORDER BY actor_id`, objectURI)
	if err != nil {
		return nil, fmt.Errorf("co-hosted rows of %s: %w", objectURI, err)
	}
	return out, nil
}

func (q Queries) CoHostedList(ctx context.Context, actorID int64, states ...model.CoHostedState) ([]model.CoHosted, error) {
	query := `SELECT ` + coHostedColumns + ` FROM co_hosted_events WHERE actor_id = $1`
	args := []any{actorID}
	if len(states) > 0 {
		names := make([]string, len(states))
		for i, s := range states {
			names[i] = string(s)
		}
		query += ` AND state IN (` + inList(&args, names) + `)`
	}
	out, err := list(ctx, q.read, scanCoHosted, query+` ORDER BY starts_at, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list co-hosted events of actor %d: %w", actorID, err)
	}
	return out, nil
}

func (q Queries) CoHostedUpcoming(ctx context.Context, after time.Time, limit int) ([]model.CoHosted, error) {
	out, err := list(ctx, q.read, scanCoHosted, `SELECT `+coHostedColumns+` FROM co_hosted_events
		WHERE state = 'accepted' AND coalesce(ends_at, starts_at) > $1 ORDER BY starts_at, id LIMIT $2`, after.UTC(), limit)
	if err != nil {
		return nil, fmt.Errorf("list upcoming co-hosted events: %w", err)
	}
	return out, nil
}

func (q Queries) CoHostedDecide(ctx context.Context, id int64, state model.CoHostedState, at time.Time) error {
	n, err := q.write.Exec(ctx, `UPDATE co_hosted_events SET state = $1, decided_at = $2 WHERE id = $3`, string(state), at.UTC(), id)
	if err != nil {
		return fmt.Errorf("decide co-hosted event %d: %w", id, err)
	}
	if n == 0 {
		return fmt.Errorf("decide co-hosted event %d: %w", id, store.ErrNotFound)
	}
	return nil
}

func (q Queries) CoHostedDelete(ctx context.Context, objectURI string, actorID int64) (int64, error) {
	n, err := q.write.Exec(ctx, `DELETE FROM co_hosted_events WHERE object_uri = $1 AND ($2 = 0 OR actor_id = $3)`,
		objectURI, actorID, actorID)
	if err != nil {
		return 0, fmt.Errorf("delete co-hosted event %s: %w", objectURI, err)
	}
	return n, nil
}
