package httpsig

import (
	"errors"
	"fmt"
	"log/slog"
)

// Reasons a [Verifier] refuses a request. Every error Verify returns is an
// [*Error] that matches exactly one of these with [errors.Is].
var (
	// ErrNoSignature means the request has neither a Signature header nor an
	// "Authorization: Signature" header.
	ErrNoSignature = errors.New("missing Signature header")
	// ErrMalformed means the signature header could not be parsed.
	ErrMalformed = errors.New("malformed Signature header")
	// ErrAlgorithm means the signature names an algorithm other than
	// rsa-sha256 or hs2019.
	ErrAlgorithm = errors.New("algorithm not supported")
	// ErrUnsignedHeader means a header that must be signed is not listed
	// in the signature's headers parameter.
	ErrUnsignedHeader = errors.New("required header not signed")
	// ErrMissingHeader means a header the signature lists is absent from
	// the request.
	ErrMissingHeader = errors.New("signed header missing from request")
	// ErrDigest means the Digest header is unusable or does not match the
	// body.
	ErrDigest = errors.New("digest does not match body")
	// ErrDate means the Date (or created/expires) is unparseable or outside
	// the allowed window.
	ErrDate = errors.New("date outside the allowed window")
	// ErrKeyFetch means the signing key could not be obtained.
	ErrKeyFetch = errors.New("could not fetch key")
	// ErrBadSignature means the signature does not verify with the key.
	ErrBadSignature = errors.New("signature does not verify")
)

// Error is a refusal from [Verifier.Verify].
//
// Error() returns Msg, one short line that is safe to send to the peer: it
// never includes the underlying cause. Reason is one of the Err* sentinels;
// Err, if not nil, is the cause (for example the [KeyFetcher]'s error) and is
// meant for logs. errors.Is and errors.As see both Reason and Err.
type Error struct {
	Reason error
	Msg    string
	Err    error
}

// Error returns the safe, client-facing message.
func (e *Error) Error() string { return e.Msg }

// Unwrap returns Reason and, when set, Err.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Reason}
	}
	return []error{e.Reason, e.Err}
}

// LogValue lets log/slog record the cause along with the safe message, so
// slog.Any("error", err) shows why a key could not be fetched while
// err.Error() stays fit for the peer.
func (e *Error) LogValue() slog.Value {
	if e.Err == nil {
		return slog.StringValue(e.Msg)
	}
	return slog.StringValue(e.Msg + ": " + e.Err.Error())
}

// refuse builds an *Error whose message is the formatted text.
func refuse(reason error, format string, args ...any) *Error {
	return &Error{Reason: reason, Msg: fmt.Sprintf(format, args...)}
}

// refuseWith builds an *Error with the reason's own text as its message and
// cause as its Err.
func refuseWith(reason, cause error) *Error {
	return &Error{Reason: reason, Msg: reason.Error(), Err: cause}
}

// quoteShort quotes s for an error message, cutting it to a length that
// keeps the message one short line.
func quoteShort(s string) string {
	const limit = 40
	if len(s) > limit {
		s = s[:limit] + "…"
	}
	return fmt.Sprintf("%q", s)
}
