// Package rsvp is the room of answers: one person's RSVP to a gathering or
// a session, whatever channel it came by, under the capacity rules (the
// waitlist, promotion when a place opens, a gathering's answer kept in
// step with its sessions'); the confirmation each person gets; what
// organisers do to answers (promote, remove, block the person, the
// venue's sign-ups) and the answers as they see them; and the count
// Update an answer schedules.
//
// It knows nothing of the inbox: the inbox reads a message as an
// RSVPRequest and calls RSVP (or RSVPMarking, to mark the activity
// processed in the answer's transaction). What it needs back from the
// rules above it, App.New passes in as a function (Config.Changed).
package rsvp

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/gather-coop/gather/internal/app/account"
	"github.com/gather-coop/gather/internal/app/fed"
	"github.com/gather-coop/gather/internal/app/localurl"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// Service applies answers. Its zero value is not usable; see New.
type Service struct {
	store   store.Store
	log     *slog.Logger
	now     func() time.Time
	urls    localurl.URLs
	acct    *account.Service
	fed     *fed.Service
	changed func()

	updates updateSchedule
	batches rsvpBatches
}

// Config is what New needs.
type Config struct {
	Store    store.Store
	Logger   *slog.Logger
	Now      func() time.Time
	URLs     localurl.URLs
	Accounts *account.Service
	Fed      *fed.Service
	// Changed is called whenever answers change an event's counts, in
	// the answer's transaction: App clears its cache of served Events.
	Changed func()
}

// New returns a Service.
func New(c Config) *Service {
	s := &Service{store: c.Store, log: c.Logger, now: c.Now, urls: c.URLs, acct: c.Accounts, fed: c.Fed, changed: c.Changed}
	if s.changed == nil {
		s.changed = func() {}
	}
	return s
}

// auditRSVP records an organiser's change to someone's answer.
func (s *Service) auditRSVP(ctx context.Context, q store.Queries, ev answerEvent, r model.RSVP, person *model.RemoteActor, action string) error {
	if !account.Auditing(ctx) {
		return nil
	}
	who := r.GuestName
	if person != nil {
		who = person.URI
	}
	return s.acct.Audit(ctx, q, &ev.actor, action, fmt.Sprintf("answer %d of %s", r.ID, who),
		fmt.Sprintf("%s on %q", r.Status, ev.title()))
}
