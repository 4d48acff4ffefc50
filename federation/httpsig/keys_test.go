package httpsig_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/httpsig"
)

func TestPrivateKeyPEM(t *testing.T) {
	t.Parallel()
	key, _ := keyPair(t)
	pkcs8, err := httpsig.MarshalPrivateKeyPEM(key)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(pkcs8, "-----BEGIN PRIVATE KEY-----\n"))
	pkcs1 := string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}))

	tests := []struct {
		name, pem string
		wantErr   string
	}{
		{"pkcs8", pkcs8, ""},
		{"pkcs1", pkcs1, ""},
		{"no block", "not a key", "parse private key: no PEM block"},
		{"public key block", strings.ReplaceAll(pkcs8, "PRIVATE", "PUBLIC"), `parse private key: unexpected PEM block "PUBLIC KEY"`},
		{"ecdsa", ecdsaPrivatePEM(t), "parse private key: *ecdsa.PrivateKey is not an RSA key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := httpsig.ParsePrivateKeyPEM(tt.pem)
			if tt.wantErr != "" {
				require.EqualError(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.True(t, key.Equal(got))
		})
	}
}

func TestPublicKeyPEM(t *testing.T) {
	t.Parallel()
	key, _ := keyPair(t)
	pkix, err := httpsig.MarshalPublicKeyPEM(&key.PublicKey)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(pkix, "-----BEGIN PUBLIC KEY-----\n"))
	pkcs1 := string(pem.EncodeToMemory(&pem.Block{Type: "RSA PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(&key.PublicKey)}))
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	ecDER, err := x509.MarshalPKIXPublicKey(&ec.PublicKey)
	require.NoError(t, err)
	ecPEM := string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: ecDER}))

	tests := []struct {
		name, pem string
		wantErr   string
	}{
		{"pkix", pkix, ""},
		{"pkcs1", pkcs1, ""},
		{"leading text", "publicKeyPem:\n" + pkix, ""},
		{"no block", "", "parse public key: no PEM block"},
		{"certificate block", strings.ReplaceAll(pkix, "PUBLIC KEY", "CERTIFICATE"), `parse public key: unexpected PEM block "CERTIFICATE"`},
		{"ecdsa", ecPEM, "parse public key: *ecdsa.PublicKey is not an RSA key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := httpsig.ParsePublicKeyPEM(tt.pem)
			if tt.wantErr != "" {
				require.EqualError(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.True(t, key.PublicKey.Equal(got))
		})
	}
}

// TestParseGoToSocialActorKey checks that the key in alice's full actor
// parses and is the one her key stub serves.
func TestParseGoToSocialActorKey(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile(filepath.Join("testdata", "gotosocial", "actor-alice.json"))
	require.NoError(t, err)
	var actor struct {
		PublicKey struct{ PublicKeyPem string } `json:"publicKey"`
	}
	require.NoError(t, json.Unmarshal(raw, &actor))
	pub, err := httpsig.ParsePublicKeyPEM(actor.PublicKey.PublicKeyPem)
	require.NoError(t, err)
	require.Equal(t, 2048, pub.N.BitLen())
	require.True(t, loadGTSKey(t).Public.Equal(pub))
}

func TestGenerateKey(t *testing.T) {
	t.Parallel()
	key, err := httpsig.GenerateKey()
	require.NoError(t, err)
	require.Equal(t, httpsig.KeyBits, key.N.BitLen())
	require.NoError(t, key.Validate())
}

func ecdsaPrivatePEM(t *testing.T) string {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	der, err := x509.MarshalPKCS8PrivateKey(k)
	require.NoError(t, err)
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}
