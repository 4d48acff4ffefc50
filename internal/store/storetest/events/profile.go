package events

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

func runProfile(t *testing.T, h Harness) {
	t.Run("ActorProfile", func(t *testing.T) { t.Parallel(); testActorProfile(t, h) })
	t.Run("InstanceSettings", func(t *testing.T) { t.Parallel(); testInstanceSettings(t, h) })
}

func testActorProfile(t *testing.T, h Harness) {
	ctx := context.Background()
	s := setup(t, h).store
	created, err := s.ActorCreate(ctx, newActor("events"))
	require.NoError(t, err)
	require.Empty(t, created.SummarySource, "a new actor has no profile yet")
	require.True(t, created.Avatar.IsZero())
	require.True(t, created.Header.IsZero())
	require.Empty(t, created.Links)

	avatar := model.Picture{File: "0123456789abcdef0123456789abcdef.png", MediaType: "image/png", Width: 400, Height: 400}
	header := model.Picture{File: "fedcba9876543210fedcba9876543210.jpg", MediaType: "image/jpeg", Width: 1500, Height: 500}
	links := []model.ProfileLink{{Name: "Website", URL: "https://coop.example"}, {Name: "Ünïcode \"quoted\"", URL: "https://example.org/a?b=c&d"}}
	set, err := s.ActorProfileSet(ctx, &store.ActorProfileSetParams{ID: created.ID, SummarySource: "We are *a network*.",
		Avatar: avatar, Header: header, Links: links})
	require.NoError(t, err)
	require.Equal(t, "We are *a network*.", set.SummarySource)
	require.Equal(t, avatar, set.Avatar)
	require.Equal(t, header, set.Header)
	require.Equal(t, links, set.Links)
	require.Equal(t, created.Name, set.Name, "other fields stay")
	require.Equal(t, created.PublicKeyPEM, set.PublicKeyPEM)

	// Every read of an actor carries the profile.
	byHandle, err := s.ActorGetByHandle(ctx, "events")
	require.NoError(t, err)
	require.Equal(t, set, byHandle)
	byID, err := s.ActorGetByID(ctx, created.ID)
	require.NoError(t, err)
	require.Equal(t, set, byID)
	list, err := s.ActorList(ctx, model.ActorGroup)
	require.NoError(t, err)
	require.Equal(t, []model.Actor{set}, list)

	// ActorUpdate leaves the profile alone.
	updated, err := s.ActorUpdate(ctx, &store.ActorUpdateParams{ID: created.ID, Name: "Renamed", Summary: "<p>Hi</p>", Discoverable: true})
	require.NoError(t, err)
	require.Equal(t, "Renamed", updated.Name)
	require.Equal(t, avatar, updated.Avatar)
	require.Equal(t, links, updated.Links)

	// Zero values remove.
	cleared, err := s.ActorProfileSet(ctx, &store.ActorProfileSetParams{ID: created.ID})
	require.NoError(t, err)
	require.Empty(t, cleared.SummarySource)
	require.True(t, cleared.Avatar.IsZero())
	require.True(t, cleared.Header.IsZero())
	require.Empty(t, cleared.Links)
	require.Equal(t, "Renamed", cleared.Name)

	// In a transaction, and rolled back with it.
	errRollback := errors.New("roll back")
	err = s.InTx(ctx, func(tx store.Tx) error {
		if _, err := tx.ActorProfileSet(ctx, &store.ActorProfileSetParams{ID: created.ID, Avatar: avatar}); err != nil {
			return err
		}
		return errRollback
	})
	require.ErrorIs(t, err, errRollback)
	after, err := s.ActorGetByID(ctx, created.ID)
	require.NoError(t, err)
	require.True(t, after.Avatar.IsZero(), "the rolled-back avatar is not there")

	_, err = s.ActorProfileSet(ctx, &store.ActorProfileSetParams{ID: created.ID + 1000})
	require.ErrorIs(t, err, store.ErrNotFound)
}

func testInstanceSettings(t *testing.T, h Harness) {
	ctx := context.Background()
	s := setup(t, h).store

	got, err := s.InstanceSettingsGet(ctx)
	require.NoError(t, err)
	require.Equal(t, model.DefaultInstanceSettings(), got, "a new instance has the defaults")

	want := model.InstanceSettings{DefaultTimezone: "Europe/London", RSVPPollDefault: false,
		EmbedOrigins: []string{"https://coop.example", "http://localhost:8080"}}
	require.NoError(t, s.InstanceSettingsSave(ctx, &want))
	got, err = s.InstanceSettingsGet(ctx)
	require.NoError(t, err)
	require.Equal(t, want, got)

	// Saved again, in a transaction: still one set.
	want = model.InstanceSettings{DefaultTimezone: "America/Argentina/Buenos_Aires", RSVPPollDefault: true}
	require.NoError(t, s.InTx(ctx, func(tx store.Tx) error { return tx.InstanceSettingsSave(ctx, &want) }))
	got, err = s.InstanceSettingsGet(ctx)
	require.NoError(t, err)
	require.Equal(t, want, got)
}
