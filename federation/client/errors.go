package client

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Errors the Client returns, wrapped; test for them with errors.Is.
var (
	// ErrForbiddenAddress means the destination resolved to an address that
	// is not public (loopback, private, link-local, ...) and
	// Options.AllowPrivate is not set.
	ErrForbiddenAddress = errors.New("destination address not allowed")
	// ErrForbiddenScheme means a URL, or a redirect, is not https (or http
	// with Options.AllowHTTP).
	ErrForbiddenScheme = errors.New("URL scheme not allowed")
	// ErrTooLarge means the response body is longer than Options.MaxBody.
	ErrTooLarge = errors.New("response body too large")
	// ErrContentType means a fetched document is not ActivityStreams or
	// JSON.
	ErrContentType = errors.New("unexpected content type")
	// ErrOriginMismatch means a fetched document has no id, or an id on
	// another origin than the URL it was fetched from.
	ErrOriginMismatch = errors.New("document id not on the origin it was fetched from")
	// ErrTooManyRedirects means a fetch was redirected more than
	// MaxRedirects times.
	ErrTooManyRedirects = errors.New("too many redirects")
)

// StatusError is the error for a response whose status is not 2xx.
type StatusError struct {
	// Code is the HTTP status code.
	Code int
	// Body is the start of the response body (at most 512 bytes), for logs.
	Body string
	// RetryAfter is the delay the Retry-After header asked for; zero when
	// there was none.
	RetryAfter time.Duration
}

// Error returns the status code and text.
func (e *StatusError) Error() string {
	return fmt.Sprintf("unexpected status %d %s", e.Code, http.StatusText(e.Code))
}

// Retryable reports whether sending the same request later may succeed:
// true for 5xx, 429 Too Many Requests and 408 Request Timeout. Any other
// status (410 Gone, other 4xx, an unfollowed 3xx) is permanent.
func (e *StatusError) Retryable() bool {
	return e.Code >= 500 || e.Code == http.StatusTooManyRequests || e.Code == http.StatusRequestTimeout
}

// Gone reports whether the status is 410 Gone: the actor or object was
// deleted and should be forgotten.
func (e *StatusError) Gone() bool { return e.Code == http.StatusGone }

// maxErrorBody is how much of a non-2xx body a StatusError keeps.
const maxErrorBody = 512

// retryAfter parses a Retry-After header, in seconds or as an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0
		}
		return time.Duration(min(secs, int64(time.Duration(1<<62)/time.Second))) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
