// Package api is the JSON API organisers and scripts use, under /api/v1,
// authenticated with a bearer token from `gather admin create-token`.
package api

import (
	"context"
	"log/slog"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/web/respond"
)

// Handler serves the JSON API.
type Handler struct {
	App *app.App
	Log *slog.Logger
}

// Routes returns the API's router, to mount at /api/v1.
func (h *Handler) Routes() http.Handler {
	r := chi.NewRouter()
	r.Use(h.requireToken)
	r.Get("/me", h.me)
	h.gatheringRoutes(r)
	h.abuseRoutes(r)
	h.seriesRoutes(r)
	h.networkRoutes(r)
	h.proposalRoutes(r)
	r.NotFound(func(w http.ResponseWriter, r *http.Request) {
		respond.JSON(w, http.StatusNotFound, map[string]string{"error": "no such API endpoint"})
	})
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
		respond.JSON(w, http.StatusMethodNotAllowed, map[string]string{"error": "method not allowed"})
	})
	return r
}

type userKey struct{}

// requireToken refuses a request without a valid bearer token with 401.
func (h *Handler) requireToken(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || token == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="gather"`)
			respond.JSON(w, http.StatusUnauthorized, map[string]string{"error": "missing API token: send Authorization: Bearer <token>"})
			return
		}
		who, err := h.App.Authenticate(r.Context(), strings.TrimSpace(token))
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="gather", error="invalid_token"`)
			respond.JSONError(w, r, h.Log, err)
			return
		}
		// What the token may do is app's to decide, on every call.
		ctx := app.WithPrincipal(context.WithValue(r.Context(), userKey{}, who), who)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// current is who requireToken let in.
func current(r *http.Request) app.Principal {
	p, _ := r.Context().Value(userKey{}).(app.Principal)
	return p
}

// me answers GET /api/v1/me: who the token acts for, what it may do, and
// the co-op accounts it may act for.
func (h *Handler) me(w http.ResponseWriter, r *http.Request) {
	p := current(r)
	coops, err := h.App.MyCoops(r.Context())
	if err != nil {
		respond.JSONError(w, r, h.Log, err)
		return
	}
	handles := make([]string, 0, len(coops))
	for _, c := range coops {
		handles = append(handles, c.Handle)
	}
	respond.JSON(w, http.StatusOK, map[string]any{"username": p.User.Username, "role": p.User.Role, "scope": p.Scope, "coops": handles})
}
