package app

import (
	"context"
	"fmt"
	"sync"

	"github.com/gather-coop/gather/federation/client"
	"github.com/gather-coop/gather/federation/httpsig"
	"github.com/gather-coop/gather/internal/model"
)

// signers caches each local actor's parsed private key by actor id:
// parsing a PEM RSA key costs more than a tenth of a signature, and every
// delivery signs. Keys never change once made.
type signers struct {
	mu   sync.RWMutex
	byID map[int64]*client.Signer
}

func (s *signers) get(id int64) (*client.Signer, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	signer, ok := s.byID[id]
	return signer, ok
}

func (s *signers) put(id int64, signer *client.Signer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.byID == nil {
		s.byID = map[int64]*client.Signer{}
	}
	s.byID[id] = signer
}

// signer returns the key that signs what actor sends.
func (a *App) signer(actor model.Actor) (*client.Signer, error) {
	if s, ok := a.signers.get(actor.ID); ok {
		return s, nil
	}
	key, err := httpsig.ParsePrivateKeyPEM(actor.PrivateKeyPEM)
	if err != nil {
		return nil, fmt.Errorf("key of @%s: %w", actor.Handle, err)
	}
	key.Precompute()
	s := &client.Signer{KeyID: a.urls.KeyIDOf(actor.Handle), Key: key}
	a.signers.put(actor.ID, s)
	return s, nil
}

// signerByID returns the signer of the local actor with id.
func (a *App) signerByID(ctx context.Context, id int64) (*client.Signer, error) {
	if s, ok := a.signers.get(id); ok {
		return s, nil
	}
	actor, err := a.store.ActorGetByID(ctx, id)
	if err != nil {
		return nil, err
	}
	return a.signer(actor)
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
