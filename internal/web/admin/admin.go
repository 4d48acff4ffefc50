// Package admin is the organisers' web admin, under /admin: its router,
// which says who may open each page, signing in and out, changing one's
// password, and the dashboard of a co-op's gatherings. The pages live in
// packages of their own, one job each:
//
//   - gatherings: the editor of a gathering, its sessions, the schedule,
//     publishing, cancelling and deleting, previews
//   - signups: who answered a gathering, the CSV export, day-of sign-up
//   - moderation: followers, blocks, abuse reports, hiding comments, the
//     audit log
//   - network: the co-ops a co-op account follows for the network calendar
//   - instance: the people who can sign in, and the settings (admins')
//   - ui: what they all share: the frame, rendering, the error page,
//     forms, the session a request carries, the admin's assets, and the
//     paths one package links to in another's
//
// A browser signs in with a username and password (app.SignIn) and gets a
// cookie holding a random token; every page but the sign-in form and the
// stylesheet needs one (requireSignIn sends others to sign in), and the
// admin-only pages also need the admin role (requireAdmin answers 403).
// Every request that can change something must come from this site's own
// pages: http.CrossOriginProtection refuses the others. Pages are rendered
// on the server, need no JavaScript, and load nothing from elsewhere.
//
// To add a page: a handler in the package whose job it is, a template in
// that package's templates/ (listed where it parses its pages), and one
// route in Routes inside the group that states who may see it. The route
// tests walk the router, so a new route is checked for sign-in without
// further ado.
package admin

import (
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	_ "time/tzdata" // gatherings name their zone; the host may have no zoneinfo

	"github.com/go-chi/chi/v5"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/web/admin/gatherings"
	"github.com/gather-coop/gather/internal/web/admin/instance"
	"github.com/gather-coop/gather/internal/web/admin/moderation"
	"github.com/gather-coop/gather/internal/web/admin/network"
	"github.com/gather-coop/gather/internal/web/admin/series"
	"github.com/gather-coop/gather/internal/web/admin/signups"
	"github.com/gather-coop/gather/internal/web/admin/ui"
)

// Paths of the admin, as the browser sees them.
const (
	// Prefix is where the admin is mounted.
	Prefix      = ui.Prefix
	signInPath  = Prefix + "/sign-in"
	signOutPath = Prefix + "/sign-out"
)

// cookieName is the session cookie's name. It is sent only to Prefix.
const cookieName = "gather_admin"

// Handler serves the web admin. Mount Routes at Prefix.
type Handler struct {
	App *app.App
	// Log receives the failures that are the server's fault; none when nil.
	Log *slog.Logger
	// Preview draws the public pages for the admin's previews; without
	// one, previews are not found.
	Preview gatherings.Previewer
	// Doctor gives the doctor's checks what they read; without it, the
	// doctor's page is not found.
	Doctor instance.DoctorFunc
}

// site serves the admin's own pages and checks who is signed in.
type site struct{ ui.Base }

// Routes returns the admin's router, to mount at Prefix.
func (h *Handler) Routes() chi.Router {
	s := &site{ui.Base{App: h.App, Log: h.Log, Pages: pages}}
	g := gatherings.New(h.App, h.Log, h.Preview)
	su := signups.New(h.App, h.Log)
	m := moderation.New(h.App, h.Log)
	in := instance.New(h.App, h.Log, h.Doctor)
	sr := series.New(h.App, h.Log)
	nw := network.New(h.App, h.Log)
	r := chi.NewRouter()
	r.Use(securityHeaders, s.sameOrigin(), ui.LimitBody)
	r.Get("/assets/{name}", s.asset)
	r.Get("/sign-in", s.signInPage)
	r.Post("/sign-in", s.signIn)
	r.Group(func(r chi.Router) {
		r.Use(s.requireSignIn)
		r.Get("/", s.dashboard)
		r.Post("/sign-out", s.signOut)
		r.Get("/password", s.passwordPage)
		r.Post("/password", s.changePassword)
		r.Get(strings.TrimPrefix(series.NewPath, Prefix), sr.NewSeriesPage)
		r.Post(strings.TrimPrefix(series.NewPath, Prefix), sr.CreateSeries)
		r.Get(strings.TrimPrefix(series.ListPath, Prefix), sr.SeriesListPage)
		r.Get(strings.TrimPrefix(series.ListPath, Prefix)+"/{id}", sr.EditSeriesPage)
		r.Post(strings.TrimPrefix(series.ListPath, Prefix)+"/{id}", sr.SaveSeries)
		r.Get("/gatherings/new", g.NewGatheringPage)
		r.Post("/gatherings/new", g.CreateGathering)
		r.Get("/gatherings/{id}", g.GatheringPage)
		r.Post("/gatherings/{id}", g.SaveGathering)
		r.Get("/gatherings/{id}/sessions/new", g.AddSessionPage)
		r.Get("/gatherings/{id}/schedule", g.SchedulePage)
		r.Get("/gatherings/{id}/proposals", g.ProposalsPage)
		r.Post("/gatherings/{id}/proposals/{proposal}/place", g.PlaceProposal)
		for _, a := range gatherings.ProposalActions {
			r.Post("/gatherings/{id}/proposals/{proposal}/"+a, g.ProposalAction(a))
		}
		r.Get("/gatherings/{id}/preview", g.PreviewGathering)
		r.Get("/gatherings/{id}/signups", su.SignupsPage)
		r.Get("/gatherings/{id}/signups.csv", su.SignupsCSV)
		r.Post("/gatherings/{id}/signups/day-of", su.SetDayOf)
		r.Post("/gatherings/{id}/signups/{rsvp}/remove", su.RemoveSignup)
		r.Post("/gatherings/{id}/signups/{rsvp}/promote", su.PromoteSignup)
		for _, a := range gatherings.LifecycleActions {
			r.Get("/gatherings/{id}/"+a.Slug, g.ConfirmLifecycle(a))
			r.Post("/gatherings/{id}/"+a.Slug, g.DoLifecycle(a))
		}
		r.Post("/gatherings/{id}/sessions", g.AddSession)
		r.Get("/sessions/{id}", g.SessionPage)
		r.Post("/sessions/{id}", g.SaveSession)
		r.Get("/sessions/{id}/delete", g.DeleteSessionPage)
		r.Post("/sessions/{id}/delete", g.DeleteSession)
		r.Get("/sessions/{id}/qr.png", su.SessionQR)
		r.Get("/audit", m.AuditPage)
		r.Get("/report-account", m.ReportAccountPage)
		r.Post("/report-account", m.ReportAccount)
		r.Post("/gatherings/{id}/comments/{comment}/hide", m.HideComment(true))
		r.Post("/gatherings/{id}/comments/{comment}/unhide", m.HideComment(false))
		r.Get("/followers", m.FollowersPage)
		r.Get("/network", nw.Page)
		r.Post("/network/follow", nw.Follow)
		r.Post("/network/unfollow", nw.Unfollow)
		r.Post("/network/share", nw.Share)
		r.Post("/network/unshare", nw.Unshare)
		r.Post("/network/cohost/accept", nw.AcceptCoHost)
		r.Post("/network/cohost/decline", nw.DeclineCoHost)
		r.Post("/followers/approve", m.ApproveFollower)
		r.Get("/followers/reject", m.ConfirmReject)
		r.Post("/followers/reject", m.RejectFollower)
		r.Get("/followers/remove", m.ConfirmRemove)
		r.Post("/followers/remove", m.RemoveFollower)
		r.Group(func(r chi.Router) {
			// Blocks hold for every co-op account; app checks each one too.
			r.Use(s.requireInstance)
			r.Get("/moderation", m.ModerationPage)
			r.Get("/moderation/block-domain", m.ConfirmBlockDomain)
			r.Post("/moderation/block-domain", m.BlockDomain)
			r.Post("/moderation/unblock-domain", m.UnblockDomain)
			r.Get("/moderation/block-account", m.ConfirmBlockAccount)
			r.Post("/moderation/block-account", m.BlockAccount)
			r.Post("/moderation/unblock-account", m.UnblockAccount)
		})
		r.Get("/sessions/{id}/preview", g.PreviewSession)
		r.Post("/sessions/{id}/move", g.MoveSession)
		r.Group(func(r chi.Router) {
			r.Use(s.requireAdmin)
			r.Get("/users", in.UsersPage)
			r.Get("/reports", m.ReportsPage)
			r.Post("/reports/{id}/resolve", m.ResolveReport)
			r.Post("/users", in.CreateOrganiser)
			r.Post("/users/{id}/coops", in.SaveUserCoops)
			r.Get("/users/{id}/remove", in.ConfirmRemoveUser)
			r.Post("/users/{id}/remove", in.RemoveUser)
			r.Get("/settings", in.SettingsPage)
			r.Get("/doctor", in.DoctorPage)
			r.With(ui.AllowBody(instance.MaxSettingsBytes)).Post("/settings", in.SaveSettings)
		})
	})
	r.NotFound(func(w http.ResponseWriter, r *http.Request) { s.Fail(w, r, ui.ErrNotFound) })
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) { s.Fail(w, r, ui.ErrMethod) })
	return r
}

// securityHeaders go on every admin response: nothing is cached, nothing
// is framed, and the pages may load only this site's own stylesheet and
// scripts. Images may come from elsewhere over https: facilitators'
// avatars, as the public pages show them.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hdr := w.Header()
		hdr.Set("Cache-Control", "no-store")
		hdr.Set("X-Content-Type-Options", "nosniff")
		hdr.Set("Referrer-Policy", "same-origin")
		hdr.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' https: data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
		next.ServeHTTP(w, r)
	})
}

// sameOrigin refuses any request that could change something (a POST, a
// PUT, a DELETE…) unless the browser says it comes from this site's own
// pages, or from no browser at all. See http.CrossOriginProtection.
func (h *site) sameOrigin() func(http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	// Behind a proxy that rewrites Host, the public origin is still ours.
	// The base URL is a validated origin; were it not, the Host check
	// remains.
	_ = cop.AddTrustedOrigin(h.App.URLs().Base)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if err := cop.Check(r); err != nil {
				h.Fail(w, r, ui.ErrCrossOrigin)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// requireSignIn lets signed-in browsers through and sends the others to
// the sign-in form, which brings them back here afterwards.
func (h *site) requireSignIn(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token := sessionToken(r)
		s, err := h.App.SignedIn(r.Context(), token)
		if errors.Is(err, app.ErrUnauthenticated) {
			if token != "" {
				h.clearCookie(w)
			}
			http.Redirect(w, r, signInURL(returnTo(r)), http.StatusSeeOther)
			return
		}
		if err != nil {
			h.Fail(w, r, err)
			return
		}
		h.setCookie(w, token, s.ExpiresAt) // the cookie lives as long as the session
		ctx := ui.WithSession(r.Context(), &ui.Session{WebSession: s, Token: token})
		// What the user may do is app's to decide, on every call.
		ctx = app.WithPrincipal(ctx, app.Principal{User: s.User, Scope: model.ScopeWrite})
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// requireAdmin answers 403 to anyone signed in without the admin role.
func (h *site) requireAdmin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s := ui.CurrentSession(r); s == nil || s.User.Role != model.RoleAdmin {
			h.Fail(w, r, app.ErrForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// requireInstance answers 403 to anyone who may not act for every co-op
// account (app.MayActForInstance): the blocks pages are theirs.
func (h *site) requireInstance(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ok, err := h.App.MayActForInstance(r.Context())
		if err == nil && !ok {
			err = errNotInstance
		}
		if err != nil {
			h.Fail(w, r, err)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// errNotInstance refuses the blocks pages to an organiser of only some
// of the co-op accounts.
var errNotInstance = &app.ForbiddenError{Msg: "blocks hold for every co-op account of the instance: an admin, or someone who organises for all of them, manages them"}

func sessionToken(r *http.Request) string {
	c, err := r.Cookie(cookieName)
	if err != nil {
		return ""
	}
	return c.Value
}

func (h *site) setCookie(w http.ResponseWriter, token string, expires time.Time) {
	h.writeCookie(w, &http.Cookie{Name: cookieName, Value: token, Path: Prefix, Expires: expires.UTC()})
}

func (h *site) clearCookie(w http.ResponseWriter) {
	h.writeCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: Prefix, MaxAge: -1})
}

// writeCookie sets the session cookie c, replacing any earlier setting of
// it in the same response (requireSignIn renews it; signing out clears it).
func (h *site) writeCookie(w http.ResponseWriter, c *http.Cookie) {
	c.HttpOnly, c.Secure, c.SameSite = true, h.secure(), http.SameSiteLaxMode
	hdr := w.Header()
	kept := hdr.Values("Set-Cookie")[:0:0]
	for _, v := range hdr.Values("Set-Cookie") {
		if !strings.HasPrefix(v, cookieName+"=") {
			kept = append(kept, v)
		}
	}
	hdr["Set-Cookie"] = append(kept, c.String())
}

// secure reports whether the site is served over https, so that the
// session cookie must never travel without it.
func (h *site) secure() bool {
	return strings.HasPrefix(h.App.URLs().Base, "https://")
}

// returnTo is where a request sent to sign in should land afterwards: the
// page it asked for, or for a form sent, the form's page if there is one.
func returnTo(r *http.Request) string {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return r.URL.RequestURI()
	}
	if rctx := chi.RouteContext(r.Context()); rctx != nil && rctx.Routes != nil &&
		rctx.Routes.Match(chi.NewRouteContext(), http.MethodGet, r.URL.Path) {
		return r.URL.Path
	}
	return ""
}

// signInURL is the sign-in form, to come back to next afterwards.
func signInURL(next string) string {
	if next = safeNext(next); next == Prefix {
		return signInPath
	}
	return signInPath + "?next=" + url.QueryEscape(next)
}

// safeNext returns next if it is a page of the admin on this site, and
// the dashboard otherwise, so that the sign-in form cannot be made to send
// anyone elsewhere.
func safeNext(next string) string {
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" ||
		!strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.Contains(next, `\`) {
		return Prefix
	}
	clean := path.Clean(u.Path)
	if clean != Prefix && !strings.HasPrefix(clean, Prefix+"/") || clean == signInPath || clean == signOutPath {
		return Prefix
	}
	return (&url.URL{Path: clean, RawQuery: u.RawQuery}).RequestURI()
}

// clientAddr is the address a request comes from, without the port.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
