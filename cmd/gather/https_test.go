package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestDomainGetsACertificateFromACME runs Let's Encrypt's test server,
// Pebble (a Go tool of this module), on loopback, and serves --domain
// with the certificate it issues: the page answers over HTTPS with HSTS,
// plain HTTP redirects there, and a restart serves the same certificate
// from the data dir instead of asking again.
func TestDomainGetsACertificateFromACME(t *testing.T) {
	t.Parallel()
	pebble := startPebble(t)

	const domain = "coop.example"
	httpsAddr, httpAddr := freePort(t), freePort(t)
	dataDir := t.TempDir()
	env := map[string]string{
		"GATHER_DOMAIN":         domain,
		"GATHER_HTTPS_LISTEN":   httpsAddr,
		"GATHER_HTTP_LISTEN":    httpAddr,
		"GATHER_ACME_DIRECTORY": pebble.directory,
		"GATHER_ACME_CA_ROOTS":  pebble.serverCertFile,
		"GATHER_DATA_DIR":       dataDir,
		"GATHER_LOG_LEVEL":      "warn",
	}
	// The client trusts only Pebble's root, and reaches coop.example's
	// ports 443 and 80 on the test's loopback ports.
	roots := x509.NewCertPool()
	require.True(t, roots.AppendCertsFromPEM(pebble.root(t)))
	dialer := &net.Dialer{Timeout: 5 * time.Second}
	transport := &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12},
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			switch addr {
			case domain + ":443":
				addr = httpsAddr
			case domain + ":80":
				addr = httpAddr
			default:
				t.Errorf("the client was sent to %s", addr)
			}
			return dialer.DialContext(ctx, network, addr)
		},
	}
	defer transport.CloseIdleConnections()
	client := &http.Client{
		Transport:     transport,
		Timeout:       10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}

	serial := func() *big.Int {
		ctx, stop := context.WithCancel(context.Background())
		done := make(chan result, 1)
		go func() { done <- gather(t, ctx, "", env, "serve") }()
		defer func() {
			stop()
			r := <-done
			require.Equal(t, exitOK, r.code, r.stderr)
		}()
		resp := waitHTTPS(t, client, "https://"+domain+"/readyz", done)
		require.Equal(t, hstsHeader, resp.Header.Get("Strict-Transport-Security"))
		leaf := resp.TLS.PeerCertificates[0]
		require.NoError(t, leaf.VerifyHostname(domain))

		req, err := http.NewRequest(http.MethodGet, "https://"+domain+"/actors/events", nil)
		require.NoError(t, err)
		req.Header.Set("Accept", "application/activity+json")
		resp, err = client.Do(req)
		require.NoError(t, err)
		var actor struct{ ID, Inbox string }
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&actor))
		_ = resp.Body.Close()
		require.Equal(t, "https://"+domain+"/actors/events", actor.ID, "the base URL is https://DOMAIN")
		require.Equal(t, "https://"+domain+"/actors/events/inbox", actor.Inbox)

		resp, err = client.Get("http://" + domain + "/@events?tab=past")
		require.NoError(t, err)
		_ = resp.Body.Close()
		require.Equal(t, http.StatusMovedPermanently, resp.StatusCode)
		require.Equal(t, "https://"+domain+"/@events?tab=past", resp.Header.Get("Location"))
		resp, err = client.Post("http://"+domain+"/inbox", "application/activity+json", strings.NewReader("{}"))
		require.NoError(t, err)
		_ = resp.Body.Close()
		require.Equal(t, http.StatusPermanentRedirect, resp.StatusCode, "a POST is redirected with its method kept")
		require.Equal(t, "https://"+domain+"/inbox", resp.Header.Get("Location"))

		// Only the domain gets a certificate: a name someone else points
		// here must not spend the CA's limits.
		_, err = tls.Dial("tcp", httpsAddr, &tls.Config{ServerName: "other.example", RootCAs: roots, MinVersion: tls.VersionTLS12})
		require.Error(t, err, "no certificate for other.example")
		return leaf.SerialNumber
	}
	first := serial()
	_, err := os.Stat(filepath.Join(dataDir, certsDir, domain))
	require.NoError(t, err, "the certificate is kept in the data dir")
	require.Equal(t, first, serial(), "a restart serves the kept certificate")
}

// waitHTTPS polls url until it answers 200: the first answer waits for
// the certificate.
func waitHTTPS(t *testing.T, client *http.Client, url string, done chan result) *http.Response {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	var lastErr error
	for time.Now().Before(deadline) {
		select {
		case r := <-done:
			t.Fatalf("server exited %d before it was ready: %s", r.code, r.stderr)
		default:
		}
		resp, err := client.Get(url)
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return resp
			}
			lastErr = &statusErr{resp.StatusCode}
		} else {
			lastErr = err
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s never answered 200 over HTTPS: %v", url, lastErr)
	return nil
}

type statusErr struct{ code int }

func (e *statusErr) Error() string { return "status " + strconv.Itoa(e.code) }

type pebbleServer struct {
	directory      string // the ACME directory URL
	management     string // base URL of the management API (roots)
	serverCertFile string // PEM of the certificate Pebble's HTTPS serves
	client         *http.Client
}

// root returns the root of the certificates Pebble issues: a new one each
// time Pebble starts.
func (p *pebbleServer) root(t *testing.T) []byte {
	t.Helper()
	resp, err := p.client.Get(p.management + "/roots/0")
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	return body
}

var pebbleBuild struct {
	once sync.Once
	path string
	err  error
	out  []byte
}

// pebbleBinary builds the pebble tool once per test process: "go build"
// of a module tool needs only Go and the module proxy.
func pebbleBinary(t *testing.T) string {
	t.Helper()
	pebbleBuild.once.Do(func() {
		dir, err := os.MkdirTemp("", "gather-pebble-")
		if err != nil {
			pebbleBuild.err = err
			return
		}
		pebbleBuild.path = filepath.Join(dir, "pebble")
		cmd := exec.Command("go", "build", "-o", pebbleBuild.path, "github.com/letsencrypt/pebble/v2/cmd/pebble")
		pebbleBuild.out, pebbleBuild.err = cmd.CombinedOutput()
	})
	require.NoError(t, pebbleBuild.err, "build pebble: %s", pebbleBuild.out)
	t.Cleanup(func() { _ = os.RemoveAll(filepath.Dir(pebbleBuild.path)) })
	return pebbleBuild.path
}

// startPebble runs Pebble with testdata/pebble's configuration on free
// loopback ports, accepting every challenge without checking it
// (PEBBLE_VA_ALWAYS_VALID): there is no DNS for coop.example here.
func startPebble(t *testing.T) *pebbleServer {
	t.Helper()
	bin := pebbleBinary(t)
	dir := t.TempDir()
	certPEM, keyPEM := loopbackCert(t)
	certFile := filepath.Join(dir, "cert.pem")
	require.NoError(t, os.WriteFile(certFile, certPEM, 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "key.pem"), keyPEM, 0o600))

	raw, err := os.ReadFile(filepath.Join("testdata", "pebble", "pebble-config.json"))
	require.NoError(t, err)
	var conf map[string]map[string]any
	require.NoError(t, json.Unmarshal(raw, &conf))
	acmeAddr, mgmtAddr := freePort(t), freePort(t)
	conf["pebble"]["listenAddress"] = acmeAddr
	conf["pebble"]["managementListenAddress"] = mgmtAddr
	conf["pebble"]["certificate"] = certFile
	conf["pebble"]["privateKey"] = filepath.Join(dir, "key.pem")
	raw, err = json.Marshal(conf)
	require.NoError(t, err)
	confFile := filepath.Join(dir, "pebble-config.json")
	require.NoError(t, os.WriteFile(confFile, raw, 0o600))

	var out bytes.Buffer
	cmd := exec.Command(bin, "-config", confFile)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PEBBLE_VA_ALWAYS_VALID=1", "PEBBLE_VA_NOSLEEP=1", "PEBBLE_WFE_NONCEREJECT=0")
	cmd.Stdout, cmd.Stderr = &out, &out
	require.NoError(t, cmd.Start())
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
		if t.Failed() {
			t.Logf("pebble's output:\n%s", out.String())
		}
	})

	pool := x509.NewCertPool()
	require.True(t, pool.AppendCertsFromPEM(certPEM))
	p := &pebbleServer{
		directory:      "https://" + acmeAddr + "/dir",
		management:     "https://" + mgmtAddr,
		serverCertFile: certFile,
		client: &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{
			TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12},
		}},
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case <-exited:
			t.Fatalf("pebble exited at start:\n%s", out.String())
		default:
		}
		resp, err := p.client.Get(p.directory)
		if err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("pebble's directory never answered: %v\n%s", err, out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// loopbackCert makes a self-signed key pair for Pebble's own HTTPS on
// 127.0.0.1.
func loopbackCert(t *testing.T) (certPEM, keyPEM []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "pebble on loopback"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:              []string{"localhost"},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	keyDER, err := x509.MarshalECPrivateKey(key)
	require.NoError(t, err)
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER})
}
