package doctor

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/gather-coop/gather/federation/httpsig"
	"github.com/gather-coop/gather/federation/webfinger"
)

// renewBefore is how close to expiry a certificate gets a warning: ACME
// clients renew 30 days before, so by then renewal has failed for weeks.
const renewBefore = 14 * 24 * time.Hour

// newClient makes requests as another server would: straight to the base
// URL (no proxy from the environment), following no redirect, so that a
// redirect is seen and named.
func newClient(o Options) *http.Client {
	return &http.Client{
		Timeout: o.Timeout,
		Transport: &http.Transport{
			TLSClientConfig:     &tls.Config{RootCAs: o.RootCAs, MinVersion: tls.VersionTLS12},
			DialContext:         (&net.Dialer{Timeout: o.Timeout}).DialContext,
			TLSHandshakeTimeout: o.Timeout,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

const (
	fixDNS   = "give %s a DNS A (and AAAA) record with this server's public address"
	fixHTTPS = "run gather serve --domain %s for a certificate from Let's Encrypt, or put Gather behind an HTTPS proxy (docs/proxy.md) and set --base-url https://%s"
	fixProxy = "the proxy must pass every path to Gather unchanged, with the Host header as sent (docs/proxy.md); --base-url must be the address other servers use"
)

func (d *doctor) baseURL(ctx context.Context) Result {
	r := Result{Check: "base URL"}
	u, err := url.Parse(d.opts.BaseURL)
	if err != nil || u.Host == "" {
		r.Status, r.Msg, r.Fix = Fail, fmt.Sprintf("%q is not a URL", d.opts.BaseURL), "set --base-url to the public address, such as https://events.example.coop"
		return r
	}
	host := u.Hostname()
	resolved := host + " is an IP address"
	if net.ParseIP(host) == nil {
		lctx, cancel := context.WithTimeout(ctx, d.opts.Timeout)
		addrs, err := net.DefaultResolver.LookupHost(lctx, host)
		cancel()
		if err != nil {
			r.Status, r.Msg, r.Fix = Fail, fmt.Sprintf("%s does not resolve: %v", host, err), fmt.Sprintf(fixDNS, host)
			return r
		}
		resolved = host + " resolves to " + strings.Join(addrs, ", ")
	}
	if u.Scheme != "https" {
		r.Status, r.Msg, r.Fix = Fail, fmt.Sprintf("%s; %s is plain http, which Mastodon and most servers refuse", resolved, d.opts.BaseURL), fmt.Sprintf(fixHTTPS, host, host)
		if d.opts.AllowHTTP {
			r.Status = Warn
		}
		return r
	}
	port := u.Port()
	if port == "" {
		port = "443"
	}
	dialer := &tls.Dialer{
		NetDialer: &net.Dialer{Timeout: d.opts.Timeout},
		Config:    &tls.Config{ServerName: host, RootCAs: d.opts.RootCAs, MinVersion: tls.VersionTLS12},
	}
	dctx, cancel := context.WithTimeout(ctx, d.opts.Timeout)
	conn, err := dialer.DialContext(dctx, "tcp", net.JoinHostPort(host, port))
	cancel()
	if err != nil {
		r.Status = Fail
		r.Msg = fmt.Sprintf("%s, but no valid certificate on port %s: %v", resolved, port, err)
		var unknown x509.UnknownAuthorityError
		var invalid x509.CertificateInvalidError
		var hostname x509.HostnameError
		switch {
		case errors.As(err, &unknown), errors.As(err, &invalid), errors.As(err, &hostname):
			r.Fix = fmt.Sprintf("the certificate must be for %s and from a public CA: with --domain Gather gets one itself; a proxy needs its own (Caddy gets one itself)", host)
		case errors.Is(err, syscall.ECONNREFUSED) || isTimeout(err):
			r.Fix = fmt.Sprintf("nothing answers on port %s: open it in the firewall and check that gather serve --domain, or the proxy, listens there", port)
		default:
			r.Fix = fmt.Sprintf(fixHTTPS, host, host)
		}
		return r
	}
	leaf := conn.(*tls.Conn).ConnectionState().PeerCertificates[0]
	_ = conn.Close()
	left := leaf.NotAfter.Sub(d.opts.Now())
	r.Msg = fmt.Sprintf("%s; its certificate is valid until %s (issued by %s)", resolved, leaf.NotAfter.UTC().Format("2006-01-02"), issuerName(leaf))
	if left < renewBefore {
		r.Status = Warn
		r.Msg = fmt.Sprintf("%s; its certificate expires in %d days (%s) and has not been renewed", resolved, int(left.Hours()/24), leaf.NotAfter.UTC().Format("2006-01-02"))
		r.Fix = "renewal needs ports 80 and 443 reachable from the internet; the log of gather serve (or the proxy's) says why it failed"
	}
	return r
}

func issuerName(c *x509.Certificate) string {
	if c.Issuer.CommonName != "" {
		return c.Issuer.CommonName
	}
	return c.Issuer.String()
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// do sends req, returning the response with its body read (up to 1 MiB).
func (d *doctor) do(ctx context.Context, req *http.Request) (*http.Response, []byte, error) {
	resp, err := d.client.Do(req.WithContext(ctx))
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return resp, body, err
}

func (d *doctor) get(ctx context.Context, target, accept string) (*http.Response, []byte, error) {
	req, err := http.NewRequest(http.MethodGet, target, nil)
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Accept", accept)
	return d.do(ctx, req)
}

// answerProblem names what is wrong with a response that should have been
// want, or "" when it is fine.
func answerProblem(resp *http.Response, want int) string {
	switch {
	case resp.StatusCode == want:
		return ""
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		return fmt.Sprintf("redirects (%d) to %s", resp.StatusCode, resp.Header.Get("Location"))
	default:
		return fmt.Sprintf("answers %d, not %d", resp.StatusCode, want)
	}
}

func (d *doctor) webfinger(ctx context.Context) Result {
	r := Result{Check: "webfinger"}
	target := d.opts.BaseURL + "/.well-known/webfinger?resource=" + url.QueryEscape(d.opts.Account)
	resp, body, err := d.get(ctx, target, "application/jrd+json")
	if err != nil {
		r.Status, r.Msg, r.Fix = Fail, fmt.Sprintf("%s: %v", target, err), "see the base URL line"
		return r
	}
	if p := answerProblem(resp, http.StatusOK); p != "" {
		r.Status, r.Msg, r.Fix = Fail, fmt.Sprintf("%s %s", target, p), fixProxy
		return r
	}
	var jrd webfinger.JRD
	if err := json.Unmarshal(body, &jrd); err != nil {
		r.Status, r.Msg, r.Fix = Fail, fmt.Sprintf("%s is not a WebFinger answer: %v", target, err), fixProxy
		return r
	}
	for _, l := range jrd.Links {
		if l.Rel == "self" {
			if l.Href != d.opts.ActorURL {
				r.Status, r.Msg, r.Fix = Fail, fmt.Sprintf("%s names the actor %s, not %s", d.opts.Account, l.Href, d.opts.ActorURL), fixProxy
				return r
			}
			r.Msg = fmt.Sprintf("%s is %s", d.opts.Account, l.Href)
			return r
		}
	}
	r.Status, r.Msg, r.Fix = Fail, fmt.Sprintf("%s names no actor (no self link)", target), fixProxy
	return r
}

func (d *doctor) actor(ctx context.Context) Result {
	r := Result{Check: "actor"}
	resp, body, err := d.get(ctx, d.opts.ActorURL, `application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"`)
	if err != nil {
		r.Status, r.Msg, r.Fix = Fail, fmt.Sprintf("%s: %v", d.opts.ActorURL, err), "see the base URL line"
		return r
	}
	if p := answerProblem(resp, http.StatusOK); p != "" {
		r.Status, r.Msg, r.Fix = Fail, fmt.Sprintf("%s %s", d.opts.ActorURL, p), fixProxy
		return r
	}
	var a struct {
		ID        string `json:"id"`
		Inbox     string `json:"inbox"`
		PublicKey struct {
			ID string `json:"id"`
		} `json:"publicKey"`
	}
	if err := json.Unmarshal(body, &a); err != nil {
		r.Status, r.Msg, r.Fix = Fail, fmt.Sprintf("%s is not an actor (Content-Type %s): %v", d.opts.ActorURL, resp.Header.Get("Content-Type"), err), fixProxy
		return r
	}
	mine := func(u string) bool { return strings.HasPrefix(u, d.opts.BaseURL+"/") }
	if a.ID != d.opts.ActorURL || !mine(a.Inbox) || !mine(a.PublicKey.ID) {
		r.Status = Fail
		r.Msg = fmt.Sprintf("%s says it is %s, with inbox %s and key %s: not all under %s", d.opts.ActorURL, a.ID, a.Inbox, a.PublicKey.ID, d.opts.BaseURL)
		r.Fix = "gather serve and this command must be given the same --base-url, the address other servers use"
		return r
	}
	r.Msg = fmt.Sprintf("%s answers as itself, inbox %s", a.ID, a.Inbox)
	return r
}

// probe is the body of the test requests to our inbox: an activity of no
// type Gather acts on, by ProbeActor.
func (d *doctor) probe() []byte {
	var b [8]byte
	_, _ = rand.Read(b[:])
	body, _ := json.Marshal(map[string]string{
		"@context": "https://www.w3.org/ns/activitystreams",
		"id":       d.opts.BaseURL + "/doctor/" + hex.EncodeToString(b[:]),
		"type":     "Doctor",
		"actor":    d.opts.ProbeActor,
	})
	return body
}

func (d *doctor) postInbox(ctx context.Context, body []byte, sign func(*http.Request) error) (*http.Response, []byte, error) {
	req, err := http.NewRequest(http.MethodPost, d.opts.InboxURL, bytes.NewReader(body))
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Content-Type", "application/activity+json")
	if sign != nil {
		if err := sign(req); err != nil {
			return nil, nil, err
		}
	}
	return d.do(ctx, req)
}

func (d *doctor) inbox(ctx context.Context) Result {
	r := Result{Check: "inbox"}
	resp, body, err := d.postInbox(ctx, d.probe(), nil)
	if err != nil {
		r.Status, r.Msg, r.Fix = Fail, fmt.Sprintf("POST %s: %v", d.opts.InboxURL, err), "see the base URL line"
		return r
	}
	if p := answerProblem(resp, http.StatusUnauthorized); p != "" {
		r.Status, r.Msg, r.Fix = Fail, fmt.Sprintf("POST %s of an unsigned activity %s: %s", d.opts.InboxURL, p, firstLine(body)), fixProxy
		if resp.StatusCode >= 500 {
			r.Fix = "the proxy cannot reach Gather: is gather serve running, and is the proxy's upstream its --listen address?"
		}
		return r
	}
	r.Msg = fmt.Sprintf("POST %s answers, and refuses an unsigned activity", d.opts.InboxURL)
	return r
}

// notSignedByActor is how Gather refuses an activity whose signature
// verified but whose actor is someone else: the answer the signed probe
// wants.
const notSignedByActor = "does not belong to the activity's actor"

func (d *doctor) signature(ctx context.Context) Result {
	r := Result{Check: "signature"}
	if res, ok := d.noDatabase(r.Check); ok {
		return res
	}
	keyID, key, err := d.src.Signer(ctx)
	if err != nil {
		r.Status, r.Msg, r.Fix = Fail, fmt.Sprintf("no key to sign with: %v", err), "start gather serve once: it creates the instance's keys"
		return r
	}
	body := d.probe()
	resp, answer, err := d.postInbox(ctx, body, func(req *http.Request) error {
		return httpsig.SignRequest(req, body, keyID, key, d.opts.Now())
	})
	if err != nil {
		r.Status, r.Msg, r.Fix = Fail, fmt.Sprintf("POST %s: %v", d.opts.InboxURL, err), "see the base URL line"
		return r
	}
	if resp.StatusCode == http.StatusUnauthorized && strings.Contains(string(answer), notSignedByActor) {
		r.Msg = fmt.Sprintf("a request signed with %s verified at %s", keyID, d.opts.InboxURL)
		return r
	}
	r.Status = Fail
	r.Msg = fmt.Sprintf("a request signed with %s was refused at %s (%d): %s", keyID, d.opts.InboxURL, resp.StatusCode, firstLine(answer))
	r.Fix = "the proxy must pass the Host header as sent (nginx: proxy_set_header Host $host) and the path unchanged, both are signed; " +
		"and Gather must fetch its own key at " + keyID + " (on a LAN address, --allow-private-addresses)"
	return r
}

func firstLine(b []byte) string {
	s, _, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

func (d *doctor) clock(ctx context.Context) Result {
	r := Result{Check: "clock"}
	if d.opts.ClockPeer == "" {
		r.Status, r.Msg = Skip, "no --clock-peer to compare with"
		return r
	}
	req, err := http.NewRequest(http.MethodHead, d.opts.ClockPeer, nil)
	if err != nil {
		r.Status, r.Msg, r.Fix = Fail, fmt.Sprintf("--clock-peer %q: %v", d.opts.ClockPeer, err), "give an https:// URL"
		return r
	}
	before := d.opts.Now()
	resp, _, err := d.do(ctx, req)
	after := d.opts.Now()
	if err != nil {
		r.Status, r.Msg, r.Fix = Warn, fmt.Sprintf("cannot ask %s the time: %v", d.opts.ClockPeer, err), "check this server can make outgoing HTTPS requests, or name another --clock-peer"
		return r
	}
	date, err := http.ParseTime(resp.Header.Get("Date"))
	if err != nil {
		r.Status, r.Msg, r.Fix = Warn, fmt.Sprintf("%s sent no Date header", d.opts.ClockPeer), "name another --clock-peer"
		return r
	}
	// Date has whole seconds: compare with the middle of the exchange and
	// allow the second it rounds away.
	mid := before.Add(after.Sub(before) / 2)
	skew := mid.Sub(date).Round(time.Second)
	if skew.Abs() > time.Minute+time.Second {
		way := "ahead of"
		if skew < 0 {
			way = "behind"
		}
		r.Status = Fail
		r.Msg = fmt.Sprintf("this clock is %s %s %s: signatures dated by it are refused", skew.Abs(), way, d.opts.ClockPeer)
		r.Fix = "turn on time synchronisation (timedatectl set-ntp true, or install chrony)"
		return r
	}
	r.Msg = fmt.Sprintf("within %s of %s", skew.Abs(), d.opts.ClockPeer)
	return r
}
