package webfinger

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
)

// ErrNotFound is what a LookupFunc returns (or wraps) when no account
// matches; the handler answers 404.
var ErrNotFound = errors.New("webfinger: no such account")

// LookupFunc finds the account a resource on our host names and returns
// its JRD (usually built with ActorJRD). It returns an error wrapping
// ErrNotFound for an unknown account.
type LookupFunc func(ctx context.Context, r Resource) (JRD, error)

// Handler serves /.well-known/webfinger for host (e.g. "coop.example";
// compared without regard to case). It answers GET (and HEAD) only, 405
// otherwise; 400 when the resource parameter is missing or malformed; 404
// for another host or when lookup returns ErrNotFound; 500 for any other
// lookup error, logged to logger (nil discards); else 200 with the JRD.
func Handler(host string, lookup LookupFunc, logger *slog.Logger) http.Handler {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		resource := r.URL.Query().Get("resource")
		if resource == "" {
			http.Error(w, "missing resource", http.StatusBadRequest)
			return
		}
		res, err := ParseResource(resource, host)
		switch {
		case errors.Is(err, ErrOtherHost):
			http.Error(w, "not found", http.StatusNotFound)
			return
		case err != nil:
			http.Error(w, "malformed resource", http.StatusBadRequest)
			return
		}
		jrd, err := lookup(r.Context(), res)
		switch {
		case errors.Is(err, ErrNotFound):
			http.Error(w, "not found", http.StatusNotFound)
			return
		case err != nil:
			logger.ErrorContext(r.Context(), "webfinger lookup failed", slog.String("resource", resource), slog.Any("error", err))
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		if err := WriteJRD(w, jrd); err != nil {
			logger.WarnContext(r.Context(), "webfinger answer not written", slog.String("resource", resource), slog.Any("error", err))
		}
	})
}
