// Package respond writes HTTP responses the same way everywhere: JSON
// bodies, and one mapping from errors to a status and a safe message
// (Classify), used by the API, the ActivityPub handlers and both HTML
// sides alike.
// An error's own text never reaches a client unless it is meant for them.
package respond

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"github.com/gather-coop/gather/internal/app"
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

// Classify is the one mapping from an error to what a client is told: the
// status and a one-line reason safe to show (and the field, for a
// person's mistake). Every web package, JSON or HTML, picks its status
// here; the HTML ones may say more, but never answer otherwise. An *Error
// is taken as it is; app's vocabulary (internal/app/errors.go) maps as
// below; anything else is the server's fault and answers 500 without
// saying why.
func Classify(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	var v *app.ValidationError
	var forbidden *app.ForbiddenError
	var limited *app.TooManySignInsError
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &forbidden):
		return &Error{Status: http.StatusForbidden, Msg: forbidden.Msg, Err: err}
	case errors.As(err, &v):
		return &Error{Status: http.StatusBadRequest, Msg: v.Msg, Field: v.Field, Err: err}
	case errors.As(err, &limited):
		return &Error{Status: http.StatusTooManyRequests, Msg: limited.Error(), Err: err}
	case errors.As(err, &tooBig):
		return &Error{Status: http.StatusRequestEntityTooLarge, Msg: "the request is too large", Err: err}
	case errors.Is(err, app.ErrUnauthenticated):
		return &Error{Status: http.StatusUnauthorized, Msg: "missing or wrong API token", Err: err}
	case errors.Is(err, app.ErrWrongPassword):
		return &Error{Status: http.StatusUnauthorized, Msg: "wrong username or password", Err: err}
	case errors.Is(err, app.ErrNotSignedByActor):
		return &Error{Status: http.StatusUnauthorized, Msg: "the signing key does not belong to the activity's actor", Err: err}
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
	case errors.Is(err, app.ErrStale):
		return &Error{Status: http.StatusConflict, Msg: "someone else changed this meanwhile: reload it and make your change again", Err: err}
	case errors.Is(err, app.ErrNotFound):
		return &Error{Status: http.StatusNotFound, Msg: "not found", Err: err}
	case errors.Is(err, app.ErrConflict):
		return &Error{Status: http.StatusConflict, Msg: "conflicts with an existing record", Err: err}
	case errors.Is(err, context.Canceled):
		return &Error{Status: StatusClientClosed, Msg: "request cancelled", Err: err}
	}
	return &Error{Status: http.StatusInternalServerError, Msg: "internal error", Err: err}
}

// StatusClientClosed is nginx's name for a request its client gave up on:
// nobody reads the answer, but the logs and metrics should not call it
// the server's fault.
const StatusClientClosed = 499

// JSONError writes err as {"error": …, "field": …} with its status, and
// logs it once if it is the server's fault.
func JSONError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	e := Classify(err)
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
	e := Classify(err)
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
