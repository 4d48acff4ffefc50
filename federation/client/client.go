package client

import (
	"context"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"time"

	"github.com/gather-coop/gather/federation/httpsig"
)

// Defaults for zero Options fields.
const (
	DefaultTimeout   = 10 * time.Second
	DefaultMaxBody   = 1 << 20
	DefaultUserAgent = "Gather (+https://github.com/gather-coop/gather)"
	// MaxRedirects is how many redirects a GET follows.
	MaxRedirects = 5
)

// Options configure a Client. The zero value is the safe production setting.
type Options struct {
	// AllowPrivate lets requests reach loopback, private and other
	// non-public addresses. For development and tests only.
	AllowPrivate bool
	// AllowHTTP permits http URLs (and redirects to them) besides https.
	AllowHTTP bool
	// Timeout bounds each whole exchange, body included. Zero means
	// DefaultTimeout (10s).
	Timeout time.Duration
	// MaxBody is the largest response body read, in bytes. Zero means
	// DefaultMaxBody (1 MiB).
	MaxBody int64
	// UserAgent is sent with every request. Empty means DefaultUserAgent;
	// servers like it to name the instance (e.g. "Gather/1.0
	// (+https://coop.example)").
	UserAgent string
	// MaxConnsPerHost limits concurrent connections to one host. Zero means
	// no limit.
	MaxConnsPerHost int
	// RootCAs are the certificate authorities trusted for https. Nil means
	// the system pool.
	RootCAs *x509.CertPool
	// Now is the clock signatures are dated by; nil means time.Now.
	// Tests that advance a clock set it.
	Now func() time.Time

	// exempt are addresses the address guard treats as public (tests only).
	exempt []netip.AddrPort
	// now is the clock for signatures (tests only); nil means time.Now.
	now func() time.Time
}

// Signer is the key a request is signed with: KeyID names it (an actor's
// "#main-key" URL) and Key is its private half. Fetch and GetJSON send the
// request unsigned when given a nil *Signer; Post requires one.
type Signer struct {
	KeyID string
	Key   *rsa.PrivateKey
}

// Client makes federation requests. It is safe for concurrent use.
type Client struct {
	opts      Options
	transport *http.Transport
	get       *http.Client // follows redirects, re-signing each hop
	post      *http.Client // never follows redirects
}

// New returns a Client with opts, filling in defaults for zero fields.
func New(opts Options) *Client {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MaxBody <= 0 {
		opts.MaxBody = DefaultMaxBody
	}
	if opts.UserAgent == "" {
		opts.UserAgent = DefaultUserAgent
	}
	if opts.now == nil {
		opts.now = opts.Now
	}
	if opts.now == nil {
		opts.now = time.Now
	}
	c := &Client{opts: opts, transport: newTransport(opts)}
	c.get = &http.Client{Transport: c.transport, Timeout: opts.Timeout, CheckRedirect: c.checkRedirect}
	c.post = &http.Client{
		Transport: c.transport,
		Timeout:   opts.Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
	return c
}

func newTransport(opts Options) *http.Transport {
	g := guard{allowPrivate: opts.AllowPrivate, exempt: opts.exempt}
	dialer := &net.Dialer{Timeout: opts.Timeout, KeepAlive: 30 * time.Second, Control: g.control}
	idle := 16
	if opts.MaxConnsPerHost > 0 {
		idle = opts.MaxConnsPerHost
	}
	return &http.Transport{
		Proxy:                  nil, // a proxy would hide the destination from the guard
		DialContext:            dialer.DialContext,
		ForceAttemptHTTP2:      true,
		MaxIdleConns:           2048,
		MaxIdleConnsPerHost:    idle,
		MaxConnsPerHost:        opts.MaxConnsPerHost,
		IdleConnTimeout:        90 * time.Second,
		TLSHandshakeTimeout:    opts.Timeout,
		ResponseHeaderTimeout:  opts.Timeout,
		ExpectContinueTimeout:  time.Second,
		MaxResponseHeaderBytes: 64 << 10,
		TLSClientConfig:        &tls.Config{RootCAs: opts.RootCAs, MinVersion: tls.VersionTLS12},
	}
}

// CloseIdleConnections closes kept-alive connections that are not in use.
func (c *Client) CloseIdleConnections() { c.transport.CloseIdleConnections() }

// signerKey carries a GET's *Signer in its context, so redirects can be
// signed for their new URL.
type signerKey struct{}

// checkRedirect limits redirects, applies the scheme rule to each, and signs
// the redirected request afresh.
func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > MaxRedirects {
		return ErrTooManyRedirects
	}
	if err := checkURL(req.URL, c.opts.AllowHTTP); err != nil {
		return err
	}
	req.Header.Del("Signature")
	req.Header.Del("Date")
	if s, _ := req.Context().Value(signerKey{}).(*Signer); s != nil {
		return c.sign(req, s, nil)
	}
	return nil
}

func (c *Client) sign(req *http.Request, s *Signer, body []byte) error {
	if err := httpsig.SignRequest(req, body, s.KeyID, s.Key, c.opts.now()); err != nil {
		return fmt.Errorf("sign: %w", err)
	}
	return nil
}

// newRequest parses and checks rawURL and builds a request with the common
// headers.
func (c *Client) newRequest(ctx context.Context, method, rawURL string, body io.Reader) (*http.Request, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("parse URL: %w", err)
	}
	if err := checkURL(u, c.opts.AllowHTTP); err != nil {
		return nil, err
	}
	u.Fragment, u.RawFragment = "", ""
	req, err := http.NewRequestWithContext(ctx, method, u.String(), body)
	if err != nil {
		return nil, fmt.Errorf("new request: %w", err)
	}
	req.Header.Set("User-Agent", c.opts.UserAgent)
	return req, nil
}

// readBody reads resp's body, refusing more than MaxBody bytes.
func (c *Client) readBody(resp *http.Response) ([]byte, error) {
	limit := c.opts.MaxBody
	if resp.ContentLength > limit {
		return nil, fmt.Errorf("%w: %d bytes", ErrTooLarge, resp.ContentLength)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%w: over %d bytes", ErrTooLarge, limit)
	}
	return b, nil
}

// statusError builds the *StatusError for a non-2xx response.
func (c *Client) statusError(resp *http.Response) *StatusError {
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	return &StatusError{
		Code:       resp.StatusCode,
		Body:       string(snippet),
		RetryAfter: retryAfter(resp.Header.Get("Retry-After"), c.opts.now()),
	}
}

// closeBody drains a little of what is left of a body, so the connection can
// be reused, and closes it.
func closeBody(resp *http.Response) {
	_, _ = io.CopyN(io.Discard, resp.Body, 4<<10)
	_ = resp.Body.Close()
}

func is2xx(code int) bool { return code >= 200 && code < 300 }

// unwrapURLError removes the *url.Error net/http adds, whose text repeats
// the method and URL the caller's wrapping already names.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
