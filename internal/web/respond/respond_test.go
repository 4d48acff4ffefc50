package respond_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/web/respond"
)

// TestClassify is the whole vocabulary, each wrapped the way App wraps it:
// the status every web package answers, and the reason it may show.
func TestClassify(t *testing.T) {
	t.Parallel()
	wrap := func(err error) error { return fmt.Errorf("gathering 7: %w", err) }
	cases := []struct {
		name   string
		err    error
		status int
		msg    string
		field  string
	}{
		{"own error", wrap(respond.Errorf(http.StatusUnsupportedMediaType, "send JSON")), 415, "send JSON", ""},
		{"validation", wrap(&app.ValidationError{Field: "title", Msg: "give it a title"}), 400, "give it a title", "title"},
		{"several mistakes: the first", errors.Join(&app.ValidationError{Field: "a", Msg: "first"}, &app.ValidationError{Field: "b", Msg: "second"}), 400, "first", "a"},
		{"forbidden with reason", wrap(&app.ForbiddenError{Msg: "you do not organise for @events"}), 403, "you do not organise for @events", ""},
		{"forbidden", wrap(app.ErrForbidden), 403, "only an admin may do that", ""},
		{"blocked", wrap(app.ErrBlocked), 403, "blocked", ""},
		{"unauthenticated", wrap(app.ErrUnauthenticated), 401, "missing or wrong API token", ""},
		{"wrong password", wrap(app.ErrWrongPassword), 401, "wrong username or password", ""},
		{"signed by another", wrap(app.ErrNotSignedByActor), 401, "the signing key does not belong to the activity's actor", ""},
		{"too many sign-ins", wrap(&app.TooManySignInsError{RetryAfter: time.Minute}), 429, "too many failed sign-ins: try again in 1m0s", ""},
		{"too large", wrap(&http.MaxBytesError{Limit: 1 << 20}), 413, "the request is too large", ""},
		{"not found", wrap(app.ErrNotFound), 404, "not found", ""},
		{"gone", wrap(app.ErrGone), 410, "deleted", ""},
		{"gone beats not found", fmt.Errorf("%w: %w", app.ErrGone, app.ErrNotFound), 410, "deleted", ""},
		{"stale", wrap(app.ErrStale), 409, "someone else changed this meanwhile: reload it and make your change again", ""},
		{"conflict", wrap(app.ErrConflict), 409, "conflicts with an existing record", ""},
		{"no sign-ups", wrap(app.ErrNoSignups), 409, "the gathering takes no answers now: it is a draft, cancelled or over", ""},
		{"not waiting", wrap(app.ErrNotWaiting), 409, "this answer is no longer on the waitlist", ""},
		{"client gone", wrap(context.Canceled), respond.StatusClientClosed, "request cancelled", ""},
		{"anything else", wrap(errors.New("disk full at /var/lib/gather")), 500, "internal error", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := respond.Classify(c.err)
			assert.Equal(t, c.status, e.Status)
			assert.Equal(t, c.msg, e.Msg)
			assert.Equal(t, c.field, e.Field)
			if c.status != 415 { // an *Error is its own cause
				assert.ErrorIs(t, e, c.err, "the cause is kept for the logs")
			}
		})
	}
}

// TestJSONError shows the mapping as an API client meets it, and that an
// error's own text stays in the logs.
func TestJSONError(t *testing.T) {
	t.Parallel()
	cases := []struct {
		err  error
		want map[string]any
		code int
	}{
		{fmt.Errorf("save: %w", &app.ValidationError{Field: "starts_at", Msg: "give a start time"}),
			map[string]any{"error": "give a start time", "field": "starts_at"}, 400},
		{errors.Join(&app.ValidationError{Field: "a", Msg: "one"}, &app.ValidationError{Field: "b", Msg: "two"}),
			map[string]any{"error": "one", "field": "a", "errors": []any{
				map[string]any{"error": "one", "field": "a"}, map[string]any{"error": "two", "field": "b"}}}, 400},
		{fmt.Errorf("gathering 3: %w", app.ErrStale),
			map[string]any{"error": "someone else changed this meanwhile: reload it and make your change again"}, 409},
		{errors.New("pq: password authentication failed for user gather"),
			map[string]any{"error": "internal error"}, 500},
	}
	for _, c := range cases {
		w := httptest.NewRecorder()
		respond.JSONError(w, httptest.NewRequest(http.MethodGet, "/api/v1/gatherings", nil), slog.New(slog.DiscardHandler), c.err)
		require.Equal(t, c.code, w.Code)
		var got map[string]any
		require.NoError(t, json.Unmarshal(w.Body.Bytes(), &got))
		assert.Equal(t, c.want, got)
	}
}
