package admin_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/config"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/server/servertest"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/web/admin"
)

func TestSignInAndOut(t *testing.T) {
	t.Parallel()
	for _, db := range servertest.Databases {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			b := setup(t, db)
			b.user(t, "ada", model.RoleAdmin)
			br := b.browser(t)

			res := br.get("/admin/password")
			require.Equal(t, http.StatusSeeOther, res.Status)
			require.Equal(t, "/admin/sign-in?next=%2Fadmin%2Fpassword", res.location())

			res = br.get(res.location())
			require.Equal(t, http.StatusOK, res.Status)
			require.Equal(t, "no-store", res.Header.Get("Cache-Control"))
			require.Equal(t, "/admin/password", hiddenValue(res, "next"))
			require.NotNil(t, byID(res.Doc, "username"))
			require.Equal(t, "current-password", attr(byID(res.Doc, "password"), "autocomplete"))

			res = br.post("/admin/sign-in", url.Values{"username": {"Ada"}, "password": {password("ada")}, "next": {"/admin/password"}},
				"Sec-Fetch-Site", "same-origin", "User-Agent", "TestBrowser/1.0")
			require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
			require.Equal(t, "/admin/password", res.location(), "back to the page asked for")
			cookie := res.Header.Get("Set-Cookie")
			for _, want := range []string{"gather_admin=", "Path=/admin", "HttpOnly", "SameSite=Lax", "Expires="} {
				require.Contains(t, cookie, want)
			}
			require.NotContains(t, cookie, "Secure", "served over http here; see TestSecureCookieOverHTTPS")

			res = br.get("/admin")
			require.Equal(t, http.StatusOK, res.Status)
			require.Contains(t, text(res.Doc), "Signed in as ada")
			require.Contains(t, text(res.Doc), "Co-op events")
			res = br.get("/admin/sign-in")
			require.Equal(t, http.StatusSeeOther, res.Status, "signed in already")
			require.Equal(t, "/admin", res.location())

			token := br.sessionCookie().Value
			s, err := b.inst.App.SignedIn(t.Context(), token)
			require.NoError(t, err)
			require.Equal(t, "TestBrowser/1.0", s.UserAgent)

			res = br.post("/admin/sign-out", nil)
			require.Equal(t, http.StatusSeeOther, res.Status)
			require.Equal(t, "/admin/sign-in?signed-out", res.location())
			require.Len(t, res.Header.Values("Set-Cookie"), 1, "one cookie setting: the one that clears it")
			require.Contains(t, res.Header.Get("Set-Cookie"), "Max-Age=0")
			require.Nil(t, br.sessionCookie(), "the cookie is cleared")
			res = br.get(res.location())
			require.Contains(t, text(byID(res.Doc, "main")), "You are signed out.")
			_, err = b.inst.App.SignedIn(t.Context(), token)
			require.ErrorIs(t, err, app.ErrUnauthenticated, "and the session ended on the server")

			// The old cookie, replayed, is worth nothing.
			other := b.browser(t)
			res = other.get("/admin", "Cookie", "gather_admin="+token)
			require.Equal(t, http.StatusSeeOther, res.Status)
			require.Equal(t, "/admin/sign-in", res.location())
		})
	}
}

// hiddenValue is the value of the hidden input called name.
func hiddenValue(res response, name string) string {
	for _, line := range strings.Split(res.Body, "\n") {
		if strings.Contains(line, `type="hidden"`) && strings.Contains(line, `name="`+name+`"`) {
			_, v, _ := strings.Cut(line, `value="`)
			v, _, _ = strings.Cut(v, `"`)
			return v
		}
	}
	return ""
}

func TestSignInMistakes(t *testing.T) {
	t.Parallel()
	b := setup(t, "sqlite")
	b.user(t, "ada", model.RoleAdmin)
	br := b.browser(t)

	res := br.post("/admin/sign-in", url.Values{"username": {"ada"}, "password": {"not the password"}})
	require.Equal(t, http.StatusBadRequest, res.Status)
	requireFieldError(t, res.Doc, "password", "The username or password is wrong")
	require.Equal(t, "ada", attr(byID(res.Doc, "username"), "value"), "the username is kept")
	require.False(t, hasAttr(byID(res.Doc, "password"), "value"), "the password is not")
	require.NotContains(t, res.Body, "not the password")
	require.True(t, hasAttr(byID(res.Doc, "password"), "autofocus"), "the cursor goes to the field to correct")
	require.True(t, strings.HasPrefix(text(findAll(res.Doc, "title")[0]), "Error: "), "the title says so")
	require.Contains(t, text(byID(res.Doc, "error-summary-title")), "There is a problem")
	require.Nil(t, br.sessionCookie())

	res = br.post("/admin/sign-in", url.Values{"username": {"nobody"}, "password": {"not the password"}})
	require.Equal(t, http.StatusBadRequest, res.Status)
	requireFieldError(t, res.Doc, "password", "The username or password is wrong")

	res = br.post("/admin/sign-in", url.Values{"username": {""}, "password": {"x"}})
	require.Equal(t, http.StatusBadRequest, res.Status)
	requireFieldError(t, res.Doc, "username", "Enter your username.")
	res = br.post("/admin/sign-in", url.Values{"username": {"ada"}})
	requireFieldError(t, res.Doc, "password", "Enter your password.")

	// A next that leads off the admin, or off the site, is ignored.
	for _, next := range []string{"https://evil.example/", "//evil.example/admin", "/admin/../gatherings/1", `/\evil.example`, "/admin/sign-out"} {
		res = b.browser(t).post("/admin/sign-in", url.Values{"username": {"ada"}, "password": {password("ada")}, "next": {next}})
		require.Equal(t, http.StatusSeeOther, res.Status)
		require.Equal(t, "/admin", res.location(), "next %q", next)
	}
	res = b.browser(t).post("/admin/sign-in", url.Values{"username": {"ada"}, "password": {password("ada")}, "next": {"/admin/users?x=1"}})
	require.Equal(t, "/admin/users?x=1", res.location())
}

func TestSignInLimitPerAccount(t *testing.T) {
	t.Parallel()
	b := setup(t, "sqlite")
	b.user(t, "ada", model.RoleAdmin)
	b.user(t, "grace", model.RoleOrganiser)
	br := b.browser(t)

	for i := range app.SignInFailuresPerAccount {
		res := br.post("/admin/sign-in", url.Values{"username": {"ada"}, "password": {fmt.Sprintf("guess %d", i)}})
		require.Equal(t, http.StatusBadRequest, res.Status, "attempt %d", i+1)
	}
	// Even with the right password, from another client: refused.
	elsewhere := b.browserFrom(t, "127.0.0.2")
	res := elsewhere.post("/admin/sign-in", url.Values{"username": {"ada"}, "password": {password("ada")}})
	require.Equal(t, http.StatusTooManyRequests, res.Status)
	retry, err := strconv.Atoi(res.Header.Get("Retry-After"))
	require.NoError(t, err)
	require.InDelta(t, app.SignInWindow.Seconds(), retry, 60)
	require.Contains(t, text(byID(res.Doc, "main")), "Too many failed sign-ins")
	require.Equal(t, "ada", attr(byID(res.Doc, "username"), "value"))
	require.Nil(t, elsewhere.sessionCookie())

	// Another account from the same client is fine.
	br.signIn("grace")
}

func TestSignInLimitPerClient(t *testing.T) {
	t.Parallel()
	b := setup(t, "sqlite")
	b.user(t, "ada", model.RoleAdmin)
	names := []string{"o1", "o2", "o3"}
	for _, name := range names {
		b.user(t, name, model.RoleOrganiser)
	}
	br := b.browser(t)
	for i := range app.SignInFailuresPerClient {
		res := br.post("/admin/sign-in", url.Values{"username": {names[i%len(names)]}, "password": {"a guess"}})
		require.Equal(t, http.StatusBadRequest, res.Status, "attempt %d", i+1)
	}
	res := br.post("/admin/sign-in", url.Values{"username": {"ada"}, "password": {password("ada")}})
	require.Equal(t, http.StatusTooManyRequests, res.Status, "this client is stopped, whatever the account")
	require.NotEmpty(t, res.Header.Get("Retry-After"))

	b.browserFrom(t, "127.0.0.2").signIn("ada")
	b.browserFrom(t, "127.0.0.3").signIn("o1")
}

func TestExpiredSessionSignsIn(t *testing.T) {
	t.Parallel()
	b := setup(t, "sqlite")
	ada := b.user(t, "ada", model.RoleAdmin)
	br := b.browser(t)
	br.signIn("ada")
	require.Equal(t, http.StatusOK, br.get("/admin").Status)

	// A session made to have expired a second ago, as if 30 idle days had
	// passed (the rule itself is tested in app with a clock).
	token := strings.Repeat("A", 43)
	s, err := b.inst.App.SignedIn(t.Context(), br.sessionCookie().Value)
	require.NoError(t, err)
	require.WithinDuration(t, time.Now().Add(app.WebSessionLifetime), s.ExpiresAt, time.Minute, "30 days ahead")
	past := time.Now().Add(-app.WebSessionLifetime - time.Second)
	require.NoError(t, b.inst.Store.WebSessionCreate(t.Context(), &store.WebSessionCreateParams{
		Hash: sha256Hex(token), UserID: ada.ID, CreatedAt: past, ExpiresAt: past.Add(app.WebSessionLifetime),
	}))
	old := b.browser(t)
	res := old.get("/admin/users", "Cookie", "gather_admin="+token)
	require.Equal(t, http.StatusSeeOther, res.Status)
	require.Equal(t, "/admin/sign-in?next=%2Fadmin%2Fusers", res.location())
	require.Contains(t, res.Header.Get("Set-Cookie"), "Max-Age=0", "the stale cookie is cleared")
	_, err = b.inst.Store.WebSessionGet(t.Context(), sha256Hex(token))
	require.ErrorIs(t, err, store.ErrNotFound, "and the session forgotten")
}

func TestCrossOriginPostsRefused(t *testing.T) {
	t.Parallel()
	b := setup(t, "sqlite")
	b.user(t, "ada", model.RoleAdmin)
	br := b.browser(t)
	br.signIn("ada")

	attacks := [][]string{
		{"Sec-Fetch-Site", "cross-site"},
		{"Sec-Fetch-Site", "same-site"},
		{"Origin", "https://evil.example"},
	}
	for _, h := range attacks {
		for _, path := range []string{"/admin/sign-out", "/admin/users", "/admin/password"} {
			res := br.post(path, url.Values{"username": {"mallory"}, "password": {"a long passphrase"}}, h...)
			require.Equal(t, http.StatusForbidden, res.Status, "%s with %v", path, h)
			require.Contains(t, text(byID(res.Doc, "main")), "sent from another site")
		}
		res := b.browser(t).post("/admin/sign-in", url.Values{"username": {"ada"}, "password": {password("ada")}}, h...)
		require.Equal(t, http.StatusForbidden, res.Status, "sign-in with %v: no signing people in from elsewhere", h)
	}
	require.Equal(t, http.StatusOK, br.get("/admin").Status, "still signed in: the sign-out was refused")
	users, err := b.inst.Store.UserList(t.Context())
	require.NoError(t, err)
	require.Len(t, users, 1, "no user was added")

	// Same origin, said either way, goes through; so does a GET from anywhere.
	require.Equal(t, http.StatusOK, br.get("/admin", "Sec-Fetch-Site", "cross-site").Status)
	res := br.post("/admin/users", url.Values{"username": {"grace"}, "password": {"a long passphrase"}}, "Origin", b.base)
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	res = br.post("/admin/sign-out", nil, "Sec-Fetch-Site", "same-origin")
	require.Equal(t, http.StatusSeeOther, res.Status)
}

func TestSecureCookieOverHTTPS(t *testing.T) {
	t.Parallel()
	// The admin believes it is served over https (a proxy in front); the
	// test talks plain http to it, as the proxy would.
	b := setup(t, "sqlite")
	b.user(t, "ada", model.RoleAdmin)
	a := app.New(app.Config{Store: b.inst.Store, BaseURL: "https://events.example.coop"})
	r := chi.NewRouter()
	r.Mount(admin.Prefix, (&admin.Handler{App: a}).Routes())
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)

	br := (&testBundle{inst: b.inst, base: srv.URL}).browser(t)
	res := br.post("/admin/sign-in", url.Values{"username": {"ada"}, "password": {password("ada")}})
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	require.Contains(t, res.Header.Get("Set-Cookie"), "; Secure")
	// Signed-out redirects clear the cookie the same way.
	res = br.get("/admin", "Cookie", "gather_admin=nothing")
	require.Contains(t, res.Header.Get("Set-Cookie"), "; Secure")
}

// TestSignInLimitPerClientBehindAProxy: behind a trusted reverse proxy,
// the limit counts the clients X-Forwarded-For names, not the proxy, so
// one guesser does not lock everyone out.
func TestSignInLimitPerClientBehindAProxy(t *testing.T) {
	t.Parallel()
	inst := servertest.Start(t, "sqlite", func(c *config.Config) {
		c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
	})
	b := &testBundle{inst: inst, base: inst.Base}
	b.user(t, "ada", model.RoleAdmin)
	names := []string{"o1", "o2", "o3"} // each stays under the per-account limit
	for _, name := range names {
		b.user(t, name, model.RoleOrganiser)
	}
	br := b.browser(t)
	for i := range app.SignInFailuresPerClient {
		res := br.post("/admin/sign-in", url.Values{"username": {names[i%len(names)]}, "password": {"a guess"}}, "X-Forwarded-For", "203.0.113.66")
		require.Equal(t, http.StatusBadRequest, res.Status, "attempt %d", i+1)
	}
	res := br.post("/admin/sign-in", url.Values{"username": {"ada"}, "password": {password("ada")}}, "X-Forwarded-For", "203.0.113.66")
	require.Equal(t, http.StatusTooManyRequests, res.Status, "the guesser is stopped")

	// Everyone else comes through the same proxy, and is not.
	res = b.browser(t).post("/admin/sign-in", url.Values{"username": {"ada"}, "password": {password("ada")}}, "X-Forwarded-For", "198.51.100.7")
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
}
