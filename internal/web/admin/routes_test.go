package admin_test

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/web"
)

// route is one method and pattern of the site's router.
type route struct{ method, pattern string }

func (r route) String() string { return r.method + " " + r.pattern }

// routes walks the whole site's router, so that a route added anywhere is
// in the list without anyone updating it.
func routes(t *testing.T, h http.Handler) []route {
	t.Helper()
	mux, ok := h.(chi.Routes)
	require.True(t, ok, "the site's handler is a chi router")
	var out []route
	err := chi.Walk(mux, func(method, pattern string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		out = append(out, route{method, pattern})
		return nil
	})
	require.NoError(t, err)
	return out
}

var urlParam = regexp.MustCompile(`\{[^}]*\}`)

// concrete makes a pattern a path: each {param} becomes 1.
func concrete(pattern string) string {
	return urlParam.ReplaceAllString(strings.TrimSuffix(pattern, "/*"), "1")
}

// publicAdmin are the admin's routes that need no sign-in.
var publicAdmin = map[string]bool{
	"GET /admin/sign-in":       true,
	"POST /admin/sign-in":      true,
	"GET /admin/assets/{name}": true,
}

// TestEveryRouteNeedsSignIn walks every route of the site: each admin
// page sends a browser that is not signed in to the sign-in form (and
// back afterwards), and each API endpoint answers 401 without a token.
func TestEveryRouteNeedsSignIn(t *testing.T) {
	t.Parallel()
	b := setup(t, "sqlite")
	b.user(t, "ada", model.RoleAdmin)
	// The router the instance serves, built again: walking needs it whole.
	site := web.NewHandler(web.Config{App: b.inst.App, Log: slog.New(slog.DiscardHandler), Metrics: prometheus.NewRegistry()})
	all := routes(t, site)

	var adminRoutes, apiRoutes []string
	seenPublic := map[string]bool{}
	for _, rt := range all {
		path := concrete(rt.pattern)
		switch {
		case publicAdmin[rt.String()]:
			seenPublic[rt.String()] = true
		case rt.pattern == "/admin" || strings.HasPrefix(rt.pattern, "/admin/"):
			adminRoutes = append(adminRoutes, rt.String())
			res := b.browser(t).do(rt.method, path, url.Values{})
			require.Equal(t, http.StatusSeeOther, res.Status, "%s without signing in", rt)
			loc := res.location()
			require.True(t, loc == "/admin/sign-in" || strings.HasPrefix(loc, "/admin/sign-in?next="), "%s goes to sign in, not %q", rt, loc)
			if want := "/admin/sign-in?next=" + url.QueryEscape(path); rt.method == http.MethodGet && path != "/admin/" {
				require.Equal(t, want, loc, "%s comes back afterwards", rt)
			}
		case strings.HasPrefix(rt.pattern, "/api/"):
			apiRoutes = append(apiRoutes, rt.String())
			res := b.browser(t).do(rt.method, path, url.Values{})
			require.Equal(t, http.StatusUnauthorized, res.Status, "%s without a token", rt)
			var body struct{ Error string }
			require.NoError(t, json.Unmarshal([]byte(res.Body), &body), "%s answers JSON", rt)
			require.NotEmpty(t, body.Error)
			res = b.browser(t).do(rt.method, path, url.Values{}, "Authorization", "Bearer gather_not-a-token")
			require.Equal(t, http.StatusUnauthorized, res.Status, "%s with a made-up token", rt)
		}
	}
	// A form sent after the session ended comes back to its page, if it
	// has one.
	require.Equal(t, "/admin/sign-in?next=%2Fadmin%2Fpassword", b.browser(t).post("/admin/password", url.Values{}).location())
	require.Equal(t, "/admin/sign-in", b.browser(t).post("/admin/sign-out", url.Values{}).location())
	for r := range publicAdmin {
		require.True(t, seenPublic[r], "the public route %s exists", r)
	}
	t.Logf("admin routes that need signing in: %v", adminRoutes)
	t.Logf("API routes that need a token: %v", apiRoutes)
	require.GreaterOrEqual(t, len(adminRoutes), 7, "the walk found the admin's routes")
	require.GreaterOrEqual(t, len(apiRoutes), 10, "the walk found the API's routes")

	// A session cookie opens the admin, not the API; an admin page stays
	// shut to an API token.
	br := b.browser(t)
	br.signIn("ada")
	require.Equal(t, http.StatusUnauthorized, br.get("/api/v1/me").Status)
	token, err := b.inst.App.CreateToken(t.Context(), "ada")
	require.NoError(t, err)
	res := b.browser(t).get("/admin", "Authorization", "Bearer "+token)
	require.Equal(t, http.StatusSeeOther, res.Status)

	// The public routes need nothing.
	res = b.browser(t).get("/admin/sign-in")
	require.Equal(t, http.StatusOK, res.Status)
	css := findAll(res.Doc, "link")[0]
	res = b.browser(t).get(attr(css, "href"))
	require.Equal(t, http.StatusOK, res.Status)
	require.Contains(t, res.Header.Get("Content-Type"), "text/css")
	require.Contains(t, res.Header.Get("Cache-Control"), "immutable")
}

// TestAdminOnlyPages signs in as an organiser, who is refused the pages
// for admins, and as an admin, who is not.
func TestAdminOnlyPages(t *testing.T) {
	t.Parallel()
	b := setup(t, "sqlite")
	b.user(t, "ada", model.RoleAdmin)
	b.user(t, "grace", model.RoleOrganiser)

	organiser := b.browser(t)
	organiser.signIn("grace")
	require.Equal(t, http.StatusOK, organiser.get("/admin").Status)
	require.Equal(t, http.StatusOK, organiser.get("/admin/password").Status)
	for _, path := range []string{"/admin/users", "/admin/settings"} {
		res := organiser.get(path)
		require.Equal(t, http.StatusForbidden, res.Status, path)
		require.Contains(t, text(findAll(res.Doc, "h1")[0]), "Only admins can open this page")
	}
	res := organiser.post("/admin/users", url.Values{"username": {"mallory"}, "password": {"a long passphrase"}})
	require.Equal(t, http.StatusForbidden, res.Status)
	_, err := b.inst.Store.UserGetByUsername(t.Context(), "mallory")
	require.Error(t, err, "no user was made")
	nav := text(findAll(organiser.get("/admin").Doc, "nav")[0])
	require.NotContains(t, nav, "People", "organisers are not shown the admins' pages")
	require.NotContains(t, nav, "Settings")

	admin := b.browser(t)
	admin.signIn("ada")
	for _, path := range []string{"/admin/users", "/admin/settings"} {
		res := admin.get(path)
		require.Equal(t, http.StatusOK, res.Status, path)
		require.Equal(t, "page", attr(findLink(res, path), "aria-current"), "%s is marked as the current page", path)
	}
	nav = text(findAll(admin.get("/admin").Doc, "nav")[0])
	require.Contains(t, nav, "People")
	require.Contains(t, nav, "Settings")
}

// findLink is the first link to href on the page.
func findLink(res response, href string) *html.Node {
	for _, a := range findAll(res.Doc, "a") {
		if attr(a, "href") == href {
			return a
		}
	}
	return nil
}
