package httpsig

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
)

// KeyBits is the size of the keys GenerateKey makes.
const KeyBits = 2048

// GenerateKey returns a new RSA key of [KeyBits] bits.
func GenerateKey() (*rsa.PrivateKey, error) {
	key, err := rsa.GenerateKey(rand.Reader, KeyBits)
	if err != nil {
		return nil, fmt.Errorf("generate rsa key: %w", err)
	}
	return key, nil
}

// MarshalPrivateKeyPEM encodes key as a PKCS #8 "PRIVATE KEY" PEM block.
func MarshalPrivateKeyPEM(key *rsa.PrivateKey) (string, error) {
	if key == nil {
		return "", errors.New("marshal private key: nil key")
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return "", fmt.Errorf("marshal private key: %w", err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})), nil
}

// ParsePrivateKeyPEM decodes an RSA private key from the first PEM block in
// s, which may be PKCS #8 ("PRIVATE KEY") or PKCS #1 ("RSA PRIVATE KEY").
// The key is validated and precomputed, ready for signing.
func ParsePrivateKeyPEM(s string) (*rsa.PrivateKey, error) {
	block, _ := pem.Decode([]byte(s))
	if block == nil {
		return nil, errors.New("parse private key: no PEM block")
	}
	var key *rsa.PrivateKey
	switch block.Type {
	case "PRIVATE KEY":
		k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("parse private key: %w", err)
		}
		var ok bool
		if key, ok = k.(*rsa.PrivateKey); !ok {
			return nil, fmt.Errorf("parse private key: %T is not an RSA key", k)
		}
	case "RSA PRIVATE KEY":
		k, err := x509.ParsePKCS1PrivateKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("parse private key: %w", err)
		}
		key = k
	default:
		return nil, fmt.Errorf("parse private key: unexpected PEM block %q", block.Type)
	}
	if err := key.Validate(); err != nil {
		return nil, fmt.Errorf("parse private key: %w", err)
	}
	key.Precompute()
	return key, nil
}

// MarshalPublicKeyPEM encodes key as a PKIX "PUBLIC KEY" PEM block, the form
// actors publish in publicKeyPem.
func MarshalPublicKeyPEM(key *rsa.PublicKey) (string, error) {
	if key == nil {
		return "", errors.New("marshal public key: nil key")
	}
	der, err := x509.MarshalPKIXPublicKey(key)
	if err != nil {
		return "", fmt.Errorf("marshal public key: %w", err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})), nil
}

// Sizes of RSA keys ParsePublicKeyPEM accepts. Servers use 2048 or 4096
// bits; Go refuses to verify with fewer than 1024, and each doubling makes
// every verification about four times dearer, so a remote server's key
// must not make checking its signatures cost us more than it should.
const (
	MinPublicKeyBits = 1024
	MaxPublicKeyBits = 8192
)

// ParsePublicKeyPEM decodes an RSA public key from the first PEM block in s,
// which may be PKIX ("PUBLIC KEY") or PKCS #1 ("RSA PUBLIC KEY"). Keys of
// other types, of fewer than MinPublicKeyBits or more than MaxPublicKeyBits,
// or with an even or tiny exponent are an error.
func ParsePublicKeyPEM(s string) (*rsa.PublicKey, error) {
	block, _ := pem.Decode([]byte(s))
	if block == nil {
		return nil, errors.New("parse public key: no PEM block")
	}
	var key *rsa.PublicKey
	switch block.Type {
	case "PUBLIC KEY":
		k, err := x509.ParsePKIXPublicKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("parse public key: %w", err)
		}
		var ok bool
		if key, ok = k.(*rsa.PublicKey); !ok {
			return nil, fmt.Errorf("parse public key: %T is not an RSA key", k)
		}
	case "RSA PUBLIC KEY":
		k, err := x509.ParsePKCS1PublicKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("parse public key: %w", err)
		}
		key = k
	default:
		return nil, fmt.Errorf("parse public key: unexpected PEM block %q", block.Type)
	}
	if bits := key.N.BitLen(); bits < MinPublicKeyBits || bits > MaxPublicKeyBits {
		return nil, fmt.Errorf("parse public key: %d-bit RSA key, want %d to %d bits", bits, MinPublicKeyBits, MaxPublicKeyBits)
	}
	if key.E < 3 || key.E%2 == 0 {
		return nil, fmt.Errorf("parse public key: RSA exponent %d", key.E)
	}
	return key, nil
}
