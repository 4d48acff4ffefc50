package ui

import (
	"context"
	"io"
	"net/http"

	"github.com/gather-coop/gather/internal/model"
)

// Session is the signed-in browser a request comes from.
type Session struct {
	model.WebSession
	Token string
}

type sessionKey struct{}

// WithSession is ctx carrying s, as the admin's sign-in check leaves it
// for the handlers.
func WithSession(ctx context.Context, s *Session) context.Context {
	return context.WithValue(ctx, sessionKey{}, s)
}

// CurrentSession is the session the sign-in check found; nil outside it.
func CurrentSession(r *http.Request) *Session {
	s, _ := r.Context().Value(sessionKey{}).(*Session)
	return s
}

// maxFormBytes bounds a form's body: ours are a few short fields.
const maxFormBytes = 64 << 10

// rawBodyKey finds the request body as it came, before LimitBody.
type rawBodyKey struct{}

// LimitBody bounds every body to maxFormBytes; AllowBody raises the bound
// for the routes that take files.
func LimitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw := r.Body
		r.Body = http.MaxBytesReader(w, raw, maxFormBytes)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), rawBodyKey{}, raw)))
	})
}

// AllowBody lets the routes it wraps read bodies of up to n bytes instead
// of maxFormBytes: the forms that carry files.
func AllowBody(n int64) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if raw, ok := r.Context().Value(rawBodyKey{}).(io.ReadCloser); ok {
				r.Body = http.MaxBytesReader(w, raw, n)
			}
			next.ServeHTTP(w, r)
		})
	}
}
