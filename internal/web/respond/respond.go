// Package respond writes HTTP responses the same way everywhere: JSON
// bodies, and one mapping from errors to a status and a safe message.
// An error's own text never reaches a client unless it is meant for them.
package respond

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/store"
)

// Error is an HTTP failure: the status, a one-line message safe to show,
// the field it concerns (if any), and the cause for the logs.
type Error struct {
	Status int
	Msg    string
	Field  string
	Err    error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Msg + ": " + e.Err.Error()
	}
	return e.Msg
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf builds an *Error with a status and a safe message.
func Errorf(status int, msg string) *Error { return &Error{Status: status, Msg: msg} }

// classify turns any error into an *Error.
func classify(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	var v *app.ValidationError
	var forbidden *app.ForbiddenError
	switch {
	case errors.As(err, &forbidden):
		return &Error{Status: http.StatusForbidden, Msg: forbidden.Msg, Err: err}
	case errors.As(err, &v):
		return &Error{Status: http.StatusBadRequest, Msg: v.Msg, Field: v.Field, Err: err}
	case errors.Is(err, app.ErrUnauthenticated):
		return &Error{Status: http.StatusUnauthorized, Msg: "missing or wrong API token", Err: err}
	case errors.Is(err, app.ErrGone):
		return &Error{Status: http.StatusGone, Msg: "deleted", Err: err}
	case errors.Is(err, app.ErrForbidden):
		return &Error{Status: http.StatusForbidden, Msg: "only an admin may do that", Err: err}
	case errors.Is(err, app.ErrBlocked):
		return &Error{Status: http.StatusForbidden, Msg: "blocked", Err: err}
	case errors.Is(err, app.ErrNoSignups):
		return &Error{Status: http.StatusConflict, Msg: "the gathering takes no answers now: it is a draft, cancelled or over", Err: err}
	case errors.Is(err, app.ErrNotWaiting):
		return &Error{Status: http.StatusConflict, Msg: "this answer is no longer on the waitlist", Err: err}
	case errors.Is(err, store.ErrStale):
		return &Error{Status: http.StatusConflict, Msg: "someone else changed this meanwhile: reload it and make your change again", Err: err}
	case errors.Is(err, store.ErrNotFound):
		return &Error{Status: http.StatusNotFound, Msg: "not found", Err: err}
	case errors.Is(err, store.ErrConflict):
		return &Error{Status: http.StatusConflict, Msg: "conflicts with an existing record", Err: err}
	case errors.Is(err, context.Canceled):
		return &Error{Status: 499, Msg: "request cancelled", Err: err}
	}
	return &Error{Status: http.StatusInternalServerError, Msg: "internal error", Err: err}
}

// JSONError writes err as {"error": …, "field": …} with its status, and
// logs it once if it is the server's fault.
func JSONError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	e := classify(err)
	logFailure(r, log, e)
	body := map[string]any{"error": e.Msg}
	if e.Field != "" {
		body["field"] = e.Field
	}
	// Several mistakes: the first as ever, and all of them in "errors",
	// so that a client can mark every field at once.
	if all := app.ValidationErrors(err); e.Status == http.StatusBadRequest && len(all) > 1 {
		list := make([]map[string]string, 0, len(all))
		for _, v := range all {
			list = append(list, map[string]string{"error": v.Msg, "field": v.Field})
		}
		body["errors"] = list
	}
	JSON(w, e.Status, body)
}

// TextError writes err as one plain line with its status.
func TextError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	e := classify(err)
	logFailure(r, log, e)
	http.Error(w, e.Msg, e.Status)
}

func logFailure(r *http.Request, log *slog.Logger, e *Error) {
	if e.Status >= 500 {
		log.ErrorContext(r.Context(), "request failed", slog.String("method", r.Method),
			slog.String("path", r.URL.Path), slog.Int("status", e.Status), slog.Any("error", e.Err))
	}
}

// JSON writes v as JSON with status.
func JSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
