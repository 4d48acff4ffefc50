// Package config reads Gather's configuration from command-line flags and
// their GATHER_* environment twins. A flag given on the command line wins
// over its variable, which wins over the default.
package config

import (
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Config is everything a gather process is told at start. It is passed by
// value; nothing reads it from globals.
type Config struct {
	// Listen is the address to serve on. Default 127.0.0.1:8080.
	Listen string
	// BaseURL is the public URL; its origin is in every ActivityPub id.
	// Default http://localhost:8080. Never ends in a slash.
	BaseURL string
	// DataDir holds the SQLite file and uploads. Default ./gather-data.
	DataDir string
	// DatabaseURL selects PostgreSQL when it is postgres://…; empty means
	// SQLite in DataDir.
	DatabaseURL string
	// AllowPrivateAddresses lets federation reach loopback and private
	// networks (tests, LANs). Default false.
	AllowPrivateAddresses bool
	// AllowHTTP accepts and fetches http:// remote ids. Default false.
	AllowHTTP bool
	// AuthorizedFetch requires a valid signature on GETs of our objects
	// (actor documents and keys stay public). Default false.
	AuthorizedFetch bool
	// SignatureMaxAge is how far an incoming signature's Date may be from
	// now, either way. Default 12h.
	SignatureMaxAge time.Duration
	// InboxRateLimit is how many inbox POSTs per second one remote host
	// may send, with bursts of ten times that. Default 50.
	InboxRateLimit float64
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client (for sign-in limits and logs). Default none: the peer's
	// address is the client's.
	TrustedProxies []netip.Prefix
	// CoopHandle and CoopName describe the co-op account created at first
	// start. Defaults: "events" and the host of BaseURL.
	CoopHandle string
	CoopName   string
	// LogLevel is debug, info, warn or error. Default info.
	LogLevel slog.Level
	// LogFormat is text, json, or auto (text on a terminal, JSON
	// otherwise). Default auto.
	LogFormat string

	// Domain, when set, makes Gather its own HTTPS server for that name:
	// it gets and renews a certificate by ACME, serves HTTPSListen, and
	// redirects HTTPListen to https. BaseURL is then https://Domain.
	// Empty (the default) means plain HTTP on Listen, behind a proxy.
	Domain string
	// HTTPSListen and HTTPListen are where a Domain instance serves.
	// Defaults :443 and :80.
	HTTPSListen string
	HTTPListen  string
	// ACMEDirectory is the ACME server's directory URL. Default Let's
	// Encrypt's production one.
	ACMEDirectory string
	// ACMEEmail is told to the ACME server, which writes to it about
	// expiring or revoked certificates. Optional.
	ACMEEmail string
	// RootCAs are the roots federation trusts for https; nil means the
	// system's. No flag sets it: tests do, for instances on loopback.
	RootCAs *x509.CertPool
	// ACMECARoots is a PEM file of the roots to trust for the ACME server
	// itself (a private CA, or Pebble in tests). Empty: the system's.
	ACMECARoots string
	// ClockPeer is the https:// server whose Date the doctor compares the
	// clock with, from the command and the admin page alike; empty skips
	// that check. Default https://letsencrypt.org, which keeps good time.
	ClockPeer string
	// Now is the clock the app and its jobs keep time by; nil is
	// time.Now. No flag sets it: tests do, to advance time.
	Now func() time.Time
}

// LetsEncrypt is the production directory of Let's Encrypt.
const LetsEncrypt = "https://acme-v02.api.letsencrypt.org/directory"

// UsageError is a configuration mistake: the process should print it and
// exit with status 2.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// Flags registers every configuration flag on fs, each defaulting to its
// GATHER_* variable from getenv. Call Finish after fs.Parse.
func Flags(fs *flag.FlagSet, getenv func(string) string) *Binding {
	b := &Binding{getenv: getenv}
	b.str(fs, &b.cfg.Listen, "listen", "127.0.0.1:8080", "address to serve on")
	b.str(fs, &b.cfg.BaseURL, "base-url", "http://localhost:8080", "public URL; the host in every id")
	b.str(fs, &b.cfg.DataDir, "data-dir", "./gather-data", "folder for the SQLite file and uploads")
	b.str(fs, &b.cfg.DatabaseURL, "database-url", "", "postgres://… selects PostgreSQL; empty = SQLite in the data dir")
	b.boolean(fs, &b.cfg.AllowPrivateAddresses, "allow-private-addresses", "let federation reach loopback and private networks (tests, LANs)")
	b.boolean(fs, &b.cfg.AllowHTTP, "allow-http", "accept and fetch http:// remote ids (tests, LANs)")
	b.boolean(fs, &b.cfg.AuthorizedFetch, "authorized-fetch", "require signed GETs for our objects (actors and keys stay public)")
	b.duration(fs, &b.cfg.SignatureMaxAge, "signature-max-age", 12*time.Hour, "how far an incoming signature's Date may be from now")
	b.float(fs, &b.cfg.InboxRateLimit, "inbox-rate-limit", 50, "inbox POSTs per second allowed from one remote host (bursts of 10×)")
	b.str(fs, &b.trustedProxies, "trusted-proxies", "", "comma-separated IPs or CIDRs of your reverse proxies, whose X-Forwarded-For is believed")
	b.str(fs, &b.cfg.CoopHandle, "coop-handle", "events", "handle of the co-op account created at first start")
	b.str(fs, &b.cfg.CoopName, "coop-name", "", "display name of that account (default: the host name)")
	b.str(fs, &b.logLevel, "log-level", "info", "debug, info, warn or error")
	b.str(fs, &b.cfg.LogFormat, "log-format", "auto", "text, json, or auto (text on a terminal, JSON otherwise)")
	b.str(fs, &b.cfg.Domain, "domain", "", "serve HTTPS for this domain with a certificate from ACME (Let's Encrypt); sets --base-url to https://DOMAIN")
	b.str(fs, &b.cfg.HTTPSListen, "https-listen", ":443", "with --domain: address to serve HTTPS on")
	b.str(fs, &b.cfg.HTTPListen, "http-listen", ":80", "with --domain: address that answers ACME challenges and redirects to HTTPS")
	b.str(fs, &b.cfg.ACMEDirectory, "acme-directory", LetsEncrypt, "with --domain: the ACME server's directory URL")
	b.str(fs, &b.cfg.ACMEEmail, "acme-email", "", "with --domain: address the ACME server may write to about your certificate")
	b.str(fs, &b.cfg.ACMECARoots, "acme-ca-roots", "", "with --domain: PEM file of roots to trust for the ACME server (private CAs, tests)")
	b.str(fs, &b.cfg.ClockPeer, "clock-peer", "https://letsencrypt.org", "the doctor compares the clock with the Date this server answers with (empty: skip)")
	b.fs = fs
	return b
}

// Binding ties flags to a Config under construction.
type Binding struct {
	cfg            Config
	getenv         func(string) string
	logLevel       string
	trustedProxies string
	errs           []error
	fs             *flag.FlagSet
}

// given reports whether the flag name was set on the command line or by
// its variable, rather than left at its default.
func (b *Binding) given(name string) bool {
	if _, ok := b.env(name); ok {
		return true
	}
	set := false
	if b.fs != nil {
		b.fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	}
	return set
}

// EnvName returns the environment twin of a flag: --base-url → GATHER_BASE_URL.
func EnvName(flagName string) string {
	return "GATHER_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

func (b *Binding) env(name string) (string, bool) {
	v := b.getenv(EnvName(name))
	return v, v != ""
}

func (b *Binding) str(fs *flag.FlagSet, p *string, name, def, usage string) {
	if v, ok := b.env(name); ok {
		def = v
	}
	fs.StringVar(p, name, def, usage+" ($"+EnvName(name)+")")
}

func (b *Binding) boolean(fs *flag.FlagSet, p *bool, name, usage string) {
	def := false
	if v, ok := b.env(name); ok {
		parsed, err := strconv.ParseBool(v)
		if err != nil {
			b.errs = append(b.errs, fmt.Errorf("%s=%q: want true or false", EnvName(name), v))
		}
		def = parsed
	}
	fs.BoolVar(p, name, def, usage+" ($"+EnvName(name)+")")
}

func (b *Binding) duration(fs *flag.FlagSet, p *time.Duration, name string, def time.Duration, usage string) {
	if v, ok := b.env(name); ok {
		parsed, err := time.ParseDuration(v)
		if err != nil {
			b.errs = append(b.errs, fmt.Errorf("%s=%q: want a duration such as 12h", EnvName(name), v))
		}
		def = parsed
	}
	fs.DurationVar(p, name, def, usage+" ($"+EnvName(name)+")")
}

func (b *Binding) float(fs *flag.FlagSet, p *float64, name string, def float64, usage string) {
	if v, ok := b.env(name); ok {
		parsed, err := strconv.ParseFloat(v, 64)
		if err != nil {
			b.errs = append(b.errs, fmt.Errorf("%s=%q: want a number", EnvName(name), v))
		}
		def = parsed
	}
	fs.Float64Var(p, name, def, usage+" ($"+EnvName(name)+")")
}

// Finish returns the Config once flags are parsed, or a *UsageError naming
// the first thing wrong.
func (b *Binding) Finish() (Config, error) {
	if len(b.errs) > 0 {
		return Config{}, &UsageError{Msg: b.errs[0].Error()}
	}
	if err := b.cfg.LogLevel.UnmarshalText([]byte(b.logLevel)); err != nil {
		return Config{}, &UsageError{Msg: fmt.Sprintf("--log-level %q: want debug, info, warn or error", b.logLevel)}
	}
	c := b.cfg
	proxies, err := parsePrefixes(b.trustedProxies)
	if err != nil {
		return Config{}, &UsageError{Msg: "--trusted-proxies: " + err.Error()}
	}
	c.TrustedProxies = proxies
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	if err := b.finishDomain(&c); err != nil {
		return Config{}, err
	}
	c.CoopHandle = strings.ToLower(c.CoopHandle)
	if c.CoopName == "" {
		if u, err := url.Parse(c.BaseURL); err == nil {
			c.CoopName = u.Hostname()
		}
	}
	if err := c.Validate(); err != nil {
		return Config{}, err
	}
	return c, nil
}

var domainRE = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$`)

// finishDomain settles how --domain meets the proxy setup's flags. The
// domain decides the base URL, so a different --base-url is a mistake;
// --listen is the proxy setup's plain-HTTP address, so giving it with
// --domain means two setups at once, refused rather than guessed at. A
// --base-url equal to https://DOMAIN is accepted: it says the same.
func (b *Binding) finishDomain(c *Config) error {
	if c.Domain == "" {
		return nil
	}
	c.Domain = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(c.Domain)), ".")
	if !domainRE.MatchString(c.Domain) {
		return &UsageError{Msg: fmt.Sprintf("--domain %q: want a host name such as events.example.coop (no scheme, port or path)", c.Domain)}
	}
	want := "https://" + c.Domain
	if b.given("base-url") && c.BaseURL != want {
		return &UsageError{Msg: fmt.Sprintf("--base-url %s and --domain %s disagree: with --domain the base URL is %s; leave --base-url out", c.BaseURL, c.Domain, want)}
	}
	if b.given("listen") {
		return &UsageError{Msg: "--listen is for serving plain HTTP behind a proxy; with --domain Gather serves HTTPS itself on --https-listen (and --http-listen): give one setup, not both"}
	}
	c.BaseURL = want
	for _, l := range []struct{ flag, addr string }{{"https-listen", c.HTTPSListen}, {"http-listen", c.HTTPListen}} {
		if _, _, err := net.SplitHostPort(l.addr); err != nil {
			return &UsageError{Msg: fmt.Sprintf("--%s %q: want host:port, e.g. :443", l.flag, l.addr)}
		}
	}
	if u, err := url.Parse(c.ACMEDirectory); err != nil || u.Scheme != "https" || u.Host == "" {
		return &UsageError{Msg: fmt.Sprintf("--acme-directory %q: want an https:// URL", c.ACMEDirectory)}
	}
	return nil
}

// parsePrefixes reads "10.0.0.1, 192.168.0.0/16, ::1": single addresses
// are prefixes of their full length.
func parsePrefixes(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if p, err := netip.ParsePrefix(part); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(part)
		if err != nil {
			return nil, fmt.Errorf("%q is not an IP address or CIDR such as 10.0.0.0/8", part)
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}

// Load parses args (without the program name) and the environment into a
// Config, for callers with no flags of their own.
func Load(args []string, getenv func(string) string) (Config, error) {
	fs := flag.NewFlagSet("gather", flag.ContinueOnError)
	b := Flags(fs, getenv)
	if err := fs.Parse(args); err != nil {
		return Config{}, &UsageError{Msg: err.Error()}
	}
	return b.Finish()
}

var handleRE = regexp.MustCompile(`^[a-z0-9_]{1,64}$`)

// ValidHandle reports whether h can name a local account.
func ValidHandle(h string) bool { return handleRE.MatchString(h) }

// Validate checks the values, returning a *UsageError naming the first
// that is wrong.
func (c Config) Validate() error {
	bad := func(format string, args ...any) error { return &UsageError{Msg: fmt.Sprintf(format, args...)} }
	if _, _, err := net.SplitHostPort(c.Listen); err != nil {
		return bad("--listen %q: want host:port, e.g. 127.0.0.1:8080", c.Listen)
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || (u.Path != "" && u.Path != "/") {
		return bad("--base-url %q: want an origin such as https://events.example.coop", c.BaseURL)
	}
	if c.DataDir == "" {
		return bad("--data-dir must not be empty")
	}
	if c.DatabaseURL != "" {
		du, err := url.Parse(c.DatabaseURL)
		if err != nil {
			return bad("--database-url is malformed: %s", redact(c.DatabaseURL))
		}
		if du.Scheme != "postgres" && du.Scheme != "postgresql" {
			return bad("--database-url %s: only postgres:// is supported (leave it empty for SQLite)", redact(c.DatabaseURL))
		}
	}
	if !ValidHandle(c.CoopHandle) {
		return bad("--coop-handle %q: use 1 to 64 lower-case letters, digits or _", c.CoopHandle)
	}
	if c.InboxRateLimit <= 0 {
		return bad("--inbox-rate-limit must be positive")
	}
	if c.SignatureMaxAge <= 0 {
		return bad("--signature-max-age must be positive")
	}
	switch c.LogFormat {
	case "auto", "text", "json":
	default:
		return bad("--log-format %q: want auto, text or json", c.LogFormat)
	}
	return nil
}

// redact hides a password in a database URL before it is printed.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparseable URL)"
	}
	return u.Redacted()
}

// IsUsage reports whether err is a configuration mistake.
func IsUsage(err error) bool {
	var u *UsageError
	return errors.As(err, &u)
}
