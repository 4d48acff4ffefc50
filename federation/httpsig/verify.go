package httpsig

import (
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Key is a remote actor's public key.
type Key struct {
	// ID is the key's id, the keyId signatures name.
	ID string
	// Owner is the id of the actor the key belongs to. Callers must check
	// it against the activity's actor.
	Owner string
	// Public is the RSA public key.
	Public *rsa.PublicKey
	// Pending, when not nil, is whatever the KeyFetcher fetched to find
	// the key and has not kept yet. A Verifier returns it untouched with
	// the key that verifies and drops it with one that does not, so the
	// caller can keep a fetched document only once a signature proved it
	// worth keeping: a forged request then costs no storage.
	Pending any
}

// KeyFetcher finds the public key a signature's keyId names.
//
// FetchKey returns the key whose id is keyID, with Owner set to the actor
// that owns it. With refresh false it may answer from a cache; with refresh
// true it must bypass any cache and fetch the key again, because the actor
// may have rotated it. A [Verifier] asks for a refresh only after a cached
// key failed to verify, so anyone can trigger refreshes by sending bad
// signatures: implementations should limit how often one key is refetched.
// FetchKey must be safe for concurrent use.
type KeyFetcher interface {
	FetchKey(ctx context.Context, keyID string, refresh bool) (Key, error)
}

// DefaultMaxAge is the clock skew a Verifier allows when MaxAge is zero.
const DefaultMaxAge = 12 * time.Hour

// Verifier checks the HTTP signatures of incoming requests. Its fields must
// not change while it is in use; Verify is safe for concurrent use.
type Verifier struct {
	// Keys finds the public keys signatures name. Required.
	Keys KeyFetcher
	// MaxAge is how far the signed Date (or created time) may be from Now,
	// in either direction. Zero means DefaultMaxAge (12 hours).
	MaxAge time.Duration
	// Now returns the current time. Nil means time.Now.
	Now func() time.Time
}

// Verify checks r's signature and returns the key that verified it. body is
// the request body, already read (and size-limited) by the caller.
//
// It requires a Signature (or "Authorization: Signature") header with the
// algorithm rsa-sha256 or hs2019 (or none, meaning rsa-sha256) that signs
// (request-target), host, date or (created), and digest when there is a
// body or the method is POST; every listed header present in r; a SHA-256
// Digest equal to body's hash whenever digest is signed; a Date (and
// created time, if signed) within MaxAge of Now and an expires time, if
// any, not yet passed. Only then does it ask Keys for the key, and it
// accepts the signature if it verifies over any of: the request target
// with its query, then without it, each with the host as sent and then
// without its port. If the key does not verify, it asks Keys again with
// refresh set, once, and retries.
//
// Every error is an [*Error]: its message is safe to send to the peer and
// it matches one of the Err* sentinels. The caller must still check that
// the returned key's Owner is the activity's actor.
func (v *Verifier) Verify(ctx context.Context, r *http.Request, body []byte) (Key, error) {
	p, err := v.check(r, body)
	if err != nil {
		return Key{}, err
	}
	sums, err := candidateSums(r, &p)
	if err != nil {
		return Key{}, refuse(ErrMissingHeader, "%s", err.Error())
	}
	return v.verifyKey(ctx, &p, sums)
}

// check runs every test that needs no key: it parses the signature and
// checks the algorithm, the signed headers, the digest and the dates.
func (v *Verifier) check(r *http.Request, body []byte) (Params, error) {
	header, ok := signatureHeader(r)
	if !ok {
		return Params{}, refuse(ErrNoSignature, "missing Signature header")
	}
	p, err := ParseSignature(header)
	if err != nil {
		return Params{}, refuse(ErrMalformed, "malformed Signature header: %s", err.Error())
	}
	switch p.Algorithm {
	case "", AlgorithmRSASHA256, algorithmHS2019:
	default:
		return Params{}, refuse(ErrAlgorithm, "algorithm %s not supported", quoteShort(p.Algorithm))
	}
	needDigest := len(body) > 0 || r.Method == http.MethodPost
	if err := checkSignedNames(p.Headers, needDigest); err != nil {
		return Params{}, err
	}
	if err := checkPresent(r, &p); err != nil {
		return Params{}, err
	}
	if slices.Contains(p.Headers, "digest") {
		if err := checkDigest(r.Header.Values("Digest"), body); err != nil {
			return Params{}, err
		}
	}
	if err := v.checkTimes(r, &p); err != nil {
		return Params{}, err
	}
	return p, nil
}

// signatureHeader returns the Signature header, or else an Authorization
// header using the Signature scheme.
func signatureHeader(r *http.Request) (string, bool) {
	if s := r.Header.Get("Signature"); s != "" {
		return s, true
	}
	a := strings.TrimLeft(r.Header.Get("Authorization"), " \t")
	n := len(signatureScheme)
	if len(a) > n && strings.EqualFold(a[:n], signatureScheme) && (a[n] == ' ' || a[n] == '\t') {
		return a, true
	}
	return "", false
}

func checkSignedNames(names []string, needDigest bool) error {
	for _, n := range []string{"(request-target)", "host"} {
		if !slices.Contains(names, n) {
			return refuse(ErrUnsignedHeader, "signed headers must include %s", n)
		}
	}
	if !slices.Contains(names, "date") && !slices.Contains(names, "(created)") {
		return refuse(ErrUnsignedHeader, "signed headers must include date")
	}
	if needDigest && !slices.Contains(names, "digest") {
		return refuse(ErrUnsignedHeader, "signed headers must include digest")
	}
	return nil
}

// checkPresent refuses a signature that lists a header r does not carry.
func checkPresent(r *http.Request, p *Params) error {
	for _, name := range p.Headers {
		var ok bool
		switch name {
		case "(request-target)":
			ok = true
		case "host":
			ok = requestHost(r) != ""
		case "(created)":
			ok = p.createdValue() != ""
		case "(expires)":
			ok = p.expiresValue() != ""
		default:
			ok = len(r.Header.Values(name)) > 0
		}
		if !ok {
			return refuse(ErrMissingHeader, "signed header %s is missing", quoteShort(name))
		}
	}
	return nil
}

// checkDigest compares the SHA-256 value of the Digest header (which may
// list several algorithms, separated by commas) with body's hash.
func checkDigest(values []string, body []byte) error {
	for _, v := range values {
		for item := range strings.SplitSeq(v, ",") {
			alg, enc, ok := strings.Cut(strings.TrimSpace(item), "=")
			if !ok || !strings.EqualFold(strings.TrimSpace(alg), "sha-256") {
				continue
			}
			got, err := decodeBase64(strings.TrimSpace(enc))
			sum := sha256.Sum256(body)
			if err != nil || subtle.ConstantTimeCompare(got, sum[:]) != 1 {
				return refuse(ErrDigest, "digest does not match body")
			}
			return nil
		}
	}
	return refuse(ErrDigest, "Digest header has no SHA-256 value")
}

// checkTimes checks the signed Date and (created) against the window, and
// that the signature has not expired.
func (v *Verifier) checkTimes(r *http.Request, p *Params) error {
	now := time.Now
	if v.Now != nil {
		now = v.Now
	}
	t := now()
	maxAge := v.MaxAge
	if maxAge <= 0 {
		maxAge = DefaultMaxAge
	}
	if slices.Contains(p.Headers, "date") {
		d, err := http.ParseTime(r.Header.Get("Date"))
		if err != nil {
			return refuse(ErrDate, "malformed Date header")
		}
		if !within(t, d, maxAge) {
			return refuse(ErrDate, "date outside the allowed window")
		}
	}
	if slices.Contains(p.Headers, "(created)") && !within(t, p.Created, maxAge) {
		return refuse(ErrDate, "created time outside the allowed window")
	}
	if !p.Expires.IsZero() && t.After(p.Expires) {
		return refuse(ErrDate, "signature expired")
	}
	return nil
}

func within(now, t time.Time, maxAge time.Duration) bool {
	d := now.Sub(t)
	return d <= maxAge && d >= -maxAge
}

// requestHost returns the host r was sent to, as the client wrote it.
func requestHost(r *http.Request) string {
	if r.Host != "" {
		return r.Host
	}
	if h := r.Header.Get("Host"); h != "" {
		return h
	}
	if r.URL != nil {
		return r.URL.Host
	}
	return ""
}

// stripPort returns host without its port, or host itself if it has none.
func stripPort(host string) string {
	h, _, err := net.SplitHostPort(host)
	if err != nil {
		return host
	}
	if strings.Contains(h, ":") {
		return "[" + h + "]"
	}
	return h
}

// maxCandidates is the number of signing strings Verify tries: two request
// targets times two hosts.
const maxCandidates = 4

// candidateSums hashes the signing strings a peer may have signed, in the
// order Verify tries them.
func candidateSums(r *http.Request, p *Params) ([][sha256.Size]byte, error) {
	targets := []string{requestTarget(r, true)}
	if t := requestTarget(r, false); t != targets[0] {
		targets = append(targets, t)
	}
	hosts := []string{requestHost(r)}
	if h := stripPort(hosts[0]); h != hosts[0] {
		hosts = append(hosts, h)
	}
	sums := make([][sha256.Size]byte, 0, maxCandidates)
	var buf [1024]byte
	for _, target := range targets {
		for _, host := range hosts {
			s, err := signingString(buf[:0], p.Headers, target, host, r.Header, p)
			if err != nil {
				return nil, err
			}
			sums = append(sums, sha256.Sum256(s))
		}
	}
	return sums, nil
}

// verifyKey fetches the key, verifies, and on failure refreshes the key once
// and verifies again.
func (v *Verifier) verifyKey(ctx context.Context, p *Params, sums [][sha256.Size]byte) (Key, error) {
	if v.Keys == nil {
		return Key{}, refuseWith(ErrKeyFetch, errors.New("verifier has no KeyFetcher"))
	}
	key, err := fetchKey(ctx, v.Keys, p.KeyID, false)
	if err != nil {
		return Key{}, err
	}
	if verifiesAny(key.Public, sums, p.Signature) {
		return key, nil
	}
	fresh, err := fetchKey(ctx, v.Keys, p.KeyID, true)
	if err != nil {
		return Key{}, err
	}
	if !fresh.Public.Equal(key.Public) && verifiesAny(fresh.Public, sums, p.Signature) {
		return fresh, nil
	}
	return Key{}, refuse(ErrBadSignature, "signature does not verify")
}

func fetchKey(ctx context.Context, keys KeyFetcher, keyID string, refresh bool) (Key, error) {
	key, err := keys.FetchKey(ctx, keyID, refresh)
	if err != nil {
		return Key{}, refuseWith(ErrKeyFetch, fmt.Errorf("fetch key %s: %w", keyID, err))
	}
	if key.Public == nil {
		return Key{}, refuseWith(ErrKeyFetch, fmt.Errorf("fetch key %s: no public key returned", keyID))
	}
	return key, nil
}

func verifiesAny(pub *rsa.PublicKey, sums [][sha256.Size]byte, sig []byte) bool {
	for i := range sums {
		if rsa.VerifyPKCS1v15(pub, crypto.SHA256, sums[i][:], sig) == nil {
			return true
		}
	}
	return false
}
