// Package inbox is what other servers send us: an incoming activity
// stored with its processing job (Receive), then read and routed to its
// handler (ProcessInbox; which handler is routeOf, a pure table). The
// handlers that read a message as an answer (a reply, a poll vote, a
// mention, a Join or Accept, a deletion) are here, and hand the answer
// to package rsvp; Follows go to followers, Flags to abuse.
//
// What it needs from beside it (telling someone who answered a cancelled
// gathering that it is, notice.Service.TellCancelled) App.New passes in
// as a function.
package inbox

import (
	"context"

	"github.com/gather-coop/gather/federation"
	"log/slog"
	"time"

	"github.com/gather-coop/gather/internal/app/abuse"
	"github.com/gather-coop/gather/internal/app/fed"
	"github.com/gather-coop/gather/internal/app/followers"
	"github.com/gather-coop/gather/internal/app/localurl"
	"github.com/gather-coop/gather/internal/app/rsvp"
	"github.com/gather-coop/gather/internal/app/standing"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// Service receives and processes incoming activities. Its zero value is
// not usable; see New.
type Service struct {
	store   store.Store
	log     *slog.Logger
	now     func() time.Time
	urls    localurl.URLs
	fed     *fed.Service
	follows *followers.Service
	abuse   *abuse.Service
	rsvp    *rsvp.Service
	// standing takes replies to an occurrence of a series that speak for
	// all of its occurrences (standing.go).
	standing *standing.Service

	receives receiveBatches

	tellCancelled func(ctx context.Context, target rsvp.Target, actorURI, activityURI string) error
	network       func(ctx context.Context, act *federation.Activity) (bool, error)
	mySessions    func(ctx context.Context, tx store.Tx, gatheringID int64, person model.RemoteActor, inReplyTo string) error
}

// Config is what New needs.
type Config struct {
	Store     store.Store
	Logger    *slog.Logger
	Now       func() time.Time
	URLs      localurl.URLs
	Fed       *fed.Service
	Followers *followers.Service
	Abuse     *abuse.Service
	RSVP      *rsvp.Service
	Standing  *standing.Service
	// TellCancelled answers a reply or vote (activityURI) by actorURI to
	// a gathering that takes no answers, if it is cancelled: its author is
	// told, once.
	TellCancelled func(ctx context.Context, target rsvp.Target, actorURI, activityURI string) error
	// Network is offered each activity first: it takes what concerns the
	// sources we follow (an Accept of our Follow, their Events) and
	// reports whether it did; nil takes nothing.
	Network func(ctx context.Context, act *federation.Activity) (bool, error)
	// MySessions answers, in tx, a reply of person's (inReplyTo) asking
	// for their sessions of a gathering (myday.Service.Answer); nil
	// leaves such replies to be read as any other.
	MySessions func(ctx context.Context, tx store.Tx, gatheringID int64, person model.RemoteActor, inReplyTo string) error
}

// New returns a Service.
func New(c Config) *Service {
	return &Service{store: c.Store, log: c.Logger, now: c.Now, urls: c.URLs, fed: c.Fed, follows: c.Followers, abuse: c.Abuse,
		rsvp: c.RSVP, standing: c.Standing, tellCancelled: c.TellCancelled, network: c.Network,
		mySessions: c.MySessions}
}
