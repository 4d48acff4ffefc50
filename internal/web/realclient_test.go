package web

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRealClient: behind a trusted proxy the client is the first address
// from the right that is not a proxy; from anyone else, or when the header
// is mangled, X-Forwarded-For changes nothing.
func TestRealClient(t *testing.T) {
	t.Parallel()
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	for _, tc := range []struct {
		name, peer string
		xff        []string
		want       string
	}{
		{"through the proxy", "10.0.0.1:5000", []string{"203.0.113.9"}, "203.0.113.9:0"},
		{"a spoofed hop before the real one", "10.0.0.1:5000", []string{"198.51.100.66, 203.0.113.9"}, "203.0.113.9:0"},
		{"two proxies, two headers", "10.0.0.1:5000", []string{"203.0.113.9", "10.0.0.2"}, "203.0.113.9:0"},
		{"only proxies", "10.0.0.1:5000", []string{"10.0.0.3, 10.0.0.2"}, "10.0.0.3:0"},
		{"IPv6 proxy and client", "[::1]:5000", []string{"2001:db8::7"}, "[2001:db8::7]:0"},
		{"no header", "10.0.0.1:5000", nil, "10.0.0.1:5000"},
		{"a mangled hop", "10.0.0.1:5000", []string{"203.0.113.9, not-an-ip"}, "10.0.0.1:5000"},
		{"not from a proxy", "198.51.100.1:5000", []string{"203.0.113.9"}, "198.51.100.1:5000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got string
			h := realClient(trusted)(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { got = r.RemoteAddr }))
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			req.RemoteAddr = tc.peer
			for _, v := range tc.xff {
				req.Header.Add("X-Forwarded-For", v)
			}
			h.ServeHTTP(httptest.NewRecorder(), req)
			require.Equal(t, tc.want, got)
		})
	}

	// With no trusted proxies, the header is never read.
	var got string
	h := realClient(nil)(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { got = r.RemoteAddr }))
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.RemoteAddr = "10.0.0.1:5000"
	req.Header.Set("X-Forwarded-For", "203.0.113.9")
	h.ServeHTTP(httptest.NewRecorder(), req)
	require.Equal(t, "10.0.0.1:5000", got)
}
