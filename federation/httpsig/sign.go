package httpsig

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/textproto"
	"strings"
	"time"
)

// AlgorithmRSASHA256 is the algorithm parameter SignRequest writes.
const AlgorithmRSASHA256 = "rsa-sha256"

// algorithmHS2019 is the algorithm GoToSocial and go-fed write; for an RSA
// key it means RSA-SHA256 as well.
const algorithmHS2019 = "hs2019"

// The header lists SignRequest signs.
var (
	headersWithBody = []string{"(request-target)", "host", "date", "digest"}
	headersNoBody   = []string{"(request-target)", "host", "date"}
)

// Digest returns the Digest header value for body: "SHA-256=" followed by
// the standard base64 encoding of body's SHA-256 hash.
func Digest(body []byte) string {
	sum := sha256.Sum256(body)
	return "SHA-256=" + base64.StdEncoding.EncodeToString(sum[:])
}

// SignRequest signs r in place with key, under the name keyID.
//
// It sets the Date header to now (in GMT, as http.TimeFormat), sets r.Host
// from r.URL when it is empty, and writes the Signature header. When body is
// non-empty or the method is POST, it also sets Digest to [Digest](body) and
// signs "(request-target) host date digest"; otherwise it signs
// "(request-target) host date". The request target includes the query.
//
// body must be the exact bytes the request will send; SignRequest does not
// read or set r.Body. Because every call writes a new Date, a retried
// delivery must be signed again. SignRequest is safe for concurrent use with
// the same key (on different requests).
func SignRequest(r *http.Request, body []byte, keyID string, key *rsa.PrivateKey, now time.Time) error {
	if err := checkSignInput(r, keyID, key); err != nil {
		return fmt.Errorf("sign request: %w", err)
	}
	if r.Host == "" {
		r.Host = r.URL.Host
	}
	if r.Host == "" {
		return errors.New("sign request: request has no host")
	}
	if r.Header == nil {
		r.Header = make(http.Header)
	}
	r.Header.Set("Date", now.UTC().Format(http.TimeFormat))
	names := headersNoBody
	if len(body) > 0 || r.Method == http.MethodPost {
		r.Header.Set("Digest", Digest(body))
		names = headersWithBody
	}
	var buf [512]byte
	s, err := signingString(buf[:0], names, requestTarget(r, true), r.Host, r.Header, nil)
	if err != nil {
		return fmt.Errorf("sign request: %w", err)
	}
	sum := sha256.Sum256(s)
	sig, err := rsa.SignPKCS1v15(nil, key, crypto.SHA256, sum[:])
	if err != nil {
		return fmt.Errorf("sign request: %w", err)
	}
	p := Params{KeyID: keyID, Algorithm: AlgorithmRSASHA256, Headers: names, Signature: sig}
	r.Header.Set("Signature", p.String())
	return nil
}

func checkSignInput(r *http.Request, keyID string, key *rsa.PrivateKey) error {
	switch {
	case key == nil:
		return errors.New("no private key")
	case keyID == "":
		return errors.New("no key id")
	case strings.ContainsAny(keyID, "\"\\\r\n"):
		return errors.New("key id contains a quote, backslash or line break")
	case r.URL == nil:
		return errors.New("request has no URL")
	}
	return nil
}

// requestTarget returns the (request-target) value: the lower-case method, a
// space, and the path as sent, with the query when withQuery is set.
func requestTarget(r *http.Request, withQuery bool) string {
	method := r.Method
	if method == "" {
		method = http.MethodGet
	}
	uri := r.URL.RequestURI()
	if !withQuery {
		uri, _, _ = strings.Cut(uri, "?")
	}
	return strings.ToLower(method) + " " + uri
}

// missingHeaderError reports a signed header the request does not carry.
type missingHeaderError struct{ name string }

func (e *missingHeaderError) Error() string {
	return fmt.Sprintf("signed header %s is missing", quoteShort(e.name))
}

// signingString appends the draft-cavage signing string for names to dst.
// target and host are the (request-target) and host values to use; other
// headers come from h (several values joined with ", "), and (created) and
// (expires) from p, which may be nil when neither is listed.
func signingString(dst []byte, names []string, target, host string, h http.Header, p *Params) ([]byte, error) {
	for i, name := range names {
		if i > 0 {
			dst = append(dst, '\n')
		}
		dst = append(dst, name...)
		dst = append(dst, ": "...)
		switch name {
		case "(request-target)":
			dst = append(dst, target...)
		case "host":
			dst = append(dst, host...)
		case "(created)", "(expires)":
			v := ""
			if p != nil && name == "(created)" {
				v = p.createdValue()
			} else if p != nil {
				v = p.expiresValue()
			}
			if v == "" {
				return nil, &missingHeaderError{name: name}
			}
			dst = append(dst, v...)
		default:
			values := h[textproto.CanonicalMIMEHeaderKey(name)]
			if len(values) == 0 {
				return nil, &missingHeaderError{name: name}
			}
			for j, v := range values {
				if j > 0 {
					dst = append(dst, ", "...)
				}
				dst = append(dst, strings.TrimSpace(v)...)
			}
		}
	}
	return dst, nil
}
