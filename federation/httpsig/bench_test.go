package httpsig_test

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/httpsig"
)

// BenchmarkRSASign2048 is the baseline: one RSA-2048 PKCS #1 v1.5 signature
// over a SHA-256 hash, the least any signed delivery costs.
func BenchmarkRSASign2048(b *testing.B) {
	key, _ := keyPair(b)
	sum := sha256.Sum256([]byte("(request-target): post /inbox\nhost: coop.example\ndate: Sat, 27 Mar 2027 10:00:00 GMT"))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := rsa.SignPKCS1v15(nil, key, crypto.SHA256, sum[:]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSignRequest signs an inbox POST with a 2 KB body, as a delivery
// does.
func BenchmarkSignRequest(b *testing.B) {
	key, _ := keyPair(b)
	body := bytes.Repeat([]byte("x"), 2048)
	r := newRequest(b, http.MethodPost, "https://remote.example/users/bob/inbox", body)
	b.ReportAllocs()
	for b.Loop() {
		if err := httpsig.SignRequest(r, body, testKeyID, key, testNow); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerify verifies one signed inbox POST with the key cached.
func BenchmarkVerify(b *testing.B) {
	key, _ := keyPair(b)
	r := signedPost(b, key, inboxBody, testNow)
	v := verifier(&fakeKeys{cached: &key.PublicKey})
	ctx := context.Background()
	_, err := v.Verify(ctx, r, inboxBody)
	require.NoError(b, err)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.Verify(ctx, r, inboxBody); err != nil {
			b.Fatal(err)
		}
	}
}
