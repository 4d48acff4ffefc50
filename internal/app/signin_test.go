package app_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/sqlite"
	"github.com/gather-coop/gather/internal/store/storetest"
)

// clock is a time the test moves by hand.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

type signInBundle struct {
	app   *app.App
	store store.Store
	clock *clock
}

func setupSignIn(t *testing.T) *signInBundle {
	t.Helper()
	st, err := sqlite.Open(context.Background(), storetest.SQLitePath(t), store.JobsConfig{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	require.NoError(t, st.Migrate(context.Background()))
	c := &clock{now: time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)}
	return &signInBundle{app: app.New(app.Config{Store: st, BaseURL: "https://coop.example", Now: c.Now}), store: st, clock: c}
}

// user adds a user whose password is "<username> password", hashed at
// bcrypt's lowest cost so that the tests stay quick under -race.
func (b *signInBundle) user(t *testing.T, username string, role model.Role) model.User {
	t.Helper()
	hash, err := bcrypt.GenerateFromPassword([]byte(username+" password"), bcrypt.MinCost)
	require.NoError(t, err)
	u, err := b.store.UserCreate(t.Context(), &store.UserCreateParams{Username: username, PasswordHash: string(hash), Role: role, CreatedAt: b.clock.Now()})
	require.NoError(t, err)
	return u
}

func (b *signInBundle) signIn(t *testing.T, username, password, client string) (string, model.User, error) {
	t.Helper()
	return b.app.SignIn(t.Context(), &app.SignInParams{Username: username, Password: password, Client: client, UserAgent: "test"})
}

func TestSignIn(t *testing.T) {
	t.Parallel()
	b := setupSignIn(t)
	ada := b.user(t, "ada", model.RoleAdmin)

	token, user, err := b.signIn(t, " Ada ", "ada password", "192.0.2.1")
	require.NoError(t, err, "usernames are trimmed and case-insensitive")
	require.Equal(t, ada.ID, user.ID)
	require.Len(t, token, 43, "256 random bits, base64url")
	s, err := b.app.SignedIn(t.Context(), token)
	require.NoError(t, err)
	require.Equal(t, "ada", s.User.Username)
	require.Equal(t, "test", s.UserAgent)
	stored, err := b.store.WebSessionGet(t.Context(), s.ID)
	require.NoError(t, err)
	require.NotContains(t, stored.ID, token, "only the token's hash is kept")

	_, _, err = b.signIn(t, "ada", "wrong password", "192.0.2.1")
	require.ErrorIs(t, err, app.ErrWrongPassword)
	_, _, err = b.signIn(t, "nobody", "ada password", "192.0.2.1")
	require.ErrorIs(t, err, app.ErrWrongPassword, "an unknown user is refused the same way")
	for _, tc := range []struct{ username, password, field string }{
		{"", "x", "username"}, {"  ", "x", "username"}, {"ada", "", "password"},
	} {
		_, _, err := b.signIn(t, tc.username, tc.password, "192.0.2.1")
		var v *app.ValidationError
		require.ErrorAs(t, err, &v)
		require.Equal(t, tc.field, v.Field)
	}

	for _, bad := range []string{"", "short", token + "x", "!" + token[1:]} {
		_, err := b.app.SignedIn(t.Context(), bad)
		require.ErrorIs(t, err, app.ErrUnauthenticated, "token %q", bad)
	}

	require.NoError(t, b.app.SignOut(t.Context(), token))
	_, err = b.app.SignedIn(t.Context(), token)
	require.ErrorIs(t, err, app.ErrUnauthenticated, "signed out")
	require.NoError(t, b.app.SignOut(t.Context(), token), "signing out twice is fine")
}

func TestWebSessionSlidesThenExpires(t *testing.T) {
	t.Parallel()
	b := setupSignIn(t)
	b.user(t, "ada", model.RoleAdmin)
	start := b.clock.Now()
	token, _, err := b.signIn(t, "ada", "ada password", "192.0.2.1")
	require.NoError(t, err)

	// Used within a minute: nothing is written.
	b.clock.Advance(30 * time.Second)
	s, err := b.app.SignedIn(t.Context(), token)
	require.NoError(t, err)
	stored, err := b.store.WebSessionGet(t.Context(), s.ID)
	require.NoError(t, err)
	require.True(t, stored.LastSeenAt.Equal(start), "not touched within the minute: %v", stored.LastSeenAt)
	require.True(t, stored.ExpiresAt.Equal(start.Add(app.WebSessionLifetime)))

	// Used after 29 days: the 30 days start again.
	b.clock.Advance(29 * 24 * time.Hour)
	s, err = b.app.SignedIn(t.Context(), token)
	require.NoError(t, err)
	require.True(t, s.ExpiresAt.Equal(b.clock.Now().Add(app.WebSessionLifetime)), "expiry slides: %v", s.ExpiresAt)
	stored, err = b.store.WebSessionGet(t.Context(), s.ID)
	require.NoError(t, err)
	require.True(t, stored.LastSeenAt.Equal(b.clock.Now()))

	// Another 29 days is fine again (59 since signing in)…
	b.clock.Advance(29 * 24 * time.Hour)
	_, err = b.app.SignedIn(t.Context(), token)
	require.NoError(t, err)

	// …but 30 days without use is the end, and the session is forgotten.
	b.clock.Advance(app.WebSessionLifetime)
	_, err = b.app.SignedIn(t.Context(), token)
	require.ErrorIs(t, err, app.ErrUnauthenticated)
	_, err = b.store.WebSessionGet(t.Context(), s.ID)
	require.ErrorIs(t, err, store.ErrNotFound)
}

func TestSignInLimitPerAccount(t *testing.T) {
	t.Parallel()
	b := setupSignIn(t)
	b.user(t, "ada", model.RoleAdmin)
	b.user(t, "grace", model.RoleOrganiser)

	first := b.clock.Now()
	for i := range app.SignInFailuresPerAccount {
		_, _, err := b.signIn(t, "ada", fmt.Sprintf("guess %d", i), fmt.Sprintf("192.0.2.%d", i+1))
		require.ErrorIs(t, err, app.ErrWrongPassword, "attempt %d", i+1)
		b.clock.Advance(time.Second)
	}
	// From yet another address, and with the right password: refused
	// before the password is looked at.
	_, _, err := b.signIn(t, "ADA", "ada password", "198.51.100.1")
	var limited *app.TooManySignInsError
	require.ErrorAs(t, err, &limited)
	require.Equal(t, first.Add(app.SignInWindow).Sub(b.clock.Now()), limited.RetryAfter, "until the first failure leaves the window")

	// Other accounts are not locked, even from the same addresses.
	_, _, err = b.signIn(t, "grace", "grace password", "192.0.2.1")
	require.NoError(t, err)

	// Once the oldest failure is out of the window, one more try.
	b.clock.Advance(limited.RetryAfter)
	_, _, err = b.signIn(t, "ada", "ada password", "198.51.100.1")
	require.NoError(t, err)
	// A success wipes the account's slate.
	for range app.SignInFailuresPerAccount - 1 {
		_, _, err = b.signIn(t, "ada", "guess", "198.51.100.1")
		require.ErrorIs(t, err, app.ErrWrongPassword)
	}
	_, _, err = b.signIn(t, "ada", "ada password", "198.51.100.1")
	require.NoError(t, err)
}

func TestSignInLimitPerClient(t *testing.T) {
	t.Parallel()
	b := setupSignIn(t)
	b.user(t, "ada", model.RoleAdmin)
	accounts := []string{"a1", "a2", "a3"}
	for _, name := range accounts {
		b.user(t, name, model.RoleOrganiser)
	}
	// Spread over three accounts, so that no account reaches its limit.
	for i := range app.SignInFailuresPerClient {
		_, _, err := b.signIn(t, accounts[i%len(accounts)], "guess", "2001:db8:1:2::7")
		require.ErrorIs(t, err, app.ErrWrongPassword, "attempt %d", i+1)
	}
	var limited *app.TooManySignInsError
	_, _, err := b.signIn(t, "ada", "ada password", "2001:db8:1:2::7")
	require.ErrorAs(t, err, &limited, "the client is stopped, whichever account it tries")
	_, _, err = b.signIn(t, "ada", "ada password", "2001:db8:1:2:ffff::1")
	require.ErrorAs(t, err, &limited, "the rest of its /64 too")

	_, _, err = b.signIn(t, "ada", "ada password", "2001:db8:1:3::7")
	require.NoError(t, err, "another network is not")
	_, _, err = b.signIn(t, "a1", "a1 password", "192.0.2.9")
	require.NoError(t, err, "nor are the accounts it tried, from elsewhere")
}

func TestChangePassword(t *testing.T) {
	t.Parallel()
	b := setupSignIn(t)
	b.user(t, "ada", model.RoleAdmin)
	here, _, err := b.signIn(t, "ada", "ada password", "192.0.2.1")
	require.NoError(t, err)
	elsewhere, _, err := b.signIn(t, "ada", "ada password", "198.51.100.1")
	require.NoError(t, err)

	for _, tc := range []struct{ current, next, field string }{
		{"", "a new long passphrase", "current_password"},
		{"ada password", "", "new_password"},
		{"ada password", "too short", "new_password"},
		{"not it at all", "a new long passphrase", "current_password"},
		{"ada password", "ada password", "new_password"},
	} {
		err := b.app.ChangePassword(t.Context(), here, tc.current, tc.next)
		var v *app.ValidationError
		require.ErrorAs(t, err, &v, "%+v", tc)
		require.Equal(t, tc.field, v.Field, "%+v", tc)
	}
	require.ErrorIs(t, b.app.ChangePassword(t.Context(), "not a session", "ada password", "a new long passphrase"), app.ErrUnauthenticated)

	require.NoError(t, b.app.ChangePassword(t.Context(), here, "ada password", "a new long passphrase"))
	_, err = b.app.SignedIn(t.Context(), here)
	require.NoError(t, err, "this browser stays signed in")
	_, err = b.app.SignedIn(t.Context(), elsewhere)
	require.ErrorIs(t, err, app.ErrUnauthenticated, "every other browser is signed out")

	_, _, err = b.signIn(t, "ada", "ada password", "192.0.2.1")
	require.ErrorIs(t, err, app.ErrWrongPassword)
	_, _, err = b.signIn(t, "ada", "a new long passphrase", "192.0.2.1")
	require.NoError(t, err)
}

func TestChangePasswordCountsWrongGuesses(t *testing.T) {
	t.Parallel()
	b := setupSignIn(t)
	b.user(t, "ada", model.RoleAdmin)
	token, _, err := b.signIn(t, "ada", "ada password", "192.0.2.1")
	require.NoError(t, err)
	for range app.SignInFailuresPerAccount {
		var v *app.ValidationError
		require.ErrorAs(t, b.app.ChangePassword(t.Context(), token, "a guess", "a new long passphrase"), &v)
	}
	var limited *app.TooManySignInsError
	require.ErrorAs(t, b.app.ChangePassword(t.Context(), token, "ada password", "a new long passphrase"), &limited)
}

func TestOnlyAdminsManageUsers(t *testing.T) {
	t.Parallel()
	b := setupSignIn(t)
	ada := b.user(t, "ada", model.RoleAdmin)
	grace := b.user(t, "grace", model.RoleOrganiser)

	_, err := b.app.CreateOrganiser(t.Context(), grace, "linus", "a long passphrase")
	require.ErrorIs(t, err, app.ErrForbidden)
	_, err = b.app.Users(t.Context(), grace)
	require.ErrorIs(t, err, app.ErrForbidden)

	for _, tc := range []struct{ username, password, field string }{
		{"", "a long passphrase", "username"},
		{"no spaces", "a long passphrase", "username"},
		{"linus", "short", "password"},
		{"grace", "a long passphrase", "username"}, // taken
	} {
		_, err := b.app.CreateOrganiser(t.Context(), ada, tc.username, tc.password)
		var v *app.ValidationError
		require.ErrorAs(t, err, &v, "%+v", tc)
		require.Equal(t, tc.field, v.Field, "%+v", tc)
	}

	linus, err := b.app.CreateOrganiser(t.Context(), ada, "Linus", "a long passphrase")
	require.NoError(t, err)
	require.Equal(t, "linus", linus.Username)
	require.Equal(t, model.RoleOrganiser, linus.Role)
	users, err := b.app.Users(t.Context(), ada)
	require.NoError(t, err)
	require.Len(t, users, 3)
	_, _, err = b.signIn(t, "linus", "a long passphrase", "192.0.2.1")
	require.NoError(t, err)
}
