package accountsql

import (
	"context"
	"fmt"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/rowscan"
	"github.com/gather-coop/gather/internal/store/sqlstore"
)

const actorColumns = rowscan.ActorColumns

const actorCreateSQL = `INSERT INTO actors (handle, kind, name, summary, private_key_pem, public_key_pem, created_at)
	VALUES ($1, $2, $3, $4, $5, $6, $7)
	RETURNING ` + actorColumns

func (q Accounts) ActorCreate(ctx context.Context, p *store.ActorCreateParams) (model.Actor, error) {
	a, err := rowscan.ScanActor(q.write.QueryRow(ctx, actorCreateSQL,
		p.Handle, p.Kind, p.Name, p.Summary, p.PrivateKeyPEM, p.PublicKeyPEM, p.CreatedAt.UTC()))
	if err != nil {
		return model.Actor{}, fmt.Errorf("create actor %q: %w", p.Handle, err)
	}
	return a, nil
}

const actorGetByHandleSQL = `SELECT ` + actorColumns + ` FROM actors WHERE handle = $1`

func (q Accounts) ActorGetByHandle(ctx context.Context, handle string) (model.Actor, error) {
	a, err := rowscan.ScanActor(q.read.QueryRow(ctx, actorGetByHandleSQL, handle))
	if err != nil {
		return model.Actor{}, fmt.Errorf("get actor %q: %w", handle, err)
	}
	return a, nil
}

const actorGetByIDSQL = `SELECT ` + actorColumns + ` FROM actors WHERE id = $1`

func (q Accounts) ActorGetByID(ctx context.Context, id int64) (model.Actor, error) {
	a, err := rowscan.ScanActor(q.read.QueryRow(ctx, actorGetByIDSQL, id))
	if err != nil {
		return model.Actor{}, fmt.Errorf("get actor %d: %w", id, err)
	}
	return a, nil
}

const actorListSQL = `SELECT ` + actorColumns + ` FROM actors WHERE kind = $1 ORDER BY id`

func (q Accounts) ActorList(ctx context.Context, kind model.ActorKind) ([]model.Actor, error) {
	out, err := sqlstore.List(ctx, q.read, rowscan.ScanActor, actorListSQL, kind)
	if err != nil {
		return nil, fmt.Errorf("list actors: %w", err)
	}
	return out, nil
}

const actorUpdateSQL = `UPDATE actors SET name = $1, summary = $2, manually_approves_followers = $3, discoverable = $4
	WHERE id = $5 RETURNING ` + actorColumns

func (q Accounts) ActorUpdate(ctx context.Context, p *store.ActorUpdateParams) (model.Actor, error) {
	a, err := rowscan.ScanActor(q.write.QueryRow(ctx, actorUpdateSQL, p.Name, p.Summary, p.ManuallyApprovesFollowers, p.Discoverable, p.ID))
	if err != nil {
		return model.Actor{}, fmt.Errorf("update actor %d: %w", p.ID, err)
	}
	return a, nil
}
