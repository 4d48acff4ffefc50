package ap

import (
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// hostLimiter limits inbox POSTs per remote host, so one busy or hostile
// server cannot crowd out the rest. Idle hosts are forgotten.
// This bucket is each node's own, at the full rate: it sheds a flood
// before any database work. The POSTs it lets through are then counted
// for all nodes together (App.InboxAllowShared), on PostgreSQL.
type hostLimiter struct {
	mu      sync.Mutex
	perHost rate.Limit
	burst   int
	hosts   map[string]*hostLimit
	swept   time.Time
}

type hostLimit struct {
	limiter *rate.Limiter
	seen    time.Time
}

func newHostLimiter(perSecond float64, burst int) *hostLimiter {
	if perSecond <= 0 {
		perSecond = 50
	}
	if burst <= 0 {
		burst = 500
	}
	return &hostLimiter{perHost: rate.Limit(perSecond), burst: burst, hosts: map[string]*hostLimit{}}
}

// hostOf is the host an actor's POSTs are counted against.
func hostOf(actor string) string {
	if u, err := url.Parse(actor); err == nil {
		return strings.ToLower(u.Host)
	}
	return actor
}

// allow reports whether a request from host may go on, and if not, how
// long to wait.
func (l *hostLimiter) allow(host string) (time.Duration, bool) {
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.swept) > 10*time.Minute {
		for h, hl := range l.hosts {
			if now.Sub(hl.seen) > 10*time.Minute {
				delete(l.hosts, h)
			}
		}
		l.swept = now
	}
	hl, ok := l.hosts[host]
	if !ok {
		hl = &hostLimit{limiter: rate.NewLimiter(l.perHost, l.burst)}
		l.hosts[host] = hl
	}
	hl.seen = now
	res := hl.limiter.ReserveN(now, 1)
	if delay := res.DelayFrom(now); delay > 0 {
		res.CancelAt(now)
		return delay, false
	}
	return 0, true
}
