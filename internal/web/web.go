// Package web is Gather's HTTP face: one chi router with the middleware
// every request passes (recovery, logs, metrics, limits), the health
// endpoints, and the audiences' handlers mounted beneath it (ap, api,
// admin, pages). Whichever audience answers, a failure gets its status
// from one mapper, respond.Classify, over app's error vocabulary; the web
// packages reach the database only through app.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/web/admin"
	"github.com/gather-coop/gather/internal/web/admin/instance"
	"github.com/gather-coop/gather/internal/web/ap"
	"github.com/gather-coop/gather/internal/web/api"
	"github.com/gather-coop/gather/internal/web/pages"
	"github.com/gather-coop/gather/internal/web/respond"
)

// Config is what NewHandler needs.
type Config struct {
	App     *app.App
	Log     *slog.Logger
	Metrics *prometheus.Registry
	Version string
	// AuthorizedFetch requires signed GETs of collections and activities.
	AuthorizedFetch bool
	// InboxRate and InboxBurst limit inbox POSTs per remote host (0: defaults).
	InboxRate  float64
	InboxBurst int
	// TrustedProxies are the reverse proxies whose X-Forwarded-For is
	// believed; see realClient.
	TrustedProxies []netip.Prefix
	// Doctor gives the admin's doctor page what its checks read (see
	// server.Instance.Doctor); without it the page is not found.
	Doctor instance.DoctorFunc
	// Now is the public pages' clock (what has ended, what is on now at
	// the venue); nil is time.Now. Tests set it, as the app's.
	Now func() time.Time
}

// NewHandler returns the whole site.
func NewHandler(c Config) http.Handler {
	m := newHTTPMetrics(c.Metrics)
	r := chi.NewRouter()
	r.Use(realClient(c.TrustedProxies), recoverer(c.Log), m.middleware, requestLog(c.Log), anonymous)

	r.Get("/healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	r.Get("/readyz", ready(c.App, c.Log))
	r.Method(http.MethodGet, "/metrics", promhttp.HandlerFor(c.Metrics, promhttp.HandlerOpts{}))
	r.Mount("/api/v1", (&api.Handler{App: c.App, Log: c.Log}).Routes())
	people := &pages.Handler{App: c.App, Log: c.Log, Now: c.Now}
	r.Mount(admin.Prefix, (&admin.Handler{App: c.App, Log: c.Log, Preview: people, Doctor: c.Doctor}).Routes())
	ap.Mount(r, ap.Config{App: c.App, Log: c.Log, Metrics: c.Metrics,
		AuthorizedFetch: c.AuthorizedFetch, InboxRate: c.InboxRate, InboxBurst: c.InboxBurst})
	pages.Mount(r, people)
	r.Get("/gatherings/{id}", negotiate(ap.EventHandler(c.App, c.Log, app.KindGathering), people.Gathering))
	r.Get("/sessions/{id}", negotiate(ap.EventHandler(c.App, c.Log, app.KindSession), people.Session))
	return r
}

func ready(a *app.App, log *slog.Logger) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err := a.Ready(ctx); err != nil {
			log.WarnContext(ctx, "not ready", slog.Any("error", err))
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("not ready: database unavailable or schema not current\n"))
			return
		}
		_, _ = w.Write([]byte("ready\n"))
	}
}

// negotiate serves one URL two ways: ActivityStreams JSON to servers that
// ask for it, the page to everyone else (browsers, curl).
func negotiate(activityStreams, page http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Accept")
		if federation.WantsActivityStreams(r.Header.Get("Accept")) {
			activityStreams(w, r)
			return
		}
		page(w, r)
	}
}

// anonymous makes every request act for no one until it signs in (the
// admin's session, the API's token): an app method that checks access,
// called by a public page, then refuses instead of acting as the instance.
func anonymous(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(app.Anonymous(r.Context())))
	})
}

// recoverer turns a panic in a handler into a logged 500, so a bug costs
// one request and never shows a stack trace to the client.
func recoverer(log *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				if v := recover(); v != nil {
					if v == http.ErrAbortHandler {
						panic(v)
					}
					log.ErrorContext(r.Context(), "handler panicked", slog.String("path", r.URL.Path), slog.Any("panic", v))
					respond.TextError(w, r, slog.New(slog.DiscardHandler), respond.Errorf(http.StatusInternalServerError, "internal error"))
				}
			}()
			next.ServeHTTP(w, r)
		})
	}
}

// requestLog logs each request once, at debug (health probes and
// federation traffic would drown an info log).
func requestLog(log *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !log.Enabled(r.Context(), slog.LevelDebug) {
				next.ServeHTTP(w, r)
				return
			}
			start := time.Now()
			sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
			next.ServeHTTP(sw, r)
			log.DebugContext(r.Context(), "request", slog.String("method", r.Method), slog.String("path", r.URL.Path),
				slog.Int("status", sw.status), slog.Duration("duration", time.Since(start)))
		})
	}
}
