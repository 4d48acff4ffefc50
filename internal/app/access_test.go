package app_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/postgres"
	"github.com/gather-coop/gather/internal/store/sqlite"
	"github.com/gather-coop/gather/internal/store/storetest"
)

// accessBundle is an app with the co-op accounts @north and @south, a
// draft gathering of each, an admin, and an organiser of each account.
type accessBundle struct {
	app          *app.App
	store        store.Store
	north, south model.Actor
	northG       int64
	southG       int64
	ada          model.User // admin
	nora         model.User // organises for north
	sam          model.User // organises for south
}

func setupAccess(t testing.TB, db string) *accessBundle {
	t.Helper()
	ctx := context.Background()
	var st store.Store
	var err error
	if db == "postgres" {
		st, err = postgres.Open(ctx, storetest.PostgresURL(t.(*testing.T)), store.JobsConfig{})
	} else {
		st, err = sqlite.Open(ctx, filepath.Join(t.TempDir(), "gather.db"), store.JobsConfig{})
	}
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	require.NoError(t, st.Migrate(ctx))
	a := app.New(app.Config{Store: st, BaseURL: "https://coop.example"})
	b := &accessBundle{app: a, store: st}
	b.north, err = a.CreateActor(ctx, "north", "North co-op")
	require.NoError(t, err)
	b.south, err = a.CreateActor(ctx, "south", "South co-op")
	require.NoError(t, err)
	b.ada, err = a.CreateUser(ctx, "ada", "a long passphrase", model.RoleAdmin)
	require.NoError(t, err)
	b.nora, err = a.CreateUser(ctx, "nora", "a long passphrase", model.RoleOrganiser)
	require.NoError(t, err)
	b.sam, err = a.CreateUser(ctx, "sam", "a long passphrase", model.RoleOrganiser)
	require.NoError(t, err)
	require.NoError(t, a.GrantCoop(ctx, "nora", "north"))
	require.NoError(t, a.GrantCoop(ctx, "sam", "@South"))
	for _, g := range []struct {
		handle string
		id     *int64
	}{{"north", &b.northG}, {"south", &b.southG}} {
		ref, err := a.CreateGathering(ctx, g.handle, &app.GatheringInput{Title: "Meet-up", Timezone: "Europe/London",
			StartsAt: "2030-05-01T18:00", EndsAt: "2030-05-01T20:00", OnlineURL: ptr("https://meet.example/x")}, false)
		require.NoError(t, err)
		*g.id = ref.ID
	}
	return b
}

func ptr[T any](v T) *T { return &v }

func as(u model.User, scope model.TokenScope) context.Context {
	return app.WithPrincipal(context.Background(), app.Principal{User: u, Scope: scope})
}

func TestAccess(t *testing.T) {
	t.Parallel()
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			b := setupAccess(t, db)
			t.Run("Organisers", func(t *testing.T) { testOrganiserAccess(t, b) })
			t.Run("Scopes", func(t *testing.T) { testScopes(t, b) })
			t.Run("Instance", func(t *testing.T) { testInstanceAccess(t, b) })
			t.Run("Memberships", func(t *testing.T) { testMembershipAdmin(t, b) })
		})
	}
}

// testOrganiserAccess: nora acts for north and nothing of south's, and
// loses north the moment it is taken from her.
func testOrganiserAccess(t *testing.T, b *accessBundle) {
	nora := as(b.nora, model.ScopeWrite)
	_, err := b.app.GatheringDetail(nora, b.northG)
	require.NoError(t, err)
	_, err = b.app.GatheringDetail(nora, b.southG)
	require.ErrorIs(t, err, app.ErrForbidden)
	var fe *app.ForbiddenError
	require.ErrorAs(t, err, &fe)
	require.Equal(t, "you do not organise for @south: an admin can add you to it", fe.Msg)

	_, err = b.app.ListRSVPs(nora, b.southG)
	require.ErrorIs(t, err, app.ErrForbidden)
	_, err = b.app.PublishGathering(nora, b.southG)
	require.ErrorIs(t, err, app.ErrForbidden)
	_, err = b.app.CreateGathering(nora, "south", &app.GatheringInput{Title: "x"}, false)
	require.ErrorIs(t, err, app.ErrForbidden, "refused before the input is even looked at")
	_, err = b.app.ListGatherings(nora, "south")
	require.ErrorIs(t, err, app.ErrForbidden)
	_, err = b.app.Followers(nora, "south", 1)
	require.ErrorIs(t, err, app.ErrForbidden)
	g, err := b.store.GatheringGet(context.Background(), b.southG)
	require.NoError(t, err)
	require.Equal(t, model.StatusDraft, g.Status, "south's gathering is untouched")

	handle, err := b.app.DefaultActor(as(b.sam, model.ScopeWrite))
	require.NoError(t, err)
	require.Equal(t, "south", handle, "an organiser's default is their own co-op account")
	handle, err = b.app.DefaultActor(app.Anonymous(context.Background()))
	require.NoError(t, err)
	require.Equal(t, "north", handle, "the public's is the instance's first")
	dash, err := b.app.Dashboard(nora)
	require.NoError(t, err)
	require.Len(t, dash, 1)
	require.Equal(t, "north", dash[0].Handle)
	dash, err = b.app.Dashboard(as(b.ada, model.ScopeWrite))
	require.NoError(t, err)
	require.Len(t, dash, 2, "admins see every co-op account")

	// The public gets nothing, and the public pages still show what is
	// published.
	_, err = b.app.GatheringDetail(app.Anonymous(context.Background()), b.northG)
	require.ErrorIs(t, err, app.ErrUnauthenticated)
	_, err = b.app.PublishGathering(context.Background(), b.northG)
	require.NoError(t, err, "the instance itself (jobs, the command line) may")
	_, err = b.app.PublicGathering(app.Anonymous(context.Background()), b.northG)
	require.NoError(t, err)

	require.NoError(t, b.app.RevokeCoop(context.Background(), "nora", "north"))
	_, err = b.app.GatheringDetail(nora, b.northG)
	require.ErrorIs(t, err, app.ErrForbidden, "revoking takes effect at the next call")
	_, err = b.app.DefaultActor(nora)
	require.ErrorIs(t, err, app.ErrForbidden)
	require.NoError(t, b.app.GrantCoop(context.Background(), "nora", "north"))
}

// testScopes: a read token reads and changes nothing, even an admin's.
func testScopes(t *testing.T, b *accessBundle) {
	for _, u := range []model.User{b.nora, b.ada} {
		read := as(u, model.ScopeRead)
		_, err := b.app.GatheringDetail(read, b.northG)
		require.NoError(t, err)
		_, err = b.app.CancelGathering(read, b.northG)
		require.ErrorIs(t, err, app.ErrForbidden)
		require.ErrorContains(t, err, "may only read")
		err = b.app.DeleteGathering(read, b.northG)
		require.ErrorIs(t, err, app.ErrForbidden)
		_, err = b.app.CreateGathering(read, "north", &app.GatheringInput{Title: "x"}, false)
		require.ErrorIs(t, err, app.ErrForbidden)
		_, err = b.app.AddSession(read, b.northG, &app.SessionInput{Title: "x"})
		require.ErrorIs(t, err, app.ErrForbidden)
	}
	_, err := b.app.GatheringDetail(as(b.nora, ""), b.northG)
	require.NoError(t, err, "no scope reads")
	_, err = b.app.CancelGathering(as(b.nora, ""), b.northG)
	require.ErrorIs(t, err, app.ErrForbidden, "and changes nothing: the zero value is the safe one")
	g, err := b.store.GatheringGet(context.Background(), b.northG)
	require.NoError(t, err)
	require.NotEqual(t, model.StatusCancelled, g.Status)
}

// testInstanceAccess: blocks hold for every co-op account, so they need
// an admin or an organiser of all of them.
func testInstanceAccess(t *testing.T, b *accessBundle) {
	require.ErrorIs(t, b.app.BlockDomain(as(b.nora, model.ScopeWrite), "spam.example"), app.ErrForbidden)
	_, err := b.app.BlockedAccounts(as(b.sam, model.ScopeWrite))
	require.ErrorIs(t, err, app.ErrForbidden)
	ok, err := b.app.MayActForInstance(as(b.nora, model.ScopeWrite))
	require.NoError(t, err)
	require.False(t, ok)

	require.NoError(t, b.app.GrantCoop(context.Background(), "nora", "south"))
	ok, err = b.app.MayActForInstance(as(b.nora, model.ScopeWrite))
	require.NoError(t, err)
	require.True(t, ok, "an organiser of every co-op account may")
	require.NoError(t, b.app.BlockDomain(as(b.nora, model.ScopeWrite), "spam.example"))
	require.ErrorIs(t, b.app.UnblockDomain(as(b.nora, model.ScopeRead), "spam.example"), app.ErrForbidden)
	require.NoError(t, b.app.UnblockDomain(as(b.ada, model.ScopeWrite), "spam.example"))
	require.NoError(t, b.app.RevokeCoop(context.Background(), "nora", "south"))
	domains, err := b.app.BlockedDomains(context.Background())
	require.NoError(t, err)
	require.Empty(t, domains)
}

// testMembershipAdmin: only admins hand out co-op accounts.
func testMembershipAdmin(t *testing.T, b *accessBundle) {
	ctx := context.Background()
	require.ErrorIs(t, b.app.GrantCoop(as(b.nora, model.ScopeWrite), "nora", "south"), app.ErrForbidden)
	require.ErrorIs(t, b.app.SetUserCoops(as(b.ada, model.ScopeRead), b.sam.ID, nil), app.ErrForbidden)
	_, err := b.app.Memberships(as(b.sam, model.ScopeWrite))
	require.ErrorIs(t, err, app.ErrForbidden)

	admin := as(b.ada, model.ScopeWrite)
	require.NoError(t, b.app.SetUserCoops(admin, b.sam.ID, []int64{b.north.ID, b.south.ID}))
	coops, err := b.app.MyCoops(as(b.sam, model.ScopeWrite))
	require.NoError(t, err)
	require.Len(t, coops, 2)
	require.NoError(t, b.app.SetUserCoops(admin, b.sam.ID, []int64{b.north.ID}))
	coops, err = b.app.MyCoops(as(b.sam, model.ScopeWrite))
	require.NoError(t, err)
	require.Equal(t, []string{"north"}, handles(coops))
	var v *app.ValidationError
	require.ErrorAs(t, b.app.SetUserCoops(admin, b.sam.ID, []int64{99999}), &v)
	require.ErrorAs(t, b.app.SetUserCoops(admin, b.ada.ID, []int64{b.north.ID}), &v, "admins have every account already")
	require.ErrorAs(t, b.app.GrantCoop(ctx, "ada", "north"), &v)
	require.ErrorAs(t, b.app.GrantCoop(ctx, "sam", "instance.actor"), &v, "the instance actor is no co-op account")
	require.NoError(t, b.app.SetUserCoops(admin, b.sam.ID, []int64{b.south.ID}))

	// An organiser made on an instance with one co-op account organises
	// for it; with several, for none.
	one, err := sqlite.Open(ctx, storetest.SQLitePath(t), store.JobsConfig{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = one.Close() })
	require.NoError(t, one.Migrate(ctx))
	single := app.New(app.Config{Store: one, BaseURL: "https://one.example"})
	_, err = single.Setup(ctx, "events", "Events")
	require.NoError(t, err)
	u, err := single.CreateUser(ctx, "first", "a long passphrase", "")
	require.NoError(t, err)
	require.Equal(t, model.RoleAdmin, u.Role)
	u, err = single.CreateUser(ctx, "second", "a long passphrase", "")
	require.NoError(t, err)
	coops, err = single.MyCoops(as(u, model.ScopeWrite))
	require.NoError(t, err)
	require.Equal(t, []string{"events"}, handles(coops))
	extra, err := b.app.CreateUser(ctx, "late", "a long passphrase", model.RoleOrganiser)
	require.NoError(t, err)
	coops, err = b.app.MyCoops(as(extra, model.ScopeWrite))
	require.NoError(t, err)
	require.Empty(t, coops)
}

func handles(actors []model.Actor) []string {
	out := make([]string, 0, len(actors))
	for _, a := range actors {
		out = append(out, a.Handle)
	}
	return out
}

// BenchmarkAccessCheck is what the check costs a read of a gathering:
// nothing for the instance itself and admins, one indexed query for an
// organiser.
//
//	go test -run '^$' -bench BenchmarkAccessCheck ./internal/app/
func BenchmarkAccessCheck(b *testing.B) {
	bundle := setupAccess(b, "sqlite")
	for _, c := range []struct {
		name string
		ctx  context.Context
	}{
		{"instance", context.Background()},
		{"admin", as(bundle.ada, model.ScopeWrite)},
		{"organiser", as(bundle.nora, model.ScopeWrite)},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := bundle.app.GatheringDetail(c.ctx, bundle.northG); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
