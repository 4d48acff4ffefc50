package fedtest

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/httpsig"
)

// Delivery is one POST the server received, recorded once it was answered.
type Delivery struct {
	// Path is the request's path, e.g. "/inbox" or "/users/bob/inbox".
	Path string
	// Headers are the request's headers, with Host added.
	Headers http.Header
	// Body is the request body.
	Body []byte
	// Activity is the body's envelope, nil when it could not be read as
	// an activity (ParseErr then says why).
	Activity *federation.Activity
	ParseErr error
	// Verified reports whether the signature verified, as Mastodon checks
	// it: the signed headers, the Digest, the Date window, the key fetched
	// from the keyId URL, and the key's owner equal to the activity's
	// actor. VerifyErr says why not.
	Verified  bool
	VerifyErr error
	// SignedKeyID is the keyId of the Signature header ("" if none could be
	// read).
	SignedKeyID string
	// Status is what the server answered.
	Status int
	// At is when the server answered, by its clock.
	At time.Time
}

// String summarises the delivery on one line, for failure messages.
func (d Delivery) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "POST %s → %d", d.Path, d.Status)
	if d.Activity != nil {
		fmt.Fprintf(&b, " %s id=%s actor=%s", d.Activity.Type, d.Activity.ID, d.Activity.Actor)
		if d.Activity.Object.Type != "" {
			fmt.Fprintf(&b, " object=%s", d.Activity.Object.Type)
		}
	} else {
		fmt.Fprintf(&b, " unreadable: %v", d.ParseErr)
	}
	if d.Verified {
		b.WriteString(" verified")
	} else {
		fmt.Fprintf(&b, " NOT verified (%v)", d.VerifyErr)
	}
	return b.String()
}

// OfType matches deliveries of activities of type typ, e.g. "Accept".
func OfType(typ string) func(Delivery) bool {
	return func(d Delivery) bool { return d.Activity != nil && d.Activity.Type == typ }
}

// serveInbox answers a POST: 202 when it was to an inbox and verified,
// else 404 (no such inbox), 406 (GoToSocial: not ActivityStreams),
// 400 (no readable activity) or 401 (signature), unless SetInboxStatus
// says otherwise. Every POST is counted; every one whose body could be
// read and whose sender waited for the answer is recorded.
func (s *Server) serveInbox(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits++
	hang := s.hang
	s.notifyLocked()
	s.mu.Unlock()

	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		http.Error(w, "unreadable body", http.StatusRequestEntityTooLarge)
		return
	}
	if hang != nil {
		select {
		case <-hang:
		case <-r.Context().Done():
			return // the sender gave up: nothing to record
		}
	}
	d := s.inspect(r, body)

	s.mu.Lock()
	d.Status = s.statusLocked(r, d)
	s.deliveries = append(s.deliveries, d)
	s.notifyLocked()
	s.mu.Unlock()

	if d.Status == http.StatusAccepted {
		w.WriteHeader(d.Status)
		return
	}
	http.Error(w, http.StatusText(d.Status), d.Status)
}

// inspect reads and verifies a POST.
func (s *Server) inspect(r *http.Request, body []byte) Delivery {
	h := r.Header.Clone()
	h.Set("Host", r.Host)
	d := Delivery{Path: r.URL.EscapedPath(), Headers: h, Body: body, At: s.now()}
	d.SignedKeyID = signedKeyID(r)
	d.Activity, d.ParseErr = federation.DecodeActivity(body)
	key, err := s.verifier.Verify(r.Context(), r, body)
	switch {
	case err != nil:
		d.VerifyErr = err
	case d.Activity == nil:
		d.VerifyErr = errors.New("no activity whose actor could own the key")
	case key.Owner != d.Activity.Actor:
		d.VerifyErr = fmt.Errorf("key %s belongs to %s, not to the activity's actor %s", key.ID, key.Owner, d.Activity.Actor)
	default:
		d.Verified = true
	}
	return d
}

// statusLocked decides the answer to a recorded POST.
func (s *Server) statusLocked(r *http.Request, d Delivery) int {
	switch {
	case !s.inboxes[d.Path]:
		return http.StatusNotFound
	case s.inboxStatus != 0:
		return s.inboxStatus
	case s.flavor.StrictContentType() && !federation.IsActivityStreamsContentType(r.Header.Get("Content-Type")):
		return http.StatusNotAcceptable
	case d.Activity == nil:
		return http.StatusBadRequest
	case !d.Verified:
		return http.StatusUnauthorized
	}
	return http.StatusAccepted
}

// signedKeyID returns the keyId of r's signature, "" if there is none.
func signedKeyID(r *http.Request) string {
	header := r.Header.Get("Signature")
	if header == "" {
		header = r.Header.Get("Authorization")
	}
	p, err := httpsig.ParseSignature(header)
	if err != nil {
		return ""
	}
	return p.KeyID
}

// notifyLocked wakes everyone waiting for something to arrive.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// Deliveries returns every POST the server has answered so far, oldest
// first.
func (s *Server) Deliveries() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Delivery(nil), s.deliveries...)
}

// InboxHits returns how many POSTs the server has received, including
// those it refused, those still hanging, and those whose sender gave up.
func (s *Server) InboxHits() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits
}

// WaitForDelivery returns the first delivery, already recorded or still to
// come, for which match reports true. If none arrives within timeout it
// fails the test, listing what did arrive.
func (s *Server) WaitForDelivery(t testing.TB, match func(Delivery) bool, timeout time.Duration) Delivery {
	t.Helper()
	var found Delivery
	ok := s.waitUntil(timeout, func() bool {
		for _, d := range s.Deliveries() {
			if match(d) {
				found = d
				return true
			}
		}
		return false
	})
	if !ok {
		t.Fatalf("fedtest: %s %s: no matching delivery within %v; %s", s.flavor, s.host, timeout, s.report())
	}
	return found
}

// WaitForInboxHits waits until the server has received at least n POSTs
// (see InboxHits), and fails the test if that takes longer than timeout.
func (s *Server) WaitForInboxHits(t testing.TB, n int, timeout time.Duration) {
	t.Helper()
	if !s.waitUntil(timeout, func() bool { return s.InboxHits() >= n }) {
		t.Fatalf("fedtest: %s %s: wanted %d inbox hits within %v; %s", s.flavor, s.host, n, timeout, s.report())
	}
}

// waitUntil calls cond (without holding s.mu) now and whenever something
// arrives, until it reports true or timeout passes.
func (s *Server) waitUntil(timeout time.Duration, cond func() bool) bool {
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		s.mu.Lock()
		changed := s.changed
		s.mu.Unlock()
		if cond() {
			return true
		}
		select {
		case <-changed:
		case <-timer.C:
			return cond()
		}
	}
}

// report describes what the server received, for failure messages.
func (s *Server) report() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var b strings.Builder
	fmt.Fprintf(&b, "%d POSTs received, %d answered", s.hits, len(s.deliveries))
	for i, d := range s.deliveries {
		fmt.Fprintf(&b, "\n  %d. %s", i+1, d)
	}
	return b.String()
}

// SetInboxStatus makes the server answer every inbox POST with code (500,
// 410, 503…) instead of its usual answer; 0 restores the usual answers.
// POSTs are still counted, verified and recorded.
func (s *Server) SetInboxStatus(code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.inboxStatus = code
}

// Hang makes every POST from now on block after its body is read, until
// Release or until its sender gives up (then it is counted but not
// recorded). The server releases everything when the test ends.
func (s *Server) Hang() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hang == nil {
		s.hang = make(chan struct{})
	}
}

// Release lets hanging POSTs proceed and stops new ones from hanging.
func (s *Server) Release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hang != nil {
		close(s.hang)
		s.hang = nil
	}
}
