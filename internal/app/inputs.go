package app

import "github.com/gather-coop/gather/internal/app/input"

// What organisers and scripts write, as package input reads and checks it.
type (
	GatheringInput = input.GatheringInput
	VenueInput     = input.VenueInput
	RoomInput      = input.RoomInput
	SessionInput   = input.SessionInput
)

// DecodeStrict reads JSON into v, ignoring keys that start with "_"
// (comments) at any depth and refusing any other unknown key with a
// ValidationError naming it.
func DecodeStrict(data []byte, v any) error { return input.DecodeStrict(data, v) }

// Categories returns the category ids a gathering may have, sorted, for
// forms to offer.
func Categories() []string { return input.Categories() }
