package fedsql

import (
	"context"
	"fmt"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store/rowscan"
)

const remoteActorColumns = rowscan.RemoteActorColumns

const remoteActorUpsertSQL = `INSERT INTO remote_actors
	(uri, host, domain, username, name, url, icon_url, inbox, shared_inbox, key_id, public_key_pem, fetched_at)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
	ON CONFLICT (uri) DO UPDATE SET host = excluded.host, domain = excluded.domain, username = excluded.username, name = excluded.name,
		url = excluded.url, icon_url = excluded.icon_url, inbox = excluded.inbox, shared_inbox = excluded.shared_inbox,
		key_id = excluded.key_id, public_key_pem = excluded.public_key_pem, fetched_at = excluded.fetched_at
	RETURNING ` + remoteActorColumns

func (q Plumbing) RemoteActorUpsert(ctx context.Context, p *model.RemoteActor) (model.RemoteActor, error) {
	r, err := rowscan.ScanRemoteActor(q.write.QueryRow(ctx, remoteActorUpsertSQL,
		p.URI, p.Host, p.Domain, p.Username, p.Name, p.URL, p.IconURL, p.Inbox, p.SharedInbox, p.KeyID, p.PublicKeyPEM, p.FetchedAt.UTC()))
	if err != nil {
		return model.RemoteActor{}, fmt.Errorf("store remote actor %s: %w", p.URI, err)
	}
	return r, nil
}

const remoteActorGetByURISQL = `SELECT ` + remoteActorColumns + ` FROM remote_actors WHERE uri = $1`

func (q Plumbing) RemoteActorGetByURI(ctx context.Context, uri string) (model.RemoteActor, error) {
	r, err := rowscan.ScanRemoteActor(q.read.QueryRow(ctx, remoteActorGetByURISQL, uri))
	if err != nil {
		return model.RemoteActor{}, fmt.Errorf("get remote actor %s: %w", uri, err)
	}
	return r, nil
}

const remoteActorGetByKeyIDSQL = `SELECT ` + remoteActorColumns + ` FROM remote_actors WHERE key_id = $1 ORDER BY fetched_at DESC LIMIT 1`

func (q Plumbing) RemoteActorGetByKeyID(ctx context.Context, keyID string) (model.RemoteActor, error) {
	r, err := rowscan.ScanRemoteActor(q.read.QueryRow(ctx, remoteActorGetByKeyIDSQL, keyID))
	if err != nil {
		return model.RemoteActor{}, fmt.Errorf("get remote actor by key %s: %w", keyID, err)
	}
	return r, nil
}

func (q Plumbing) RemoteActorDelete(ctx context.Context, uri string) error {
	if _, err := q.write.Exec(ctx, `DELETE FROM remote_actors WHERE uri = $1`, uri); err != nil {
		return fmt.Errorf("delete remote actor %s: %w", uri, err)
	}
	return nil
}

func (q Plumbing) RemoteActorDeleteByInbox(ctx context.Context, inbox string) (int, error) {
	n, err := q.write.Exec(ctx, `DELETE FROM remote_actors WHERE inbox = $1`, inbox)
	if err != nil {
		return 0, fmt.Errorf("delete remote actors at inbox %s: %w", inbox, err)
	}
	return int(n), nil
}

func (q Plumbing) RemoteActorGetByID(ctx context.Context, id int64) (model.RemoteActor, error) {
	r, err := rowscan.ScanRemoteActor(q.read.QueryRow(ctx, `SELECT `+remoteActorColumns+` FROM remote_actors WHERE id = $1`, id))
	if err != nil {
		return model.RemoteActor{}, fmt.Errorf("get remote actor %d: %w", id, err)
	}
	return r, nil
}
