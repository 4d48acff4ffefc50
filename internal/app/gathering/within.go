package gathering

import (
	"context"

	"github.com/gather-coop/gather/internal/app/input"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// CreateGatheringWithin is CreateGathering with one more step in its
// transaction: within is called once the gathering and its sessions are
// saved, before it is published, and an error from it undoes everything.
// A series links each occurrence it makes this way (package series), so
// that no gathering is left half an occurrence.
func (gs *Service) CreateGatheringWithin(ctx context.Context, handle string, in *input.GatheringInput, publish bool, within func(tx store.Tx, g model.Gathering) error) (GatheringRef, error) {
	return gs.createGathering(ctx, handle, in, publish, within)
}
