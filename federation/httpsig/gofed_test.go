package httpsig_test

import (
	"context"
	"crypto/rsa"
	"net/http"
	"testing"
	"time"

	gofed "github.com/go-fed/httpsig"
	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/httpsig"
)

// The tests in this file check this package against go-fed/httpsig, an
// independent implementation of the same draft, in both directions.

// TestVerifyGoFedSigned checks that requests signed by go-fed/httpsig, an
// independent implementation writing algorithm="hs2019", verify.
func TestVerifyGoFedSigned(t *testing.T) {
	t.Parallel()
	key, _ := keyPair(t)
	tests := []struct {
		name      string
		headers   []string
		expiresIn int64
		now       time.Time
		wantErr   error
	}{
		{"mastodon-style with content-type", []string{"(request-target)", "host", "date", "digest", "content-type"}, 0, testNow, nil},
		{"created instead of date", []string{"(request-target)", "host", "(created)", "digest"}, 300, time.Now(), nil},
		{"created and expires", []string{"(request-target)", "host", "(created)", "(expires)", "digest"}, 300, time.Now(), nil},
		{"expired", []string{"(request-target)", "host", "(created)", "(expires)", "digest"}, 300, time.Now().Add(10 * time.Minute), httpsig.ErrDate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := newRequest(t, http.MethodPost, "https://coop.example/inbox", inboxBody)
			goFedSign(t, r, inboxBody, key, tt.headers, tt.expiresIn)
			require.Contains(t, r.Header.Get("Signature"), `algorithm="hs2019"`)
			v := &httpsig.Verifier{Keys: &fakeKeys{cached: &key.PublicKey}, Now: func() time.Time { return tt.now }}
			_, err := v.Verify(context.Background(), toServer(t, r), inboxBody)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
		})
	}
}

// TestSignedVerifiesWithGoFed checks our signatures with go-fed/httpsig's
// verifier.
func TestSignedVerifiesWithGoFed(t *testing.T) {
	t.Parallel()
	key, other := keyPair(t)
	tests := []struct {
		name      string
		verifyKey *rsa.PublicKey
		wantOK    bool
	}{
		{"right key", &key.PublicKey, true},
		{"wrong key", &other.PublicKey, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := newRequest(t, http.MethodPost, "https://coop.example/inbox", inboxBody)
			require.NoError(t, httpsig.SignRequest(r, inboxBody, testKeyID, key, testNow))
			v, err := gofed.NewVerifier(toServer(t, r))
			require.NoError(t, err)
			require.Equal(t, testKeyID, v.KeyId())
			err = v.Verify(tt.verifyKey, gofed.RSA_SHA256)
			require.Equal(t, tt.wantOK, err == nil, "go-fed verify: %v", err)
		})
	}
}
