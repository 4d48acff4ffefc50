package sqlite

import (
	"context"
	"fmt"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store/rowscan"
)

const remoteActorColumns = rowscan.RemoteActorColumns

func scanRemoteActor(row rowscan.Row) (model.RemoteActor, error) {
	v, err := rowscan.ScanRemoteActor(row)
	return v, interpretError(err)
}

const remoteActorUpsertSQL = `INSERT INTO remote_actors
	(uri, host, domain, username, name, url, icon_url, inbox, shared_inbox, key_id, public_key_pem, fetched_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (uri) DO UPDATE SET host = excluded.host, domain = excluded.domain, username = excluded.username, name = excluded.name,
		url = excluded.url, icon_url = excluded.icon_url, inbox = excluded.inbox, shared_inbox = excluded.shared_inbox,
		key_id = excluded.key_id, public_key_pem = excluded.public_key_pem, fetched_at = excluded.fetched_at
	RETURNING ` + remoteActorColumns

func (q queries) RemoteActorUpsert(ctx context.Context, p *model.RemoteActor) (model.RemoteActor, error) {
	r, err := scanRemoteActor(q.write.QueryRowContext(ctx, remoteActorUpsertSQL,
		p.URI, p.Host, p.Domain, p.Username, p.Name, p.URL, p.IconURL, p.Inbox, p.SharedInbox, p.KeyID, p.PublicKeyPEM, p.FetchedAt.UTC()))
	if err != nil {
		return model.RemoteActor{}, fmt.Errorf("store remote actor %s: %w", p.URI, err)
	}
	return r, nil
}

const remoteActorGetByURISQL = `SELECT ` + remoteActorColumns + ` FROM remote_actors WHERE uri = ?`

func (q queries) RemoteActorGetByURI(ctx context.Context, uri string) (model.RemoteActor, error) {
	r, err := scanRemoteActor(q.read.QueryRowContext(ctx, remoteActorGetByURISQL, uri))
	if err != nil {
		return model.RemoteActor{}, fmt.Errorf("get remote actor %s: %w", uri, err)
	}
	return r, nil
}

const remoteActorGetByKeyIDSQL = `SELECT ` + remoteActorColumns + ` FROM remote_actors WHERE key_id = ? ORDER BY fetched_at DESC LIMIT 1`

func (q queries) RemoteActorGetByKeyID(ctx context.Context, keyID string) (model.RemoteActor, error) {
	r, err := scanRemoteActor(q.read.QueryRowContext(ctx, remoteActorGetByKeyIDSQL, keyID))
	if err != nil {
		return model.RemoteActor{}, fmt.Errorf("get remote actor by key %s: %w", keyID, err)
	}
	return r, nil
}

func (q queries) RemoteActorDelete(ctx context.Context, uri string) error {
	if _, err := q.write.ExecContext(ctx, `DELETE FROM remote_actors WHERE uri = ?`, uri); err != nil {
		return fmt.Errorf("delete remote actor %s: %w", uri, interpretError(err))
	}
	return nil
}

func (q queries) RemoteActorDeleteByInbox(ctx context.Context, inbox string) (int, error) {
	res, err := q.write.ExecContext(ctx, `DELETE FROM remote_actors WHERE inbox = ?`, inbox)
	if err != nil {
		return 0, fmt.Errorf("delete remote actors at inbox %s: %w", inbox, interpretError(err))
	}
	n, err := res.RowsAffected()
	return int(n), err
}

func (q queries) RemoteActorGetByID(ctx context.Context, id int64) (model.RemoteActor, error) {
	r, err := scanRemoteActor(q.read.QueryRowContext(ctx, `SELECT `+remoteActorColumns+` FROM remote_actors WHERE id = ?`, id))
	if err != nil {
		return model.RemoteActor{}, fmt.Errorf("get remote actor %d: %w", id, err)
	}
	return r, nil
}
