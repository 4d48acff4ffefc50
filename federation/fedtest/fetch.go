package fedtest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/fedtest/flavor"
	"github.com/gather-coop/gather/federation/httpsig"
	"github.com/gather-coop/gather/federation/webfinger"
)

// Fetch is one GET (or HEAD) the server answered.
type Fetch struct {
	// Path and RawQuery are the request's path and query.
	Path, RawQuery string
	// Headers are the request's headers, with Host added.
	Headers http.Header
	// SignedKeyID is the keyId of the Signature header, "" if unsigned.
	SignedKeyID string
	// Verified and VerifyErr are the result of checking the signature,
	// which the server does only for documents it serves to signed GETs
	// alone (see WithAuthorizedFetch); otherwise both are zero.
	Verified  bool
	VerifyErr error
	// Status is what the server answered.
	Status int
	// At is when the server answered, by its clock.
	At time.Time
}

// Fetches returns every GET the server has answered so far, oldest first:
// WebFinger and NodeInfo look-ups as well as documents.
func (s *Server) Fetches() []Fetch {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Fetch(nil), s.fetches...)
}

// statusWriter remembers the status a handler answered.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// serveGet answers WebFinger, NodeInfo and the documents the server
// publishes, and records the request.
func (s *Server) serveGet(w http.ResponseWriter, r *http.Request) {
	h := r.Header.Clone()
	h.Set("Host", r.Host)
	f := Fetch{Path: r.URL.EscapedPath(), RawQuery: r.URL.RawQuery, Headers: h, SignedKeyID: signedKeyID(r)}
	sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
	s.route(sw, r, &f)
	f.Status = sw.status
	f.At = s.now()
	s.mu.Lock()
	s.fetches = append(s.fetches, f)
	s.notifyLocked()
	s.mu.Unlock()
}

func (s *Server) route(w http.ResponseWriter, r *http.Request, f *Fetch) {
	switch f.Path {
	case "/.well-known/webfinger":
		s.webfinger.ServeHTTP(w, r)
		return
	case webfinger.NodeInfoWellKnownPath:
		s.serveNodeInfoLinks(w)
		return
	case webfinger.NodeInfoPath:
		s.serveNodeInfo(w)
		return
	}
	s.mu.Lock()
	doc, ok := s.docs[f.Path]
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	if s.authorizedFetch && !doc.public {
		if _, err := s.verifier.Verify(r.Context(), r, nil); err != nil {
			f.VerifyErr = err
			http.Error(w, "Request not signed", http.StatusUnauthorized)
			return
		}
		f.Verified = true
	}
	w.Header().Set("Content-Type", federation.ContentType+"; charset=utf-8")
	_, _ = w.Write(doc.body)
}

// keyCache is the server's httpsig.KeyFetcher: it fetches keys over plain
// HTTP from their keyId URL, without a signature, and caches them until a
// refresh is asked for.
type keyCache struct {
	client *http.Client

	mu      sync.Mutex
	keys    map[string]httpsig.Key
	fetches int
}

var _ httpsig.KeyFetcher = (*keyCache)(nil)

// FetchKey implements httpsig.KeyFetcher.
func (c *keyCache) FetchKey(ctx context.Context, keyID string, refresh bool) (httpsig.Key, error) {
	c.mu.Lock()
	key, ok := c.keys[keyID]
	if !ok || refresh {
		c.fetches++
	}
	c.mu.Unlock()
	if ok && !refresh {
		return key, nil
	}
	key, err := c.fetch(ctx, keyID)
	if err != nil {
		return httpsig.Key{}, err
	}
	c.mu.Lock()
	c.keys[keyID] = key
	c.mu.Unlock()
	return key, nil
}

// fetch GETs the document keyID names and reads the key from it: an actor
// (keyId <actor>#main-key), a key stub or a bare key document.
func (c *keyCache) fetch(ctx context.Context, keyID string) (httpsig.Key, error) {
	u, err := url.Parse(keyID)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return httpsig.Key{}, fmt.Errorf("key id %q is not an http(s) URL", keyID)
	}
	u.Fragment = ""
	r, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return httpsig.Key{}, fmt.Errorf("fetch key %s: %w", keyID, err)
	}
	r.Header.Set("Accept", flavor.ActivityJSON+", "+flavor.LDJSON)
	res, err := c.client.Do(r)
	if err != nil {
		return httpsig.Key{}, fmt.Errorf("fetch key %s: %w", keyID, err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(res.Body, maxBody))
	if err != nil {
		return httpsig.Key{}, fmt.Errorf("fetch key %s: %w", keyID, err)
	}
	if res.StatusCode != http.StatusOK {
		return httpsig.Key{}, fmt.Errorf("fetch key %s: status %d", keyID, res.StatusCode)
	}
	id, owner, pem, err := federation.ParseKeyDocument(raw)
	if err != nil {
		return httpsig.Key{}, fmt.Errorf("fetch key %s: %w", keyID, err)
	}
	if id != keyID {
		return httpsig.Key{}, fmt.Errorf("fetch key %s: the document declares key %s", keyID, id)
	}
	if !sameOrigin(keyID, owner) {
		return httpsig.Key{}, fmt.Errorf("fetch key %s: owner %s is on another origin", keyID, owner)
	}
	pub, err := httpsig.ParsePublicKeyPEM(pem)
	if err != nil {
		return httpsig.Key{}, fmt.Errorf("fetch key %s: %w", keyID, err)
	}
	return httpsig.Key{ID: id, Owner: owner, Public: pub}, nil
}

// KeyFetches returns how many times the server has fetched a sender's key
// over HTTP (a first fetch, or a refetch after a signature failed to
// verify with the cached key).
func (s *Server) KeyFetches() int {
	s.keys.mu.Lock()
	defer s.keys.mu.Unlock()
	return s.keys.fetches
}

// ForgetKeys empties the server's key cache, as a restart would.
func (s *Server) ForgetKeys() {
	s.keys.mu.Lock()
	defer s.keys.mu.Unlock()
	clear(s.keys.keys)
}
