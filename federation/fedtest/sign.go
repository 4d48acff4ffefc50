package fedtest

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"

	"github.com/gather-coop/gather/federation/httpsig"
)

// Sign signs r in place the way the actor's server software does: it sets
// Date (from the server's clock) and, for a POST or a body, Digest and a
// Content-Type if none is set; on a GET it sets Accept if none is set.
// Then it writes the Signature header over the flavour's header list (see
// Flavor). body must be the exact bytes r will send.
//
// Use it to build requests the helpers don't, e.g. one whose body is
// changed after signing.
func (a *Actor) Sign(r *http.Request, body []byte) error {
	if r.URL == nil {
		return errors.New("sign request: request has no URL")
	}
	sg := a.server.flavor.Signing()
	if r.Header == nil {
		r.Header = make(http.Header)
	}
	r.Header.Set("Date", a.server.now().UTC().Format(http.TimeFormat))
	names, withQuery := sg.Get, !sg.GetWithoutQuery
	if r.Method == http.MethodPost || len(body) > 0 {
		names, withQuery = sg.Post, !sg.TargetWithoutQuery
		r.Header.Set("Digest", httpsig.Digest(body))
		if r.Header.Get("Content-Type") == "" {
			r.Header.Set("Content-Type", sg.ContentType)
		}
	} else if r.Header.Get("Accept") == "" {
		r.Header.Set("Accept", sg.Accept)
	}
	host := r.Host
	if host == "" {
		host = r.URL.Host
	}
	if sg.HostWithoutPort {
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
	}
	target := r.URL.EscapedPath()
	if withQuery && r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	method := r.Method
	if method == "" {
		method = http.MethodGet
	}
	values := map[string]string{
		"(request-target)": strings.ToLower(method) + " " + target,
		"host":             host,
		"content-length":   strconv.Itoa(len(body)),
	}
	lines := make([]string, len(names))
	for i, name := range names {
		v, ok := values[name]
		if !ok {
			v = r.Header.Get(name)
		}
		if v == "" {
			return fmt.Errorf("sign request: header %s is empty", name)
		}
		lines[i] = name + ": " + v
	}
	sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	sig, err := rsa.SignPKCS1v15(nil, a.signingKey(), crypto.SHA256, sum[:])
	if err != nil {
		return fmt.Errorf("sign request: %w", err)
	}
	p := httpsig.Params{KeyID: a.KeyID, Algorithm: sg.Algorithm, Headers: names, Signature: sig}
	r.Header.Set("Signature", p.String())
	return nil
}
