package app_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/sqlite"
	"github.com/gather-coop/gather/internal/store/storetest"
)

func newApp(t *testing.T) *app.App {
	t.Helper()
	st, err := sqlite.Open(context.Background(), storetest.SQLitePath(t), store.JobsConfig{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	require.NoError(t, st.Migrate(context.Background()))
	return app.New(app.Config{Store: st, BaseURL: "https://coop.example"})
}

func TestSetupCreatesTheCoopOnlyOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a := newApp(t)
	first, err := a.Setup(ctx, "events", "Co-op events")
	require.NoError(t, err)
	require.True(t, first)
	first, err = a.Setup(ctx, "other", "Other")
	require.NoError(t, err)
	require.False(t, first, "a second start creates nothing")
	_, err = a.Actor(ctx, "other")
	require.ErrorIs(t, err, store.ErrNotFound)

	actor, err := a.Actor(ctx, "EVENTS")
	require.NoError(t, err, "handles are case-insensitive")
	require.Contains(t, actor.PublicKeyPEM, "BEGIN PUBLIC KEY")
	_, err = a.Actor(ctx, app.InstanceHandle)
	require.ErrorIs(t, err, store.ErrNotFound, "the instance actor is not a co-op")
}

func TestCreateActorRefusesBadAndTakenHandles(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a := newApp(t)
	_, err := a.CreateActor(ctx, "@Network", "Tech co-op network")
	require.NoError(t, err)
	for handle, field := range map[string]string{"network": "handle", "no spaces": "handle", "": "handle", "instance.actor": "handle"} {
		_, err := a.CreateActor(ctx, handle, "x")
		var v *app.ValidationError
		require.ErrorAs(t, err, &v, handle)
		require.Equal(t, field, v.Field)
	}
	_, err = a.CreateActor(ctx, "fine", "")
	var v *app.ValidationError
	require.ErrorAs(t, err, &v)
	require.Equal(t, "name", v.Field)
}

func TestUsersAndTokens(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a := newApp(t)

	first, err := a.CreateUser(ctx, "Ada", "correct horse battery", "")
	require.NoError(t, err)
	require.Equal(t, model.RoleAdmin, first.Role, "the first user is an admin")
	require.NotContains(t, first.PasswordHash, "correct horse", "only a hash is kept")
	second, err := a.CreateUser(ctx, "grace", "another long one", "")
	require.NoError(t, err)
	require.Equal(t, model.RoleOrganiser, second.Role)

	_, err = a.CreateUser(ctx, "short", "2short", "")
	var v *app.ValidationError
	require.ErrorAs(t, err, &v)
	require.Equal(t, "password", v.Field)
	_, err = a.CreateUser(ctx, "role", "long enough password", "owner")
	require.ErrorAs(t, err, &v)
	require.Equal(t, "role", v.Field)

	token, err := a.CreateToken(ctx, "ada")
	require.NoError(t, err)
	who, err := a.Authenticate(ctx, token)
	require.NoError(t, err)
	require.Equal(t, "ada", who.User.Username)
	require.Equal(t, model.ScopeWrite, who.Scope, "a token may do all its user may unless made otherwise")

	for _, wrong := range []string{"", "gather_", token + "x", token[:len(token)-1], "Bearer " + token} {
		_, err := a.Authenticate(ctx, wrong)
		require.ErrorIs(t, err, app.ErrUnauthenticated, wrong)
	}
	_, err = a.CreateToken(ctx, "nobody")
	require.ErrorAs(t, err, &v)
}

func TestDomainBlocksAreNormalised(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a := newApp(t)
	require.NoError(t, a.BlockDomain(ctx, " Spam.Example "))
	for _, bad := range []string{"spam.example/x", "user@spam.example", "", "-bad-.example", "spam..example"} {
		var v *app.ValidationError
		require.ErrorAs(t, a.BlockDomain(ctx, bad), &v, bad)
	}
	list, err := a.BlockedDomains(ctx)
	require.NoError(t, err)
	require.Equal(t, []string{"spam.example"}, list)
}

func TestURLs(t *testing.T) {
	t.Parallel()
	u := app.URLs{Base: "https://coop.example"}
	require.Equal(t, "https://coop.example/actors/events", u.Actor("events"))
	require.Equal(t, "events", u.HandleOf("https://coop.example/actors/events"))
	for _, notOurs := range []string{"https://coop.example/actors/events/inbox", "https://coop.example.evil/actors/events", "https://other.example/actors/events", "https://coop.example/actors/"} {
		require.Empty(t, u.HandleOf(notOurs), notOurs)
	}
	require.True(t, u.Mine("https://coop.example/activities/1"))
	require.False(t, u.Mine("https://coop.example.evil/activities/1"))
	require.Equal(t, "coop.example", u.Host())
}

func TestProfileSummaryIsSanitisedWhenSaved(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a := newApp(t)
	_, err := a.Setup(ctx, "events", "Co-op events")
	require.NoError(t, err)
	actor, err := a.UpdateProfile(ctx, "events", app.ProfileParams{Name: "Co-op events",
		SummaryHTML: `<p>Hello <script>alert(1)</script><a href="javascript:alert(2)">x</a></p>`})
	require.NoError(t, err)
	require.NotContains(t, actor.Summary, "<script")
	require.NotContains(t, actor.Summary, "javascript:")
	require.Contains(t, actor.Summary, "<p>Hello")
}
