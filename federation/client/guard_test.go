package client

import (
	"net/http"
	"net/netip"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestIsPublic(t *testing.T) {
	t.Parallel()
	tests := []struct {
		addr   string
		public bool
	}{
		{"93.184.215.14", true},
		{"1.1.1.1", true},
		{"2606:4700:4700::1111", true},
		{"127.0.0.1", false},
		{"127.8.9.10", false},
		{"::1", false},
		{"10.1.2.3", false},
		{"172.16.0.1", false},
		{"172.31.255.255", false},
		{"172.32.0.1", true},
		{"192.168.1.1", false},
		{"169.254.169.254", false},
		{"fe80::1", false},
		{"fc00::1", false},
		{"fd12:3456::1", false},
		{"0.0.0.0", false},
		{"0.1.2.3", false},
		{"::", false},
		{"100.64.0.1", false},
		{"100.127.255.254", false},
		{"100.128.0.1", true},
		{"224.0.0.1", false},
		{"239.255.255.250", false},
		{"ff02::1", false},
		{"255.255.255.255", false},
		{"240.0.0.1", false},
		{"192.0.2.1", false},
		{"198.51.100.1", false},
		{"203.0.113.1", false},
		{"198.18.0.1", false},
		{"2001:db8::1", false},
		{"::ffff:127.0.0.1", false},
		{"::ffff:169.254.169.254", false},
		{"::ffff:8.8.8.8", true},
		{"::127.0.0.1", false},
		{"64:ff9b::a9fe:a9fe", false},  // NAT64 of 169.254.169.254
		{"64:ff9b::808:808", true},     // NAT64 of 8.8.8.8
		{"2002:a00:1::1", false},       // 6to4 of 10.0.0.1
		{"2002:808:808::1", true},      // 6to4 of 8.8.8.8
		{"2001:0:4136:e378::1", false}, // Teredo
		{"fec0::1", false},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tt.public, isPublic(netip.MustParseAddr(tt.addr)))
		})
	}
	require.False(t, isPublic(netip.Addr{}))
}

func TestGuardControl(t *testing.T) {
	t.Parallel()
	exempt := netip.MustParseAddrPort("127.0.0.1:8443")
	tests := []struct {
		name    string
		g       guard
		address string
		ok      bool
	}{
		{"public", guard{}, "8.8.8.8:443", true},
		{"public v6", guard{}, "[2606:4700:4700::1111]:443", true},
		{"loopback", guard{}, "127.0.0.1:443", false},
		{"zoned link-local", guard{}, "[fe80::1%eth0]:443", false},
		{"allow private", guard{allowPrivate: true}, "10.0.0.1:80", true},
		{"exempt address", guard{exempt: []netip.AddrPort{exempt}}, "127.0.0.1:8443", true},
		{"exempt is per port", guard{exempt: []netip.AddrPort{exempt}}, "127.0.0.1:8444", false},
		{"unparseable", guard{}, "somewhere:80", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.g.control("tcp", tt.address, nil)
			if tt.ok {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, ErrForbiddenAddress)
		})
	}
}

func TestCheckURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		url       string
		allowHTTP bool
		wantErr   error
		wantMsg   string
	}{
		{url: "https://coop.example/actor"},
		{url: "HTTPS://coop.example/actor"},
		{url: "http://coop.example/actor", allowHTTP: true},
		{url: "http://coop.example/actor", wantErr: ErrForbiddenScheme},
		{url: "file:///etc/passwd", allowHTTP: true, wantErr: ErrForbiddenScheme},
		{url: "gopher://coop.example/", allowHTTP: true, wantErr: ErrForbiddenScheme},
		{url: "https:///actor", wantMsg: "has no host"},
		{url: "https://user:secret@coop.example/", wantMsg: "has user info"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			t.Parallel()
			u, err := url.Parse(tt.url)
			require.NoError(t, err)
			err = checkURL(u, tt.allowHTTP)
			switch {
			case tt.wantErr != nil:
				require.ErrorIs(t, err, tt.wantErr)
			case tt.wantMsg != "":
				require.ErrorContains(t, err, tt.wantMsg)
				require.NotContains(t, err.Error(), "secret")
			default:
				require.NoError(t, err)
			}
		})
	}
}

func TestStatusError(t *testing.T) {
	t.Parallel()
	tests := []struct {
		code      int
		retryable bool
		gone      bool
	}{
		{http.StatusGone, false, true},
		{http.StatusNotFound, false, false},
		{http.StatusUnauthorized, false, false},
		{http.StatusFound, false, false},
		{http.StatusRequestTimeout, true, false},
		{http.StatusTooManyRequests, true, false},
		{http.StatusBadGateway, true, false},
		{http.StatusServiceUnavailable, true, false},
	}
	for _, tt := range tests {
		t.Run(http.StatusText(tt.code), func(t *testing.T) {
			t.Parallel()
			e := &StatusError{Code: tt.code}
			require.Equal(t, tt.retryable, e.Retryable())
			require.Equal(t, tt.gone, e.Gone())
			require.Contains(t, e.Error(), http.StatusText(tt.code))
		})
	}
}

func TestRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2027, 3, 27, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		header string
		want   time.Duration
	}{
		{"", 0},
		{"120", 2 * time.Minute},
		{" 5 ", 5 * time.Second},
		{"-3", 0},
		{now.Add(time.Hour).Format(http.TimeFormat), time.Hour},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0},
		{"soon", 0},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tt.want, retryAfter(tt.header, now))
		})
	}
}
