package client

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// BenchmarkPost delivers signed activities to a local TLS inbox over kept-
// alive connections: signing plus the client's own overhead, with no real
// network in between.
func BenchmarkPost(b *testing.B) {
	srv := startRemote(b, true, func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusAccepted)
	})
	c := newTestClient(b, Options{}, srv)
	signer := testSigner(b)
	url := srv.srv.URL + "/inbox"
	ctx := context.Background()
	require.NoError(b, c.Post(ctx, url, followBody, signer))
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := c.Post(ctx, url, followBody, signer); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
