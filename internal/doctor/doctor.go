// Package doctor checks, from an instance itself, what breaks federation
// for people who host Gather: the base URL's name and certificate, the
// WebFinger, actor and inbox answers as other servers get them (through
// any proxy), the clock, signatures, the data dir, the schema and the job
// queue. Each check gives one line, with the fix when it fails. It knows
// Gather's parts only through Source, so the command line and, later, an
// admin page can run the same checks.
package doctor

import (
	"context"
	"crypto/rsa"
	"crypto/x509"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Status is how a check went.
type Status int

// The outcomes of a check. Only Fail makes the doctor's verdict a failure:
// a warning is worth reading but breaks nothing yet.
const (
	OK Status = iota
	Warn
	Fail
	Skip
)

func (s Status) String() string {
	switch s {
	case OK:
		return "ok"
	case Warn:
		return "warn"
	case Fail:
		return "FAIL"
	default:
		return "skip"
	}
}

// Result is one check's outcome.
type Result struct {
	Check  string // short name: "base URL", "webfinger", …
	Status Status
	Msg    string // what was found
	Fix    string // what to do, when Status is Warn or Fail
}

// String is the check's one line.
func (r Result) String() string {
	line := fmt.Sprintf("%-4s  %-10s  %s", r.Status, r.Check, r.Msg)
	if r.Fix != "" && (r.Status == Fail || r.Status == Warn) {
		line += " — fix: " + r.Fix
	}
	return strings.ReplaceAll(line, "\n", " ")
}

// Failed reports whether any result is a failure.
func Failed(results []Result) bool {
	for _, r := range results {
		if r.Status == Fail {
			return true
		}
	}
	return false
}

// FailingHost is a server our deliveries fail to reach.
type FailingHost struct {
	Host         string
	FailingSince time.Time
	Unreachable  bool // failing so long that deliveries to it stopped
}

// Source is what the checks read from the instance.
type Source interface {
	// Schema returns the database's schema version and this binary's.
	Schema(ctx context.Context) (applied, latest int, err error)
	// OldestDueJob returns when the longest-waiting due job fell due,
	// and false if no job is due.
	OldestDueJob(ctx context.Context) (time.Time, bool, error)
	// FailingHosts returns up to limit hosts whose deliveries fail.
	FailingHosts(ctx context.Context, limit int) ([]FailingHost, error)
	// HostsDeliveredSince counts the hosts that took a delivery since.
	HostsDeliveredSince(ctx context.Context, since time.Time) (int, error)
	// Signer returns a local actor's key, to sign the test request to our
	// own inbox with.
	Signer(ctx context.Context) (keyID string, key *rsa.PrivateKey, err error)
}

// Options say what to check.
type Options struct {
	// BaseURL is the instance's public origin.
	BaseURL string
	// Account is a local account's WebFinger resource
	// ("acct:events@coop.example"), ActorURL its actor id, and InboxURL
	// the inbox the test requests are sent to.
	Account, ActorURL, InboxURL string
	// ProbeActor is an actor of ours other than the Signer's, named in
	// the signed test request so that Gather, once the signature
	// verifies, refuses it as not signed by its actor: nothing is stored.
	ProbeActor string
	// AllowHTTP makes an http:// base URL a warning, not a failure (LANs,
	// tests): other servers refuse plain http.
	AllowHTTP bool
	// DataDir is the folder that must be writable with room to grow.
	DataDir string
	// ClockPeer is an https:// URL whose Date the clock is compared
	// with; empty skips the check.
	ClockPeer string
	// RootCAs are the roots certificates are checked against; nil means
	// the system's, as other servers use.
	RootCAs *x509.CertPool
	// Timeout bounds each network check. Default 10 s.
	Timeout time.Duration
	// StuckAfter is how long a due job may wait before the queue is
	// called stuck. Default 5 minutes.
	StuckAfter time.Duration
	// MinFree and LowFree are the free space in the data dir below which
	// it fails and warns. Defaults 100 MiB and 1 GiB.
	MinFree, LowFree uint64
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

func (o *Options) defaults() {
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	if o.StuckAfter <= 0 {
		o.StuckAfter = 5 * time.Minute
	}
	if o.MinFree == 0 {
		o.MinFree = 100 << 20
	}
	if o.LowFree == 0 {
		o.LowFree = 1 << 30
	}
	if o.Now == nil {
		o.Now = time.Now
	}
}

// Run runs every check and returns one result each, in a fixed order.
// The checks run at once, so that the answer comes after the slowest
// check rather than after the sum of their timeouts: an admin page waits
// for it. src may be nil when the database could not be opened: the
// checks that need it then fail with dbErr, and the others still run.
func Run(ctx context.Context, src Source, dbErr error, opts Options) []Result {
	opts.defaults()
	d := &doctor{opts: opts, src: src, dbErr: dbErr, client: newClient(opts)}
	defer d.client.CloseIdleConnections()
	checks := []func(context.Context) Result{
		d.baseURL,
		d.webfinger,
		d.actor,
		d.inbox,
		d.signature,
		d.clock,
		func(context.Context) Result { return d.dataDir() },
		d.schema,
		d.queue,
		d.delivery,
	}
	results := make([]Result, len(checks))
	var wg sync.WaitGroup
	for i, check := range checks {
		wg.Go(func() { results[i] = check(ctx) })
	}
	wg.Wait()
	return results
}

type doctor struct {
	opts   Options
	src    Source
	dbErr  error
	client *http.Client
}

// noDatabase is the result of a check that needs the database when it
// could not be opened.
func (d *doctor) noDatabase(check string) (Result, bool) {
	if d.src != nil {
		return Result{}, false
	}
	return Result{Check: check, Status: Fail, Msg: fmt.Sprintf("cannot open the database: %v", d.dbErr),
		Fix: "check --database-url or --data-dir are those gather serve uses, and that the database is up"}, true
}
