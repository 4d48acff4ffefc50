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
	"github.com/gather-coop/gather/internal/model"
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
		user, err := h.App.Authenticate(r.Context(), strings.TrimSpace(token))
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="gather", error="invalid_token"`)
			respond.JSONError(w, r, h.Log, err)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), userKey{}, user)))
	})
}

// currentUser is the user requireToken let in.
func currentUser(r *http.Request) model.User {
	u, _ := r.Context().Value(userKey{}).(model.User)
	return u
}

func (h *Handler) me(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	respond.JSON(w, http.StatusOK, map[string]any{"username": u.Username, "role": u.Role})
}
