package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	stdlog "log"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/crypto/acme"
	"golang.org/x/crypto/acme/autocert"

	"github.com/gather-coop/gather/internal/config"
)

// certsDir, in the data dir, is where autocert keeps the ACME account key
// and the certificates, so a restart neither asks again (Let's Encrypt
// limits how often) nor loses the account.
const certsDir = "certs"

// hstsHeader asks browsers to use HTTPS only, for two years. Without
// includeSubDomains: the co-op's other names are not ours to decide for.
const hstsHeader = "max-age=63072000"

// httpsServers are the two servers of a --domain instance: HTTPS, and the
// plain-HTTP one that answers ACME's challenges and redirects the rest.
type httpsServers struct {
	tls, plain      *http.Server
	tlsLn, plainLn  net.Listener
	manager         *autocert.Manager
	domain, baseURL string
}

// listenHTTPS opens both listeners first, so a port already taken (or
// :443 without the right to bind it) fails the start in one line.
func listenHTTPS(cfg config.Config) (*httpsServers, error) {
	tlsLn, err := net.Listen("tcp", cfg.HTTPSListen)
	if err != nil {
		return nil, fmt.Errorf("cannot listen on %s for HTTPS: %w%s", cfg.HTTPSListen, unwrapOpError(err), lowPortHint(err))
	}
	plainLn, err := net.Listen("tcp", cfg.HTTPListen)
	if err != nil {
		_ = tlsLn.Close()
		return nil, fmt.Errorf("cannot listen on %s for HTTP: %w%s", cfg.HTTPListen, unwrapOpError(err), lowPortHint(err))
	}
	return &httpsServers{tlsLn: tlsLn, plainLn: plainLn, domain: cfg.Domain, baseURL: cfg.BaseURL}, nil
}

// lowPortHint says what to do when the system refuses ports below 1024.
func lowPortHint(err error) string {
	if errors.Is(err, os.ErrPermission) {
		return " (ports below 1024 need root or CAP_NET_BIND_SERVICE: see deploy/gather.service)"
	}
	return ""
}

// newACMEManager keeps certificates for cfg.Domain in the data dir, from
// cfg.ACMEDirectory. autocert renews each 30 days before it expires.
func newACMEManager(cfg config.Config) (*autocert.Manager, error) {
	dir := filepath.Join(cfg.DataDir, certsDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("certificates folder %s: %w", dir, unwrapPathError(err))
	}
	client := &acme.Client{DirectoryURL: cfg.ACMEDirectory, UserAgent: "Gather/" + buildVersion()}
	if cfg.ACMECARoots != "" {
		pem, err := os.ReadFile(cfg.ACMECARoots)
		if err != nil {
			return nil, &config.UsageError{Msg: fmt.Sprintf("--acme-ca-roots: %v", unwrapPathError(err))}
		}
		roots := x509.NewCertPool()
		if !roots.AppendCertsFromPEM(pem) {
			return nil, &config.UsageError{Msg: fmt.Sprintf("--acme-ca-roots %s holds no PEM certificate", cfg.ACMECARoots)}
		}
		transport := http.DefaultTransport.(*http.Transport).Clone()
		transport.TLSClientConfig = &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}
		client.HTTPClient = &http.Client{Transport: transport, Timeout: time.Minute}
	}
	return &autocert.Manager{
		Prompt:     autocert.AcceptTOS,
		Cache:      autocert.DirCache(dir),
		HostPolicy: autocert.HostWhitelist(cfg.Domain),
		Email:      cfg.ACMEEmail,
		Client:     client,
	}, nil
}

// start serves site over HTTPS with HSTS, and the redirect on plain HTTP.
// It asks for the certificate at once, in the background, rather than at
// the first visitor's handshake, so a problem (DNS not pointing here yet,
// port 80 closed) is in the log within seconds of the start.
func (s *httpsServers) start(cfg config.Config, site http.Handler, base *http.Server, log *slog.Logger) (<-chan error, error) {
	m, err := newACMEManager(cfg)
	if err != nil {
		return nil, err
	}
	s.manager = m
	s.tls = cloneServer(base, hsts(site))
	s.tls.ErrorLog = stdlog.New(handshakeErrors{log}, "", 0)
	s.tls.TLSConfig = m.TLSConfig()
	s.tls.TLSConfig.MinVersion = tls.VersionTLS12
	s.plain = cloneServer(base, m.HTTPHandler(http.HandlerFunc(s.redirect)))

	served := make(chan error, 2)
	go func() { served <- s.tls.ServeTLS(s.tlsLn, "", "") }()
	go func() { served <- s.plain.Serve(s.plainLn) }()
	go s.prefetch(log)
	return served, nil
}

func (s *httpsServers) prefetch(log *slog.Logger) {
	hello := &tls.ClientHelloInfo{
		ServerName: s.domain,
		// What every current browser offers, so the certificate made is
		// the ECDSA one they will be served.
		SignatureSchemes:  []tls.SignatureScheme{tls.ECDSAWithP256AndSHA256},
		SupportedCurves:   []tls.CurveID{tls.CurveP256},
		CipherSuites:      []uint16{tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256},
		SupportedVersions: []uint16{tls.VersionTLS13, tls.VersionTLS12},
	}
	cert, err := s.manager.GetCertificate(hello)
	if err != nil {
		log.Error("no HTTPS certificate yet: check that "+s.domain+" points at this server and ports 80 and 443 reach it; it is asked for again at the next visit",
			slog.String("domain", s.domain), slog.Any("error", err))
		return
	}
	if cert.Leaf != nil {
		log.Info("HTTPS certificate ready", slog.String("domain", s.domain), slog.Time("expires", cert.Leaf.NotAfter))
	}
}

// redirect sends plain-HTTP visitors to the same path over HTTPS. GET and
// HEAD get 301, which every client follows; other methods get 308, which
// keeps the method and body.
func (s *httpsServers) redirect(w http.ResponseWriter, r *http.Request) {
	code := http.StatusPermanentRedirect
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		code = http.StatusMovedPermanently
	}
	http.Redirect(w, r, s.baseURL+r.URL.RequestURI(), code)
}

// shutdown stops both servers within ctx.
func (s *httpsServers) shutdown(ctx context.Context) error {
	return errors.Join(s.tls.Shutdown(ctx), s.plain.Shutdown(ctx))
}

func (s *httpsServers) close() {
	_ = s.tlsLn.Close()
	_ = s.plainLn.Close()
}

// handshakeErrors logs the TLS server's errors, but failed handshakes at
// debug: on a public port 443 scanners and clients without SNI make them
// all day, and none is the admin's to fix.
type handshakeErrors struct{ log *slog.Logger }

func (h handshakeErrors) Write(p []byte) (int, error) {
	msg := strings.TrimSpace(string(p))
	level := slog.LevelWarn
	if strings.Contains(msg, "TLS handshake error") {
		level = slog.LevelDebug
	}
	h.log.Log(context.Background(), level, msg, slog.String("component", "https"))
	return len(p), nil
}

func hsts(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Strict-Transport-Security", hstsHeader)
		next.ServeHTTP(w, r)
	})
}

func cloneServer(base *http.Server, h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: base.ReadHeaderTimeout,
		ReadTimeout:       base.ReadTimeout,
		WriteTimeout:      base.WriteTimeout,
		IdleTimeout:       base.IdleTimeout,
		ErrorLog:          base.ErrorLog,
	}
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
