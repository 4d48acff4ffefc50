package web

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// realClient makes r.RemoteAddr the client's address when the request
// comes through one of the trusted reverse proxies, so that the sign-in
// limits count people, not the proxy. X-Forwarded-For is read from the
// right: each trusted proxy appended the address it saw, and the first
// address that is not one of ours is the client. Anything before it was
// written by the client and proves nothing. Without trusted proxies, or
// from any other peer, the header is ignored.
func realClient(trusted []netip.Prefix) func(http.Handler) http.Handler {
	isTrusted := func(a netip.Addr) bool {
		for _, p := range trusted {
			if p.Contains(a.Unmap()) {
				return true
			}
		}
		return false
	}
	return func(next http.Handler) http.Handler {
		if len(trusted) == 0 {
			return next
		}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			peer, err := netip.ParseAddrPort(r.RemoteAddr)
			if err != nil || !isTrusted(peer.Addr()) {
				next.ServeHTTP(w, r)
				return
			}
			var hops []string
			for _, h := range r.Header.Values("X-Forwarded-For") {
				hops = append(hops, strings.Split(h, ",")...)
			}
			for i := len(hops) - 1; i >= 0; i-- {
				a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
				if err != nil {
					break // a mangled hop: believe nothing before it
				}
				if !isTrusted(a) || i == 0 {
					r2 := r.Clone(r.Context())
					r2.RemoteAddr = net.JoinHostPort(a.Unmap().String(), "0")
					next.ServeHTTP(w, r2)
					return
				}
			}
			next.ServeHTTP(w, r)
		})
	}
}
