// Package httpsig signs and verifies HTTP requests with draft-cavage HTTP
// signatures, the dialect Mastodon, GoToSocial, Mobilizon and Gancio speak.
//
// Outgoing requests are signed with [SignRequest]: a request with a body
// signs "(request-target) host date digest", one without signs
// "(request-target) host date", always with RSA-SHA256 (PKCS #1 v1.5) and
// algorithm="rsa-sha256" in the header.
//
// Incoming requests are checked with a [Verifier], which refuses anything
// that does not sign the request target, the host, the date and (for a
// body) the digest; whose Digest does not match the body; whose Date is
// outside the allowed window; or whose signature does not verify with the
// key a [KeyFetcher] returns. Every refusal is an [*Error] whose message is
// safe to send back to the peer and that matches one of the Err* sentinels
// with [errors.Is].
//
// # Why not github.com/go-fed/httpsig
//
// The signing string is small and fully specified, so this package builds it
// itself and hands the hash to crypto/rsa. go-fed/httpsig would add more work
// than it saves here: its Verify checks neither the Digest, the Date's age nor
// which headers were signed (all of which we must check anyway), it cannot
// sign "host" unless the request carries a Host header, it mutates the
// request while verifying, and its signers and verifiers are not safe for
// concurrent use, so a delivery worker pool would need one per goroutine.
// Doing it directly keeps [SignRequest] stateless and safe from any number of
// goroutines, and its cost within a few microseconds of one
// rsa.SignPKCS1v15. The tests use go-fed/httpsig as an independent
// implementation to check that the two agree on the wire.
package httpsig
