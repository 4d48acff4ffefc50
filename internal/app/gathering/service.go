// Package gathering is the room of the gatherings themselves: creating,
// editing, publishing, cancelling and deleting a gathering and its
// sessions, and what must federate because of it (the Event's Create,
// Update and Delete, its poll (package poll's Question), the notes that tell people of a change); a
// facilitator's later look-up recorded in their session (the look-up
// itself is package facilitator's); the count Update an answer scheduled;
// what an edit records in the audit log; the gathering as the API and the
// import file write it; the lightning talks and open-space topics people
// propose, as organisers place them (proposals.go).
//
// Answers are package rsvp's, telling people package notice's, the Events
// we serve package docs'. What it needs back from App (clearing docs'
// Event cache) App.New passes in as a function (Config.Changed).
package gathering

import (
	"context"
	"log/slog"
	"time"

	"github.com/gather-coop/gather/internal/app/account"
	"github.com/gather-coop/gather/internal/app/docs"
	"github.com/gather-coop/gather/internal/app/facilitator"
	"github.com/gather-coop/gather/internal/app/fed"
	"github.com/gather-coop/gather/internal/app/localurl"
	"github.com/gather-coop/gather/internal/app/notice"
	"github.com/gather-coop/gather/internal/app/poll"
	"github.com/gather-coop/gather/internal/app/profile"
	"github.com/gather-coop/gather/internal/app/rsvp"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// Service keeps the gatherings. Its zero value is not usable; see New.
type Service struct {
	store        store.Store
	log          *slog.Logger
	now          func() time.Time
	urls         localurl.URLs
	facilitators *facilitator.Service
	polls        *poll.Service
	acct         *account.Service
	fed          *fed.Service
	prof         *profile.Service
	docs         *docs.Service
	rsvp         *rsvp.Service
	notices      *notice.Service
	changed      func()
	remind       func(ctx context.Context, tx store.Tx, g model.Gathering) error
	scheduleDays func(ctx context.Context, tx store.Tx, g model.Gathering) error
}

// Config is what New needs.
type Config struct {
	// Store must be App's store (docs.NoticingStore), so that every
	// change to a gathering reaches the other nodes' caches.
	Store        store.Store
	Logger       *slog.Logger
	Now          func() time.Time
	URLs         localurl.URLs
	Facilitators *facilitator.Service
	Polls        *poll.Service
	Accounts     *account.Service
	Fed          *fed.Service
	Profile      *profile.Service
	Docs         *docs.Service
	RSVP         *rsvp.Service
	Notices      *notice.Service
	// Changed is called whenever a gathering or its sessions change, in
	// the change's transaction: App clears its cache of served Events.
	Changed func()
	// Remind is called with a gathering published or changed, in the
	// change's transaction: App (re)schedules its reminders
	// (reminder.Service.Schedule). Nil schedules none.
	Remind func(ctx context.Context, tx store.Tx, g model.Gathering) error
	// ScheduleDays is called with a gathering published, or changed in
	// any way (its sessions too, which say which days have notes), in the
	// change's transaction: App (re)schedules its "my day" notes
	// (myday.Service.Schedule). Nil schedules none.
	ScheduleDays func(ctx context.Context, tx store.Tx, g model.Gathering) error
}

// New returns a Service.
func New(c Config) *Service {
	s := &Service{store: c.Store, log: c.Logger, now: c.Now, urls: c.URLs, facilitators: c.Facilitators, polls: c.Polls, acct: c.Accounts,
		fed: c.Fed, prof: c.Profile, docs: c.Docs, rsvp: c.RSVP, notices: c.Notices, changed: c.Changed, remind: c.Remind,
		scheduleDays: c.ScheduleDays}
	if s.changed == nil {
		s.changed = func() {}
	}
	if s.remind == nil {
		s.remind = func(context.Context, store.Tx, model.Gathering) error { return nil }
	}
	if s.scheduleDays == nil {
		s.scheduleDays = func(context.Context, store.Tx, model.Gathering) error { return nil }
	}
	return s
}
