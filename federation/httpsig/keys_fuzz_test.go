package httpsig_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/httpsig"
)

// FuzzParsePublicKeyPEM: a remote actor's publicKeyPem is anything its
// server says; it parses to a usable RSA key or is refused, never panics.
// Seeds: the keys GoToSocial, Gancio and we publish, and broken PEMs
// (testdata/fuzz/FuzzParsePublicKeyPEM).
func FuzzParsePublicKeyPEM(f *testing.F) {
	f.Add("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")
	f.Fuzz(func(t *testing.T, s string) {
		key, err := httpsig.ParsePublicKeyPEM(s)
		if err != nil {
			require.Nil(t, key)
			return
		}
		require.NotNil(t, key.N)
		require.GreaterOrEqual(t, key.N.BitLen(), httpsig.MinPublicKeyBits)
		require.LessOrEqual(t, key.N.BitLen(), httpsig.MaxPublicKeyBits)
		require.Equal(t, 1, key.E%2)
	})
}
