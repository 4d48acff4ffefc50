package fedtest

import (
	"context"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gather-coop/gather/federation/fedtest/flavor"
	"github.com/gather-coop/gather/federation/httpsig"
	"github.com/gather-coop/gather/federation/webfinger"
)

// maxBody caps the bodies the fake reads, as a real server would.
const maxBody = 1 << 20

// Server is a fake fediverse server of one Flavor, listening on a loopback
// httptest.Server over plain HTTP. It serves WebFinger, NodeInfo, its
// actors' documents (and GoToSocial key stubs), the objects its actors
// built, and its inboxes; it records every POST it receives (see
// Deliveries) and every GET (see Fetches).
//
// All methods are safe for concurrent use.
type Server struct {
	flavor          Flavor
	srv             *httptest.Server
	base, host      string
	client          *http.Client
	now             func() time.Time
	key             *rsa.PrivateKey
	keys            *keyCache
	verifier        *httpsig.Verifier
	webfinger       http.Handler
	authorizedFetch bool
	inboxOrigin     string // where actors' inboxes are, if not on the server
	seq             atomic.Int64

	mu          sync.Mutex
	actors      map[string]*Actor
	inboxes     map[string]bool
	docs        map[string]document
	deliveries  []Delivery
	fetches     []Fetch
	hits        int
	inboxStatus int
	downStatus  int           // non-zero: every request is answered with it, unrecorded
	hang        chan struct{} // non-nil while inbox POSTs hang; closed by Release
	changed     chan struct{} // closed and replaced whenever something arrives
}

// document is something the server answers GETs for.
type document struct {
	body []byte
	// public documents are served without a signature even when the
	// server requires signed fetches: WebFinger-level data and keys.
	public bool
}

// Option configures a Server.
type Option func(*options)

type options struct {
	key             *rsa.PrivateKey
	now             func() time.Time
	authorizedFetch *bool
	inboxOrigin     string
}

// WithKey makes every actor of the server sign with key (until an actor's
// RotateKey) instead of a key generated for the server. Sharing one key
// among many servers makes creating them cheap, as benchmarks with hundreds
// of hosts need: generating an RSA-2048 key takes about 100ms.
func WithKey(key *rsa.PrivateKey) Option {
	return func(o *options) { o.key = key }
}

// WithClock sets the server's clock: the Date it signs with, the time it
// checks incoming signatures against, and the At of what it records.
// The default is time.Now.
func WithClock(now func() time.Time) Option {
	return func(o *options) { o.now = now }
}

// WithAuthorizedFetch turns on or off the server's refusal (401) of
// unsigned or badly signed GETs, like Mastodon's AUTHORIZED_FETCH. It is on
// by default for GoToSocial, which always refuses them, and off otherwise.
//
// What stays readable by anyone, as on the real servers: a GoToSocial key
// stub, and the actor documents of the flavours that do not check GETs
// (Mobilizon, Gancio). What needs a signature then is a Mastodon or
// GoToSocial actor document (Mastodon's AUTHORIZED_FETCH guards its actors
// too: app/controllers/accounts_controller.rb requires a signed request
// for JSON) and any object or activity the server's actors built.
func WithAuthorizedFetch(on bool) Option {
	return func(o *options) { o.authorizedFetch = &on }
}

// WithInboxesAt makes the server's actors name inboxes at origin (e.g.
// "http://127.0.0.1:1") instead of on the server itself. Benchmarks use it
// to point what Gather sends back at a host it will not try, so that only
// the way in is measured.
func WithInboxesAt(origin string) Option {
	return func(o *options) { o.inboxOrigin = origin }
}

// NewServer starts a fake server of the given flavour and closes it when
// the test ends. Unless WithKey is given it generates one RSA key, which
// all its actors share until one of them calls RotateKey.
func NewServer(t testing.TB, flavor Flavor, opts ...Option) *Server {
	t.Helper()
	if !flavor.Valid() {
		t.Fatalf("fedtest: unknown flavor %d", int(flavor))
	}
	o := options{now: time.Now}
	for _, opt := range opts {
		opt(&o)
	}
	if o.key == nil {
		key, err := httpsig.GenerateKey()
		if err != nil {
			t.Fatalf("fedtest: generate key: %v", err)
		}
		o.key = key
	}
	s := &Server{
		flavor:          flavor,
		now:             o.now,
		key:             o.key,
		authorizedFetch: flavor == GoToSocial,
		inboxOrigin:     o.inboxOrigin,
		actors:          make(map[string]*Actor),
		inboxes:         make(map[string]bool),
		docs:            make(map[string]document),
		changed:         make(chan struct{}),
	}
	if o.authorizedFetch != nil {
		s.authorizedFetch = *o.authorizedFetch
	}
	s.srv = httptest.NewUnstartedServer(http.HandlerFunc(s.serveHTTP))
	s.host = s.srv.Listener.Addr().String()
	s.base = "http://" + s.host
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.Proxy = nil
	s.client = &http.Client{Transport: transport, Timeout: 30 * time.Second}
	s.keys = &keyCache{client: s.client, keys: make(map[string]httpsig.Key)}
	s.verifier = &httpsig.Verifier{Keys: s.keys, MaxAge: flavor.Window(), Now: o.now}
	s.webfinger = webfinger.Handler(s.host, s.lookup, nil)
	s.srv.Start()
	t.Cleanup(s.close)
	return s
}

// close releases hanging requests, then stops the server.
func (s *Server) close() {
	s.Release()
	s.srv.Close()
	s.client.CloseIdleConnections()
}

// Flavor returns the flavour the server imitates.
func (s *Server) Flavor() Flavor { return s.flavor }

// URL returns the server's base URL, "http://127.0.0.1:port".
func (s *Server) URL() string { return s.base }

// Host returns the server's host and port, "127.0.0.1:port": the host part
// of its actors' handles.
func (s *Server) Host() string { return s.host }

// Actor returns the actor called name, or nil if there is none.
func (s *Server) Actor(name string) *Actor {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.actors[name]
}

// next returns a number no other id of this server has used.
func (s *Server) next() int64 { return s.seq.Add(1) }

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	down := s.downStatus
	s.mu.Unlock()
	if down != 0 {
		http.Error(w, "down for maintenance", down)
		return
	}
	switch r.Method {
	case http.MethodPost:
		s.serveInbox(w, r)
	case http.MethodGet, http.MethodHead:
		s.serveGet(w, r)
	default:
		w.Header().Set("Allow", "GET, HEAD, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
}

// SetDown makes the server answer every request, WebFinger and actors
// included, with code (503, 502…) and record nothing, as a server down for
// maintenance behind its proxy does; 0 brings it back.
func (s *Server) SetDown(code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.downStatus = code
}

// Serve makes the server answer GETs of path (without the query: one
// document a path) with body, an ActivityPub document such as an Event
// or an outbox page; signed GETs only, when the server requires them.
// A test plays a server that publishes events this way.
func (s *Server) Serve(path string, body []byte) { s.publish(path, body, false) }

// publish makes the server answer GETs of path with body.
func (s *Server) publish(path string, body []byte, public bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.docs[path] = document{body: body, public: public}
}

// lookup answers WebFinger queries for the server's actors, by acct: or by
// actor id or profile URL.
func (s *Server) lookup(_ context.Context, r webfinger.Resource) (webfinger.JRD, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range s.actors {
		match := false
		switch r.Kind {
		case webfinger.KindAcct:
			match = strings.EqualFold(r.User, a.Name)
		case webfinger.KindURL:
			match = r.URL == a.ID || r.URL == a.URL
		}
		if match {
			template := ""
			if s.flavor == Mastodon {
				template = s.base + "/authorize_interaction?uri={uri}"
			}
			return webfinger.ActorJRD("acct:"+a.Name+"@"+s.host, a.ID, a.URL, template), nil
		}
	}
	return webfinger.JRD{}, webfinger.ErrNotFound
}

func (s *Server) serveNodeInfoLinks(w http.ResponseWriter) {
	writeJSON(w, "application/json", webfinger.NodeInfoLinks(s.base, ""))
}

func (s *Server) serveNodeInfo(w http.ResponseWriter) {
	name, version := s.flavor.Software()
	s.mu.Lock()
	users := len(s.actors)
	s.mu.Unlock()
	info := webfinger.NodeInfo{
		Software: webfinger.Software{Name: name, Version: version},
		Usage:    webfinger.Usage{Users: webfinger.Users{Total: users, ActiveMonth: users, ActiveHalfyear: users}},
	}
	writeJSON(w, webfinger.NodeInfoContentType, info)
}

func writeJSON(w http.ResponseWriter, contentType string, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, fmt.Sprintf("encode: %v", err), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", contentType)
	_, _ = w.Write(b)
}

// Flavor is the kind of server a fake imitates: where it puts its actors,
// how it signs, and how strictly it checks what it receives (package
// flavor says what each does).
type Flavor = flavor.Flavor

// The flavours of fake server.
const (
	Mastodon   = flavor.Mastodon
	GoToSocial = flavor.GoToSocial
	Mobilizon  = flavor.Mobilizon
	Gancio     = flavor.Gancio
)
