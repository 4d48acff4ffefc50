package fed

import (
	"context"
	"fmt"
	"sync"

	"github.com/gather-coop/gather/federation/client"
	"github.com/gather-coop/gather/federation/httpsig"
	"github.com/gather-coop/gather/internal/app/localurl"
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
func (s *Service) signer(actor model.Actor) (*client.Signer, error) {
	if sg, ok := s.signers.get(actor.ID); ok {
		return sg, nil
	}
	key, err := httpsig.ParsePrivateKeyPEM(actor.PrivateKeyPEM)
	if err != nil {
		return nil, fmt.Errorf("key of @%s: %w", actor.Handle, err)
	}
	key.Precompute()
	sg := &client.Signer{KeyID: s.urls.KeyIDOf(actor.Handle), Key: key}
	s.signers.put(actor.ID, sg)
	return sg, nil
}

// signerByID returns the signer of the local actor with id.
func (s *Service) signerByID(ctx context.Context, id int64) (*client.Signer, error) {
	if sg, ok := s.signers.get(id); ok {
		return sg, nil
	}
	actor, err := s.store.ActorGetByID(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.signer(actor)
}

// instanceSigner returns the instance actor's key, which signs our GETs.
func (s *Service) instanceSigner(ctx context.Context) (*client.Signer, error) {
	s.instanceMu.Lock()
	defer s.instanceMu.Unlock()
	if s.instance != nil {
		return s.instance, nil
	}
	actor, err := s.store.ActorGetByHandle(ctx, localurl.InstanceHandle)
	if err != nil {
		return nil, fmt.Errorf("instance actor: %w", err)
	}
	sg, err := s.signer(actor)
	if err != nil {
		return nil, err
	}
	s.instance = sg
	return sg, nil
}

// NewKeyPair makes the keys of a new local actor, as PEM.
func NewKeyPair() (privPEM, pubPEM string, err error) {
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
