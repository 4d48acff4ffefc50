// Package apperr is the vocabulary of failures Gather's rules return and
// their callers may need to tell apart: sentinels (errors.Is) and typed
// errors (errors.As). It sits under every package of internal/app, so that
// each can return them; package app re-exports them all (app.ErrNotFound,
// app.ValidationError…), and the web layer maps those, and only those, to
// statuses, in internal/web/respond, never looking past app into store.
// Every other error is the server's fault.
//
// What belongs here: a new way for a request to fail that a person or a
// caller must be told apart from "the server broke". Nothing else.
package apperr

import (
	"errors"
	"fmt"
	"time"

	"github.com/gather-coop/gather/internal/store"
)

// The store's sentinels, the same values: an error from the store passes
// through App unchanged and still matches these.
var (
	// ErrNotFound is a thing asked for that does not exist, or is not
	// visible to whoever asked (a draft, to the public).
	ErrNotFound = store.ErrNotFound
	// ErrConflict is a change that would break a uniqueness rule.
	ErrConflict = store.ErrConflict
	// ErrStale is a change made to a version of a thing that is no longer
	// the current one: someone else changed it meanwhile.
	ErrStale = store.ErrStale
)

// ErrGone means the object was deleted: its id answers 410.
var ErrGone = errors.New("deleted")

// ErrUnauthenticated means the credentials given do not match anyone.
var ErrUnauthenticated = errors.New("missing or wrong credentials")

// ErrWrongPassword is a sign-in with a username and password that do not
// match. It does not say which of the two was wrong.
var ErrWrongPassword = errors.New("wrong username or password")

// ErrForbidden is a signed-in user asking for what their role does not
// allow: organisers cannot manage users or instance settings.
var ErrForbidden = errors.New("only an admin may do that")

// ErrBlocked means the remote server or actor is blocked here.
var ErrBlocked = errors.New("blocked")

// ErrNotSignedByActor means an activity's signature is by someone other
// than its actor.
var ErrNotSignedByActor = errors.New("the signature's key does not belong to the activity's actor")

// ErrNoSignups means the event takes no answers (a draft, cancelled, over).
var ErrNoSignups = errors.New("this event takes no sign-ups")

// ErrNotWaiting means an answer to promote is no longer on the waitlist:
// it was promoted, changed or withdrawn meanwhile.
var ErrNotWaiting = errors.New("this answer is no longer on the waitlist")

// ErrNoSuchAccount means a handle's server answered that it has no such
// account (WebFinger or the actor answered 404 or 410, or the account is
// not on ActivityPub).
var ErrNoSuchAccount = errors.New("no such account")

// ValidationError is input a person can fix: it names the field and says
// what is wrong in words fit to show them.
type ValidationError struct {
	Field string
	Msg   string
}

func (e *ValidationError) Error() string {
	if e.Field == "" {
		return e.Msg
	}
	return e.Field + ": " + e.Msg
}

// ValidationErrors are the mistakes in err, in the order they were found:
// validation joins them (errors.Join) when there are several.
func ValidationErrors(err error) []*ValidationError {
	var out []*ValidationError
	var walk func(error)
	walk = func(e error) {
		if v, ok := e.(*ValidationError); ok {
			out = append(out, v)
			return
		}
		switch u := e.(type) {
		case interface{ Unwrap() []error }:
			for _, inner := range u.Unwrap() {
				walk(inner)
			}
		case interface{ Unwrap() error }:
			if inner := u.Unwrap(); inner != nil {
				walk(inner)
			}
		}
	}
	walk(err)
	return out
}

// Invalid is a ValidationError of field, its message formatted.
func Invalid(field, format string, args ...any) error {
	return &ValidationError{Field: field, Msg: fmt.Sprintf(format, args...)}
}

// ForbiddenError refuses a signed-in user what their role, memberships or
// token do not allow. It is ErrForbidden (errors.Is), and its message is
// fit to show them.
type ForbiddenError struct{ Msg string }

func (e *ForbiddenError) Error() string { return e.Msg }

// Is makes every ForbiddenError match ErrForbidden.
func (e *ForbiddenError) Is(target error) bool { return target == ErrForbidden }

// TooManySignInsError refuses a sign-in after too many failures for the
// account or from the client. The password was not checked.
type TooManySignInsError struct {
	// RetryAfter is how long until an attempt will be considered again.
	RetryAfter time.Duration
}

func (e *TooManySignInsError) Error() string {
	return fmt.Sprintf("too many failed sign-ins: try again in %s", e.RetryAfter.Round(time.Second))
}
