package store

import (
	"context"

	"github.com/gather-coop/gather/internal/model"
)

// ProfileQueries are what the admin's profile and settings page reads and
// writes: a co-op's profile beyond what ActorUpdate changes, and the
// instance-wide settings.
type ProfileQueries interface {
	// ActorProfileSet writes a local actor's bio source, pictures and
	// links, and returns the actor as it now is; ErrNotFound if there is
	// no such actor.
	ActorProfileSet(ctx context.Context, p *ActorProfileSetParams) (model.Actor, error)

	// InstanceSettingsGet returns the instance settings. The migration
	// that made them stored the defaults, so there always are some.
	InstanceSettingsGet(ctx context.Context) (model.InstanceSettings, error)
	// InstanceSettingsSave replaces the instance settings.
	InstanceSettingsSave(ctx context.Context, s *model.InstanceSettings) error
}

// ActorProfileSetParams are the profile fields of a local actor that
// ActorUpdate leaves alone. Every field is written: a zero Picture or no
// Links removes them.
type ActorProfileSetParams struct {
	ID            int64
	SummarySource string
	Avatar        model.Picture
	Header        model.Picture
	Links         []model.ProfileLink
}
