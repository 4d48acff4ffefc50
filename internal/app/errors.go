package app

import "github.com/gather-coop/gather/internal/app/apperr"

// The failures App's callers may need to tell apart: the vocabulary of
// package apperr, re-exported so that callers of App need import only app.
// They are the whole vocabulary: the web layer maps these (and only these)
// to statuses, in internal/web/respond, and never looks past app into
// store. Every other error is the server's fault.
//
// Test with errors.Is and errors.As: App wraps them with context.
var (
	// ErrNotFound is a thing asked for that does not exist, or is not
	// visible to whoever asked (a draft, to the public). It is
	// store.ErrNotFound: an error from the store passes through App
	// unchanged and still matches it, as do ErrConflict and ErrStale.
	ErrNotFound = apperr.ErrNotFound
	// ErrConflict is a change that would break a uniqueness rule.
	ErrConflict = apperr.ErrConflict
	// ErrStale is a change made to a version of a thing that is no longer
	// the current one: someone else changed it meanwhile.
	ErrStale = apperr.ErrStale

	ErrGone             = apperr.ErrGone
	ErrUnauthenticated  = apperr.ErrUnauthenticated
	ErrWrongPassword    = apperr.ErrWrongPassword
	ErrForbidden        = apperr.ErrForbidden
	ErrBlocked          = apperr.ErrBlocked
	ErrNotSignedByActor = apperr.ErrNotSignedByActor
	ErrNoSignups        = apperr.ErrNoSignups
	ErrNotWaiting       = apperr.ErrNotWaiting
	ErrNoSuchAccount    = apperr.ErrNoSuchAccount
)

// The typed errors; see package apperr for what each means.
type (
	ValidationError     = apperr.ValidationError
	ForbiddenError      = apperr.ForbiddenError
	TooManySignInsError = apperr.TooManySignInsError
)

// ValidationErrors are the mistakes in err, in the order they were found.
func ValidationErrors(err error) []*ValidationError { return apperr.ValidationErrors(err) }

func invalid(field, format string, args ...any) error {
	return apperr.Invalid(field, format, args...)
}
