package app

import (
	"context"

	"github.com/gather-coop/gather/internal/app/account"
	"github.com/gather-coop/gather/internal/model"
)

// NewGatheringDefaults returns what a new gathering of the co-op account
// handle starts with (the instance settings), to someone who may create
// one there; "" is DefaultActor.
func (a *App) NewGatheringDefaults(ctx context.Context, handle string) (model.InstanceSettings, error) {
	if handle == "" {
		var err error
		if handle, err = a.DefaultActor(ctx); err != nil {
			return model.InstanceSettings{}, err
		}
	}
	if err := a.acct.AuthorizeHandle(ctx, handle, account.Write); err != nil {
		return model.InstanceSettings{}, err
	}
	return a.InstanceSettings(ctx)
}
