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
// Each node counts for itself: counting in the database would put a write
// in front of every inbox POST, the very load the limit is there to shed.
// docs/self-hosting.md tells those who run several nodes to divide.
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

// allow reports whether a request from the actor's host may go on, and if
// not, how long to wait.
func (l *hostLimiter) allow(actor string) (time.Duration, bool) {
	host := actor
	if u, err := url.Parse(actor); err == nil {
		host = strings.ToLower(u.Host)
	}
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
