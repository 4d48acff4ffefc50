// Package fed is Gather's federation plumbing: what every rule that talks
// to other servers needs, and none of them decides. It records outgoing
// activities with their delivery jobs (in the caller's transaction) and
// delivers them, signed, to one inbox at a time, with a limit per host and
// a memory of hosts that stopped answering; it signs with each local
// actor's key; it fetches, caches and verifies remote actors and their
// keys; and it knows which domains are blocked. One Service, made by
// package app and passed to the rules that need it.
//
// What belongs here: how an activity gets out and how a stranger is known,
// never whether it should be sent or what it means (that is package app).
// A delivery's retry policy sits here beside the worker's call
// (DeliveryBackoff, deliverAttempts).
package fed

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/gather-coop/gather/federation/client"
	"github.com/gather-coop/gather/federation/httpsig"
	"github.com/gather-coop/gather/internal/app/localurl"
	"github.com/gather-coop/gather/internal/store"
)

// Service delivers, signs, fetches and remembers, for every rule.
type Service struct {
	store    store.Store
	log      *slog.Logger
	now      func() time.Time
	urls     localurl.URLs
	client   *client.Client
	verifier *httpsig.Verifier

	signers    signers
	instanceMu sync.Mutex
	instance   *client.Signer
	hosts      hostStates
	refreshes  refreshLimiter
	outbox     outboxCache
	blocks     blockCache
}

// Config is what New needs; package app fills in every field.
type Config struct {
	Store  store.Store
	Logger *slog.Logger
	Now    func() time.Time
	URLs   localurl.URLs
	Client *client.Client
	// SignatureMaxAge bounds the Date of incoming signatures.
	SignatureMaxAge time.Duration
}

// New returns a Service.
func New(c Config) *Service {
	s := &Service{store: c.Store, log: c.Logger, now: c.Now, urls: c.URLs, client: c.Client}
	s.verifier = &httpsig.Verifier{Keys: s, MaxAge: c.SignatureMaxAge, Now: s.now}
	return s
}

// Client makes every outgoing federation request.
func (s *Service) Client() *client.Client { return s.client }

// Verifier checks the HTTP signatures of requests to us. It fetches and
// caches the keys they name.
func (s *Service) Verifier() *httpsig.Verifier { return s.verifier }

// TopicBlocks is the change notice topic of the blocked domains and
// accounts.
const TopicBlocks = "blocks"

// InvalidateBlocks makes the next check read the blocked domains and
// accounts afresh: called after this process blocks or unblocks one.
func (s *Service) InvalidateBlocks() { s.blocks.invalidate() }

// BlocksChanged tells every node, once tx commits, to read the blocked
// domains and accounts afresh.
func (s *Service) BlocksChanged(ctx context.Context, tx store.Tx) error {
	return tx.Notify(ctx, TopicBlocks, "")
}

// FollowChanges subscribes the block list to other nodes' changes.
func (s *Service) FollowChanges(ctx context.Context) error {
	_, err := s.store.Subscribe(ctx, TopicBlocks, store.Subscriber{
		Notice: func(string) { s.blocks.invalidate() },
		Missed: s.blocks.invalidate,
	})
	if err != nil {
		return fmt.Errorf("subscribe to %s notices: %w", TopicBlocks, err)
	}
	return nil
}

// HeardFrom notes that the server of actorURI sent us something: it is
// evidently up again. Most hosts never were down: asking first costs a
// read beside the writer, where clearing at once would queue for SQLite's
// only writer on every activity from a host we have not delivered to yet.
func (s *Service) HeardFrom(ctx context.Context, actorURI string) error {
	host, _, err := HostOf(actorURI)
	now := s.now()
	if err != nil || s.hosts.knownClean(host) || s.hosts.heardRecently(host, now) {
		return nil
	}
	h, err := s.store.HostGet(ctx, host)
	if errors.Is(err, store.ErrNotFound) || (err == nil && !h.Unreachable) {
		s.hosts.setHeard(host, now)
		return nil
	}
	if err != nil {
		return err
	}
	if err := s.store.HostClearUnreachable(ctx, host); err != nil {
		return err
	}
	s.hosts.setHeard(host, now)
	return nil
}

// SkipError is an incoming activity read and chosen not to be acted on:
// the inbox's worker logs it at debug and marks the activity processed,
// whichever room of app's it reached.
type SkipError struct{ Reason string }

func (e *SkipError) Error() string { return e.Reason }

// Skip is a SkipError saying why.
func Skip(format string, args ...any) error { return &SkipError{Reason: fmt.Sprintf(format, args...)} }
