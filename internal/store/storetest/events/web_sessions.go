package events

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

func runWebSessions(t *testing.T, h Harness) {
	t.Run("WebSessions", func(t *testing.T) { t.Parallel(); testWebSessions(t, h) })
	t.Run("UsersForTheAdmin", func(t *testing.T) { t.Parallel(); testUsersForTheAdmin(t, h) })
	t.Run("SignInFailures", func(t *testing.T) { t.Parallel(); testSignInFailures(t, h) })
}

// sessionHash makes a 64-character hash, as the column wants, from a word.
func sessionHash(word string) string {
	return word + strings.Repeat("0", 64-len(word))
}

func newUser(t *testing.T, s store.Store, username string, role model.Role) model.User {
	t.Helper()
	u, err := s.UserCreate(context.Background(), &store.UserCreateParams{Username: username, PasswordHash: "hash-" + username, Role: role,
		CreatedAt: time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)})
	require.NoError(t, err)
	return u
}

func testWebSessions(t *testing.T, h Harness) {
	ctx := context.Background()
	s := setup(t, h).store
	ada := newUser(t, s, "ada", model.RoleAdmin)
	grace := newUser(t, s, "grace", model.RoleOrganiser)
	signedIn := time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC)
	month := 30 * 24 * time.Hour

	create := func(hash string, user model.User, at time.Time) {
		t.Helper()
		require.NoError(t, s.WebSessionCreate(ctx, &store.WebSessionCreateParams{Hash: sessionHash(hash), UserID: user.ID,
			UserAgent: "Firefox/140", CreatedAt: at, ExpiresAt: at.Add(month)}))
	}
	create("a1", ada, signedIn)
	got, err := s.WebSessionGet(ctx, sessionHash("a1"))
	require.NoError(t, err)
	require.Equal(t, sessionHash("a1"), got.ID)
	require.Equal(t, "Firefox/140", got.UserAgent)
	require.Equal(t, ada.ID, got.User.ID)
	require.Equal(t, "ada", got.User.Username)
	require.Equal(t, model.RoleAdmin, got.User.Role)
	require.True(t, got.CreatedAt.Equal(signedIn), "created_at %v", got.CreatedAt)
	require.True(t, got.LastSeenAt.Equal(signedIn), "last_seen_at starts at created_at: %v", got.LastSeenAt)
	require.True(t, got.ExpiresAt.Equal(signedIn.Add(month)), "expires_at %v", got.ExpiresAt)

	err = s.WebSessionCreate(ctx, &store.WebSessionCreateParams{Hash: sessionHash("a1"), UserID: grace.ID, CreatedAt: signedIn, ExpiresAt: signedIn})
	require.ErrorIs(t, err, store.ErrConflict)
	_, err = s.WebSessionGet(ctx, sessionHash("none"))
	require.ErrorIs(t, err, store.ErrNotFound)

	later := signedIn.Add(2 * time.Hour)
	require.NoError(t, s.WebSessionTouch(ctx, &store.WebSessionTouchParams{Hash: sessionHash("a1"), SeenAt: later, ExpiresAt: later.Add(month)}))
	got, err = s.WebSessionGet(ctx, sessionHash("a1"))
	require.NoError(t, err)
	require.True(t, got.LastSeenAt.Equal(later), "touched: %v", got.LastSeenAt)
	require.True(t, got.ExpiresAt.Equal(later.Add(month)), "expiry moved: %v", got.ExpiresAt)
	require.True(t, got.CreatedAt.Equal(signedIn), "created_at stays")
	err = s.WebSessionTouch(ctx, &store.WebSessionTouchParams{Hash: sessionHash("none"), SeenAt: later, ExpiresAt: later})
	require.ErrorIs(t, err, store.ErrNotFound)

	// Ending one session, the others of a user, and the expired ones.
	require.NoError(t, s.WebSessionDelete(ctx, sessionHash("a1")))
	require.ErrorIs(t, s.WebSessionDelete(ctx, sessionHash("a1")), store.ErrNotFound)
	_, err = s.WebSessionGet(ctx, sessionHash("a1"))
	require.ErrorIs(t, err, store.ErrNotFound)

	create("a2", ada, signedIn)
	create("a3", ada, signedIn)
	create("a4", ada, signedIn)
	create("g1", grace, signedIn)
	n, err := s.WebSessionDeleteByUser(ctx, ada.ID, sessionHash("a3"))
	require.NoError(t, err)
	require.Equal(t, 2, n)
	_, err = s.WebSessionGet(ctx, sessionHash("a3"))
	require.NoError(t, err, "the session named as the exception stays")
	_, err = s.WebSessionGet(ctx, sessionHash("g1"))
	require.NoError(t, err, "other users' sessions stay")
	n, err = s.WebSessionDeleteByUser(ctx, ada.ID, "")
	require.NoError(t, err)
	require.Equal(t, 1, n)

	create("old", grace, signedIn.Add(-month))
	n, err = s.WebSessionDeleteExpired(ctx, signedIn)
	require.NoError(t, err)
	require.Equal(t, 1, n, "a session that expires at now has expired")
	_, err = s.WebSessionGet(ctx, sessionHash("g1"))
	require.NoError(t, err)

	// A deleted user's sessions go with them.
	require.NoError(t, h.Exec(ctx, s, fmt.Sprintf(`DELETE FROM users WHERE id = %d`, grace.ID)))
	_, err = s.WebSessionGet(ctx, sessionHash("g1"))
	require.ErrorIs(t, err, store.ErrNotFound)
}

func testUsersForTheAdmin(t *testing.T, h Harness) {
	ctx := context.Background()
	s := setup(t, h).store

	users, err := s.UserList(ctx)
	require.NoError(t, err)
	require.Empty(t, users)

	grace := newUser(t, s, "grace", model.RoleOrganiser)
	ada := newUser(t, s, "ada", model.RoleAdmin)
	users, err = s.UserList(ctx)
	require.NoError(t, err)
	require.Len(t, users, 2)
	require.Equal(t, "ada", users[0].Username, "by username")
	require.Equal(t, "grace", users[1].Username)
	require.Equal(t, model.RoleOrganiser, users[1].Role)

	got, err := s.UserGetByID(ctx, grace.ID)
	require.NoError(t, err)
	require.Equal(t, "grace", got.Username)
	_, err = s.UserGetByID(ctx, ada.ID+grace.ID+100)
	require.ErrorIs(t, err, store.ErrNotFound)

	require.NoError(t, s.UserSetPassword(ctx, ada.ID, "new-hash"))
	got, err = s.UserGetByUsername(ctx, "ada")
	require.NoError(t, err)
	require.Equal(t, "new-hash", got.PasswordHash)
	got, err = s.UserGetByID(ctx, grace.ID)
	require.NoError(t, err)
	require.Equal(t, "hash-grace", got.PasswordHash, "only that user's password changes")
	require.ErrorIs(t, s.UserSetPassword(ctx, ada.ID+grace.ID+100, "x"), store.ErrNotFound)

	require.NoError(t, s.UserDelete(ctx, grace.ID))
	_, err = s.UserGetByID(ctx, grace.ID)
	require.ErrorIs(t, err, store.ErrNotFound)
	require.ErrorIs(t, s.UserDelete(ctx, grace.ID), store.ErrNotFound)
	users, err = s.UserList(ctx)
	require.NoError(t, err)
	require.Len(t, users, 1, "only that user goes")
}

func testSignInFailures(t *testing.T, h Harness) {
	ctx := context.Background()
	s := setup(t, h).store
	start := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	window := 15 * time.Minute

	record := func(at time.Time, subjects ...string) {
		t.Helper()
		require.NoError(t, s.SignInFailureRecord(ctx, &store.SignInFailureRecordParams{Subjects: subjects, At: at, ForgetBefore: at.Add(-window)}))
	}
	list := func(subject string, now time.Time, limit int) []time.Time {
		t.Helper()
		got, err := s.SignInFailureList(ctx, &store.SignInFailureListParams{Subject: subject, Since: now.Add(-window), Limit: limit})
		require.NoError(t, err)
		return got
	}

	require.Empty(t, list("account:ada", start, 10))
	for i := range 4 {
		record(start.Add(time.Duration(i)*time.Minute), "account:ada", "client:192.0.2.1")
	}
	record(start.Add(4*time.Minute), "account:grace", "client:192.0.2.1")

	now := start.Add(5 * time.Minute)
	ada := list("account:ada", now, 10)
	require.Len(t, ada, 4)
	require.True(t, ada[0].Equal(start.Add(3*time.Minute)), "latest first: %v", ada)
	require.True(t, ada[3].Equal(start), "latest first: %v", ada)
	require.Len(t, list("client:192.0.2.1", now, 10), 5)
	require.Len(t, list("client:192.0.2.1", now, 2), 2, "at most the limit")
	require.Empty(t, list("client:198.51.100.7", now, 10))

	// Only failures inside the window count…
	now = start.Add(window + 90*time.Second)
	require.Len(t, list("account:ada", now, 10), 2)
	// …and older ones are forgotten when the next failure is recorded.
	record(now, "account:someone")
	require.Len(t, list("account:ada", now.Add(24*time.Hour), 10), 0)
	all, err := s.SignInFailureList(ctx, &store.SignInFailureListParams{Subject: "account:ada", Since: time.Time{}, Limit: 10})
	require.NoError(t, err)
	require.Len(t, all, 2, "the two failures older than the window are gone")

	require.NoError(t, s.SignInFailureClear(ctx, "account:ada"))
	all, err = s.SignInFailureList(ctx, &store.SignInFailureListParams{Subject: "account:ada", Limit: 10})
	require.NoError(t, err)
	require.Empty(t, all)
	client, err := s.SignInFailureList(ctx, &store.SignInFailureListParams{Subject: "client:192.0.2.1", Limit: 10})
	require.NoError(t, err)
	require.Len(t, client, 3, "clearing one subject leaves the others")
}
