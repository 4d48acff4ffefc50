package app

import (
	"context"
	"crypto/rsa"
	"fmt"
	"sync"

	"github.com/gather-coop/gather/federation/client"
	"github.com/gather-coop/gather/federation/httpsig"
	"github.com/gather-coop/gather/internal/model"
)

// privateKeys caches parsed private keys by actor id: parsing a PEM RSA key
// costs more than a tenth of a signature, and every delivery signs.
type privateKeys struct {
	mu   sync.RWMutex
	keys map[int64]*rsa.PrivateKey
}

func (p *privateKeys) get(actor model.Actor) (*rsa.PrivateKey, error) {
	p.mu.RLock()
	key, ok := p.keys[actor.ID]
	p.mu.RUnlock()
	if ok {
		return key, nil
	}
	key, err := httpsig.ParsePrivateKeyPEM(actor.PrivateKeyPEM)
	if err != nil {
		return nil, fmt.Errorf("key of @%s: %w", actor.Handle, err)
	}
	key.Precompute()
	p.mu.Lock()
	if p.keys == nil {
		p.keys = map[int64]*rsa.PrivateKey{}
	}
	p.keys[actor.ID] = key
	p.mu.Unlock()
	return key, nil
}

// signer returns the key that signs what actor sends.
func (a *App) signer(actor model.Actor) (*client.Signer, error) {
	key, err := a.privateKeys.get(actor)
	if err != nil {
		return nil, err
	}
	return &client.Signer{KeyID: a.urls.KeyIDOf(actor.Handle), Key: key}, nil
}

// instanceSigner returns the instance actor's key, which signs our GETs.
func (a *App) instanceSigner(ctx context.Context) (*client.Signer, error) {
	a.instanceMu.Lock()
	defer a.instanceMu.Unlock()
	if a.instance != nil {
		return a.instance, nil
	}
	actor, err := a.store.ActorGetByHandle(ctx, InstanceHandle)
	if err != nil {
		return nil, fmt.Errorf("instance actor: %w", err)
	}
	s, err := a.signer(actor)
	if err != nil {
		return nil, err
	}
	a.instance = s
	return s, nil
}

func newKeyPair() (privPEM, pubPEM string, err error) {
	key, err := httpsig.GenerateKey()
	if err != nil {
		return "", "", fmt.Errorf("generate key: %w", err)
	}
	if privPEM, err = httpsig.MarshalPrivateKeyPEM(key); err != nil {
		return "", "", err
	}
	if pubPEM, err = httpsig.MarshalPublicKeyPEM(&key.PublicKey); err != nil {
		return "", "", err
	}
	return privPEM, pubPEM, nil
}
