package fed

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/federation/httpsig"
	"github.com/gather-coop/gather/internal/app/apperr"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// RemoteActor returns our copy of the actor at uri, fetching it (with a
// signed GET) when we have none or when refresh is set.
func (s *Service) RemoteActor(ctx context.Context, uri string, refresh bool) (model.RemoteActor, error) {
	if !refresh {
		r, err := s.store.RemoteActorGetByURI(ctx, uri)
		if err == nil || !errors.Is(err, store.ErrNotFound) {
			return r, err
		}
	}
	return s.fetchActor(ctx, uri, "")
}

// fetchActor fetches and stores the actor at uri. When keyID is set, the
// actor must declare that key; otherwise its first key is kept.
func (s *Service) fetchActor(ctx context.Context, uri, keyID string) (model.RemoteActor, error) {
	r, err := s.fetchActorDoc(ctx, uri, keyID)
	if err != nil {
		return model.RemoteActor{}, err
	}
	return s.store.RemoteActorUpsert(ctx, &r)
}

// fetchActorDoc fetches the actor at uri, as fetchActor does, but does not
// store it.
func (s *Service) fetchActorDoc(ctx context.Context, uri, keyID string) (model.RemoteActor, error) {
	if err := s.CheckNotBlocked(ctx, uri); err != nil {
		return model.RemoteActor{}, err
	}
	signer, err := s.instanceSigner(ctx)
	if err != nil {
		return model.RemoteActor{}, err
	}
	body, err := s.client.Fetch(ctx, uri, signer)
	if err != nil {
		return model.RemoteActor{}, fmt.Errorf("fetch actor %s: %w", uri, err)
	}
	return s.actorFromDoc(uri, keyID, body)
}

// actorFromDoc reads the actor document body, fetched from uri. When keyID
// is set, the actor must declare that key; otherwise its first key is kept.
func (s *Service) actorFromDoc(uri, keyID string, body []byte) (model.RemoteActor, error) {
	doc, err := federation.ParseActor(body)
	if err != nil {
		return model.RemoteActor{}, fmt.Errorf("fetch actor %s: %w", uri, err)
	}
	var key federation.PublicKey
	var ok bool
	if keyID != "" {
		key, ok = doc.Key(keyID)
	} else if len(doc.PublicKeys) > 0 {
		key, ok = doc.PublicKeys[0], true
	}
	if !ok {
		return model.RemoteActor{}, fmt.Errorf("actor %s declares no key %q", uri, keyID)
	}
	host, domain, err := HostOf(doc.ID)
	if err != nil {
		return model.RemoteActor{}, err
	}
	return model.RemoteActor{
		URI: doc.ID, Host: host, Domain: domain, Username: doc.PreferredUsername, Name: doc.Name,
		URL: doc.URL, IconURL: doc.IconURL, Inbox: doc.Inbox, SharedInbox: doc.SharedInbox,
		KeyID: key.ID, PublicKeyPEM: key.PEM, FetchedAt: s.now(),
	}, nil
}

// FetchKey implements httpsig.KeyFetcher: it finds the key a signature
// names, in our cache unless refresh is set, else by fetching it. A
// fetched actor is not stored here but returned as the key's Pending:
// KeepVerifiedKey stores it once the signature has verified, so requests
// refused for a bad signature leave nothing behind.
//
// The three shapes of keyId seen in the wild all end here: <actor>#main-key
// fetches the actor; GoToSocial's <actor>/main-key fetches <actor>, which
// must declare the key (fetchGuessedOwner); a key document elsewhere, or
// a stub whose owner is not where its id says, names its owner, whose
// actor document is then fetched (signed) and must declare the same key.
func (s *Service) FetchKey(ctx context.Context, keyID string, refresh bool) (httpsig.Key, error) {
	if refresh && !s.refreshes.allow(keyID, s.now()) {
		// Anyone can send bad signatures naming a real key: refetch a
		// given key at most once a minute, else serve the cached one.
		refresh = false
	}
	if !refresh {
		r, err := s.store.RemoteActorGetByKeyID(ctx, keyID)
		if err == nil {
			return publicKey(r)
		}
		if !errors.Is(err, store.ErrNotFound) {
			return httpsig.Key{}, err
		}
	}
	if r, ok, err := s.fetchGuessedOwner(ctx, keyID); ok || err != nil {
		if err != nil {
			return httpsig.Key{}, err
		}
		key, err := publicKey(r)
		key.Pending = &r
		return key, err
	}
	docURL, _, _ := strings.Cut(keyID, "#")
	if err := s.CheckNotBlocked(ctx, docURL); err != nil {
		return httpsig.Key{}, err
	}
	signer, err := s.instanceSigner(ctx)
	if err != nil {
		return httpsig.Key{}, err
	}
	body, err := s.client.Fetch(ctx, docURL, signer)
	if err != nil {
		return httpsig.Key{}, fmt.Errorf("fetch key %s: %w", keyID, err)
	}
	declaredID, owner, _, err := federation.ParseKeyDocument(body)
	if err != nil {
		return httpsig.Key{}, fmt.Errorf("fetch key %s: %w", keyID, err)
	}
	if declaredID != keyID {
		return httpsig.Key{}, fmt.Errorf("key document at %s declares key %s, not %s", docURL, declaredID, keyID)
	}
	// Whatever the document was, trust only the owner's own actor
	// document: it must list this key. Where the key lives in that very
	// document (Mastodon's <actor>#main-key), the answer in hand is it:
	// fetching it again would cost a second signed GET of the same URL
	// for every stranger who writes to us.
	var r model.RemoteActor
	if owner == docURL {
		r, err = s.actorFromDoc(owner, keyID, body)
	} else {
		r, err = s.fetchActorDoc(ctx, owner, keyID)
	}
	if err != nil {
		return httpsig.Key{}, err
	}
	key, err := publicKey(r)
	key.Pending = &r
	return key, err
}

// fetchGuessedOwner fetches the actor document a keyId of GoToSocial's
// shape, <actor>/main-key, belongs to, without reading the key stub there
// first: the stub would only name that actor, whose document declares the
// key too, so the guess saves a signed GET (and the remote a request) for
// every new GoToSocial account that writes to us. ok is false, with no
// error, when keyID has another shape or the guess is wrong (the document
// is not there or does not declare the key): FetchKey then reads the key
// document as for any other shape. Only a blocked domain or the end of ctx
// is an error, since the key document is on the same server.
func (s *Service) fetchGuessedOwner(ctx context.Context, keyID string) (r model.RemoteActor, ok bool, err error) {
	owner, found := strings.CutSuffix(keyID, "/main-key")
	if !found || strings.Contains(keyID, "#") || strings.Contains(keyID, "?") {
		return r, false, nil
	}
	r, err = s.fetchActorDoc(ctx, owner, keyID)
	switch {
	case err == nil:
		return r, true, nil
	case errors.Is(err, apperr.ErrBlocked), ctx.Err() != nil:
		return r, false, err
	}
	s.log.DebugContext(ctx, "key's owner is not where its id says", slog.String("key", keyID), slog.Any("error", err))
	return model.RemoteActor{}, false, nil
}

// KeepVerifiedKey stores the actor that FetchKey fetched to find key, now
// that a signature by key has verified (and its owner is who the request
// claims). Keys answered from our cache have nothing to keep.
func (s *Service) KeepVerifiedKey(ctx context.Context, key httpsig.Key) error {
	r, ok := key.Pending.(*model.RemoteActor)
	if !ok || r == nil {
		return nil
	}
	if _, err := s.store.RemoteActorUpsert(ctx, r); err != nil {
		return fmt.Errorf("keep actor %s: %w", r.URI, err)
	}
	return nil
}

func publicKey(r model.RemoteActor) (httpsig.Key, error) {
	pub, err := httpsig.ParsePublicKeyPEM(r.PublicKeyPEM)
	if err != nil {
		return httpsig.Key{}, fmt.Errorf("key of %s: %w", r.URI, err)
	}
	return httpsig.Key{ID: r.KeyID, Owner: r.URI, Public: pub}, nil
}

// CheckNotBlocked returns apperr.ErrBlocked when the domain of uri, or a parent
// domain, is blocked.
func (s *Service) CheckNotBlocked(ctx context.Context, uri string) error {
	_, domain, err := HostOf(uri)
	if err != nil {
		return err
	}
	blocked, err := s.domainBlocked(ctx, domain)
	if err != nil {
		return err
	}
	if blocked {
		return fmt.Errorf("%s: %w", domain, apperr.ErrBlocked)
	}
	return nil
}

// HostOf returns the lower-case host[:port] and host name of an http(s) URL.
func HostOf(raw string) (host, domain string, err error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Hostname() == "" {
		return "", "", fmt.Errorf("%q is not an http(s) URL", raw)
	}
	return strings.ToLower(u.Host), strings.ToLower(u.Hostname()), nil
}

// keyRefreshInterval is how often one key may be refetched because a
// signature failed with our copy.
const keyRefreshInterval = time.Minute

// refreshLimiter remembers when each key was last refetched.
type refreshLimiter struct {
	mu   sync.Mutex
	last map[string]time.Time
}

func (l *refreshLimiter) allow(keyID string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.last == nil {
		l.last = map[string]time.Time{}
	}
	if len(l.last) > 10000 {
		for k, t := range l.last {
			if now.Sub(t) > keyRefreshInterval {
				delete(l.last, k)
			}
		}
	}
	if t, ok := l.last[keyID]; ok && now.Sub(t) < keyRefreshInterval {
		return false
	}
	l.last[keyID] = now
	return true
}

// handleRE matches a fediverse handle, @user@host or user@host.
var handleRE = regexp.MustCompile(`^@?[^@\s]+@[^@\s]+\.[^@\s]+$|^@?[^@\s]+@[^@\s]+:\d+$`)

// LooksLikeHandle reports whether s is written as a fediverse handle,
// @user@host or user@host (with or without a port), which WebFinger may
// then resolve.
func LooksLikeHandle(s string) bool { return handleRE.MatchString(s) }
