package events

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/migrations"
)

func runMemberships(t *testing.T, h Harness) {
	t.Run("Memberships", func(t *testing.T) { t.Parallel(); testMemberships(t, h) })
	t.Run("TokenScopes", func(t *testing.T) { t.Parallel(); testTokenScopes(t, h) })
	t.Run("MembershipsOnUpgrade", func(t *testing.T) { t.Parallel(); testMembershipsOnUpgrade(t, h) })
}

func testMemberships(t *testing.T, h Harness) {
	ctx := context.Background()
	b := setup(t, h)
	a1, err := b.store.ActorCreate(ctx, newActor("north"))
	require.NoError(t, err)
	a2, err := b.store.ActorCreate(ctx, newActor("south"))
	require.NoError(t, err)
	grace, err := b.store.UserCreate(ctx, &store.UserCreateParams{Username: "grace", PasswordHash: "x", Role: model.RoleOrganiser, CreatedAt: time.Now()})
	require.NoError(t, err)
	alan, err := b.store.UserCreate(ctx, &store.UserCreateParams{Username: "alan", PasswordHash: "x", Role: model.RoleOrganiser, CreatedAt: time.Now()})
	require.NoError(t, err)

	_, err = b.store.MembershipGet(ctx, grace.ID, a1.ID)
	require.ErrorIs(t, err, store.ErrNotFound)

	at := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	require.NoError(t, b.store.MembershipAdd(ctx, &store.MembershipAddParams{UserID: grace.ID, ActorID: a1.ID, CreatedAt: at}))
	require.NoError(t, b.store.MembershipAdd(ctx, &store.MembershipAddParams{UserID: grace.ID, ActorID: a1.ID, CreatedAt: at.Add(time.Hour)}),
		"adding twice is no error")
	require.NoError(t, b.store.MembershipAdd(ctx, &store.MembershipAddParams{UserID: alan.ID, ActorID: a2.ID, CreatedAt: at}))
	require.NoError(t, b.store.MembershipAdd(ctx, &store.MembershipAddParams{UserID: grace.ID, ActorID: a2.ID, CreatedAt: at}))

	m, err := b.store.MembershipGet(ctx, grace.ID, a1.ID)
	require.NoError(t, err)
	require.True(t, m.CreatedAt.Equal(at), "the first grant's time stays: %v", m.CreatedAt)

	mine, err := b.store.MembershipList(ctx, grace.ID)
	require.NoError(t, err)
	require.Equal(t, []int64{a1.ID, a2.ID}, actorIDs(mine))
	all, err := b.store.MembershipList(ctx, 0)
	require.NoError(t, err)
	require.Len(t, all, 3)

	require.NoError(t, b.store.MembershipDelete(ctx, grace.ID, a1.ID))
	require.ErrorIs(t, b.store.MembershipDelete(ctx, grace.ID, a1.ID), store.ErrNotFound)
	_, err = b.store.MembershipGet(ctx, grace.ID, a1.ID)
	require.ErrorIs(t, err, store.ErrNotFound)

	err = b.store.MembershipAdd(ctx, &store.MembershipAddParams{UserID: grace.ID, ActorID: 99999, CreatedAt: at})
	require.Error(t, err, "no membership of an account that does not exist")

	// Removing a person removes what they organised for.
	require.NoError(t, b.store.UserDelete(ctx, grace.ID))
	all, err = b.store.MembershipList(ctx, 0)
	require.NoError(t, err)
	require.Len(t, all, 1)
	require.Equal(t, alan.ID, all[0].UserID)
}

func actorIDs(ms []model.Membership) []int64 {
	out := make([]int64, 0, len(ms))
	for _, m := range ms {
		out = append(out, m.ActorID)
	}
	return out
}

func testTokenScopes(t *testing.T, h Harness) {
	ctx := context.Background()
	b := setup(t, h)
	u, err := b.store.UserCreate(ctx, &store.UserCreateParams{Username: "ada", PasswordHash: "hash", Role: model.RoleOrganiser, CreatedAt: time.Now()})
	require.NoError(t, err)
	for hash, scope := range map[string]model.TokenScope{"r": model.ScopeRead, "w": model.ScopeWrite} {
		require.NoError(t, b.store.TokenCreate(ctx, &store.TokenCreateParams{UserID: u.ID, Hash: hash, Scope: scope, CreatedAt: time.Now()}))
		_, got, err := b.store.TokenUser(ctx, hash, time.Now())
		require.NoError(t, err)
		require.Equal(t, scope, got)
	}
	err = b.store.TokenCreate(ctx, &store.TokenCreateParams{UserID: u.ID, Hash: "x", Scope: "admin", CreatedAt: time.Now()})
	require.Error(t, err, "the database knows only read and write")
}

// testMembershipsOnUpgrade migrates a database of the schema before
// memberships, with organisers, co-op accounts and a token in it: every
// organiser keeps every account they could act for, and the old token
// keeps writing.
func testMembershipsOnUpgrade(t *testing.T, h Harness) {
	ctx := context.Background()
	s := h.Open(t, store.JobsConfig{})
	dialect := "postgres"
	if h.Exec(ctx, s, `SELECT sqlite_version()`) == nil {
		dialect = "sqlite"
	}
	ms, err := migrations.List(dialect)
	require.NoError(t, err)
	require.NoError(t, h.Exec(ctx, s, `CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMP NOT NULL)`))
	for _, m := range ms {
		if m.Version >= 13 {
			break
		}
		require.NoError(t, h.Exec(ctx, s, m.SQL), "migration %d", m.Version)
		require.NoError(t, h.Exec(ctx, s, fmt.Sprintf(
			`INSERT INTO schema_migrations (version, name, applied_at) VALUES (%d, '%s', CURRENT_TIMESTAMP)`, m.Version, m.Name)))
	}
	// Written the way the old binary wrote them.
	require.NoError(t, h.Exec(ctx, s, `INSERT INTO users (username, password_hash, role, created_at) VALUES
		('ada', 'x', 'admin', '2026-01-01 10:00:00'), ('grace', 'x', 'organiser', '2026-02-01 10:00:00'),
		('alan', 'x', 'organiser', '2026-03-01 10:00:00')`))
	require.NoError(t, h.Exec(ctx, s, `INSERT INTO actors (handle, kind, name, private_key_pem, public_key_pem, created_at) VALUES
		('instance.actor', 'Application', 'Gather instance', 'p', 'p', '2026-01-01 10:00:00'),
		('north', 'Group', 'North', 'p', 'p', '2026-01-01 10:00:00'),
		('south', 'Group', 'South', 'p', 'p', '2026-01-02 10:00:00')`))
	require.NoError(t, h.Exec(ctx, s, `INSERT INTO api_tokens (user_id, token_hash, created_at)
		SELECT id, 'old-token', '2026-02-02 10:00:00' FROM users WHERE username = 'grace'`))

	require.NoError(t, s.Migrate(ctx))

	users, err := s.UserList(ctx)
	require.NoError(t, err)
	byName := map[string]model.User{}
	for _, u := range users {
		byName[u.Username] = u
	}
	groups, err := s.ActorList(ctx, model.ActorGroup)
	require.NoError(t, err)
	require.Len(t, groups, 2)
	for _, name := range []string{"grace", "alan"} {
		mine, err := s.MembershipList(ctx, byName[name].ID)
		require.NoError(t, err)
		require.Equal(t, []int64{groups[0].ID, groups[1].ID}, actorIDs(mine), "%s keeps both co-op accounts", name)
	}
	admins, err := s.MembershipList(ctx, byName["ada"].ID)
	require.NoError(t, err)
	require.Empty(t, admins, "admins act everywhere without memberships")
	u, scope, err := s.TokenUser(ctx, "old-token", time.Now())
	require.NoError(t, err)
	require.Equal(t, "grace", u.Username)
	require.Equal(t, model.ScopeWrite, scope, "a token made before scopes keeps writing")
}
