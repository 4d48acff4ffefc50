// Package admin is the organisers' web admin, under /admin: signing in and
// out, the dashboard of a co-op's gatherings, its followers and the blocked
// servers and accounts, changing one's password, and, for admins, the
// people who can sign in and the instance settings.
//
// A browser signs in with a username and password (app.SignIn) and gets a
// cookie holding a random token; every page but the sign-in form and the
// stylesheet needs one (requireSignIn sends others to sign in), and the
// admin-only pages also need the admin role (requireAdmin answers 403).
// Every request that can change something must come from this site's own
// pages: http.CrossOriginProtection refuses the others. Pages are rendered
// on the server, need no JavaScript, and load nothing from elsewhere.
//
// To add a page: a handler in a file of its own, a template in templates/
// (listed in pageNames), and one route in Routes inside the group that
// states who may see it. The route tests walk the router, so a new route
// is checked for sign-in without further ado.
package admin

import (
	"context"
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
)

// Paths of the admin, as the browser sees them.
const (
	// Prefix is where the admin is mounted.
	Prefix      = "/admin"
	signInPath  = Prefix + "/sign-in"
	signOutPath = Prefix + "/sign-out"
)

// cookieName is the session cookie's name. It is sent only to Prefix.
const cookieName = "gather_admin"

// maxFormBytes bounds a form's body: ours are a few short fields.
const maxFormBytes = 64 << 10

// Handler serves the web admin. Mount Routes at Prefix.
type Handler struct {
	App *app.App
	// Log receives the failures that are the server's fault; none when nil.
	Log *slog.Logger
	// Preview draws the public pages for the admin's previews; without
	// one, previews are not found.
	Preview Previewer
}

// Previewer writes a gathering's or a session's public page, drafts
// included, with a note leading back to the admin page back. The public
// pages implement it; the admin decides who may see it.
type Previewer interface {
	PreviewGathering(w http.ResponseWriter, r *http.Request, id int64, back string)
	PreviewSession(w http.ResponseWriter, r *http.Request, id int64, back string)
}

// Routes returns the admin's router, to mount at Prefix.
func (h *Handler) Routes() chi.Router {
	r := chi.NewRouter()
	r.Use(securityHeaders, h.sameOrigin(), limitBody)
	r.Get("/assets/{name}", h.asset)
	r.Get("/sign-in", h.signInPage)
	r.Post("/sign-in", h.signIn)
	r.Group(func(r chi.Router) {
		r.Use(h.requireSignIn)
		r.Get("/", h.dashboard)
		r.Post("/sign-out", h.signOut)
		r.Get("/password", h.passwordPage)
		r.Post("/password", h.changePassword)
		r.Get("/gatherings/new", h.newGatheringPage)
		r.Post("/gatherings/new", h.createGathering)
		r.Get("/gatherings/{id}", h.gatheringPage)
		r.Post("/gatherings/{id}", h.saveGathering)
		r.Get("/gatherings/{id}/sessions/new", h.addSessionPage)
		r.Get("/gatherings/{id}/schedule", h.schedulePage)
		r.Get("/gatherings/{id}/preview", h.previewGathering)
		r.Get("/gatherings/{id}/signups", h.signupsPage)
		r.Get("/gatherings/{id}/signups.csv", h.signupsCSV)
		r.Post("/gatherings/{id}/signups/day-of", h.setDayOf)
		r.Post("/gatherings/{id}/signups/{rsvp}/remove", h.removeSignup)
		r.Post("/gatherings/{id}/signups/{rsvp}/promote", h.promoteSignup)
		for _, a := range lifecycleActions {
			r.Get("/gatherings/{id}/"+a.Slug, h.confirmLifecycle(a))
			r.Post("/gatherings/{id}/"+a.Slug, h.doLifecycle(a))
		}
		r.Post("/gatherings/{id}/sessions", h.addSession)
		r.Get("/sessions/{id}", h.sessionPage)
		r.Post("/sessions/{id}", h.saveSession)
		r.Get("/sessions/{id}/delete", h.deleteSessionPage)
		r.Post("/sessions/{id}/delete", h.deleteSession)
		r.Get("/sessions/{id}/qr.png", h.sessionQR)
		r.Get("/audit", h.auditPage)
		r.Get("/report-account", h.reportAccountPage)
		r.Post("/report-account", h.reportAccount)
		r.Post("/gatherings/{id}/comments/{comment}/hide", h.hideComment(true))
		r.Post("/gatherings/{id}/comments/{comment}/unhide", h.hideComment(false))
		r.Get("/followers", h.followersPage)
		r.Post("/followers/approve", h.approveFollower)
		r.Get("/followers/reject", h.confirmReject)
		r.Post("/followers/reject", h.rejectFollower)
		r.Get("/followers/remove", h.confirmRemove)
		r.Post("/followers/remove", h.removeFollower)
		r.Group(func(r chi.Router) {
			// Blocks hold for every co-op account; app checks each one too.
			r.Use(h.requireInstance)
			r.Get("/moderation", h.moderationPage)
			r.Get("/moderation/block-domain", h.confirmBlockDomain)
			r.Post("/moderation/block-domain", h.blockDomain)
			r.Post("/moderation/unblock-domain", h.unblockDomain)
			r.Get("/moderation/block-account", h.confirmBlockAccount)
			r.Post("/moderation/block-account", h.blockAccount)
			r.Post("/moderation/unblock-account", h.unblockAccount)
		})
		r.Get("/sessions/{id}/preview", h.previewSession)
		r.Post("/sessions/{id}/move", h.moveSession)
		r.Group(func(r chi.Router) {
			r.Use(h.requireAdmin)
			r.Get("/users", h.usersPage)
			r.Get("/reports", h.reportsPage)
			r.Post("/reports/{id}/resolve", h.resolveReport)
			r.Post("/users", h.createOrganiser)
			r.Post("/users/{id}/coops", h.saveUserCoops)
			r.Get("/users/{id}/remove", h.confirmRemoveUser)
			r.Post("/users/{id}/remove", h.removeUser)
			r.Get("/settings", h.settingsPage)
			r.With(allowBody(maxSettingsBytes)).Post("/settings", h.saveSettings)
		})
	})
	r.NotFound(func(w http.ResponseWriter, r *http.Request) { h.fail(w, r, errNotFound) })
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) { h.fail(w, r, errMethod) })
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
func (h *Handler) sameOrigin() func(http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	// Behind a proxy that rewrites Host, the public origin is still ours.
	// The base URL is a validated origin; were it not, the Host check
	// remains.
	_ = cop.AddTrustedOrigin(h.App.URLs().Base)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if err := cop.Check(r); err != nil {
				h.fail(w, r, errCrossOrigin)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// limitBody bounds every body to maxFormBytes; allowBody raises the bound
// for the routes that take files.
func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw := r.Body
		r.Body = http.MaxBytesReader(w, raw, maxFormBytes)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), rawBodyKey{}, raw)))
	})
}

// session is the signed-in browser a request comes from.
type session struct {
	model.WebSession
	token string
}

type sessionKey struct{}

// currentSession is the session requireSignIn found; nil outside it.
func currentSession(r *http.Request) *session {
	s, _ := r.Context().Value(sessionKey{}).(*session)
	return s
}

// requireSignIn lets signed-in browsers through and sends the others to
// the sign-in form, which brings them back here afterwards.
func (h *Handler) requireSignIn(next http.Handler) http.Handler {
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
			h.fail(w, r, err)
			return
		}
		h.setCookie(w, token, s.ExpiresAt) // the cookie lives as long as the session
		ctx := context.WithValue(r.Context(), sessionKey{}, &session{WebSession: s, token: token})
		// What the user may do is app's to decide, on every call.
		ctx = app.WithPrincipal(ctx, app.Principal{User: s.User, Scope: model.ScopeWrite})
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// requireAdmin answers 403 to anyone signed in without the admin role.
func (h *Handler) requireAdmin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s := currentSession(r); s == nil || s.User.Role != model.RoleAdmin {
			h.fail(w, r, app.ErrForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// requireInstance answers 403 to anyone who may not act for every co-op
// account (app.MayActForInstance): the blocks pages are theirs.
func (h *Handler) requireInstance(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ok, err := h.App.MayActForInstance(r.Context())
		if err == nil && !ok {
			err = errNotInstance
		}
		if err != nil {
			h.fail(w, r, err)
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

func (h *Handler) setCookie(w http.ResponseWriter, token string, expires time.Time) {
	h.writeCookie(w, &http.Cookie{Name: cookieName, Value: token, Path: Prefix, Expires: expires.UTC()})
}

func (h *Handler) clearCookie(w http.ResponseWriter) {
	h.writeCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: Prefix, MaxAge: -1})
}

// writeCookie sets the session cookie c, replacing any earlier setting of
// it in the same response (requireSignIn renews it; signing out clears it).
func (h *Handler) writeCookie(w http.ResponseWriter, c *http.Cookie) {
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
func (h *Handler) secure() bool {
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

func (h *Handler) log() *slog.Logger {
	if h.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return h.Log
}
