// Package profile is a co-op account's public face and the instance's:
// the profile organisers edit (name, bio, pictures, links) and the
// instance settings beside it, and the documents other servers read to
// know us (the actor documents, WebFinger, NodeInfo). Saving a profile
// sends the new actor to its followers.
//
// What belongs here: a new field of the profile, or of what our actor
// documents say about an account. The account's gatherings, and the
// collections and outbox that list them, are package app's.
package profile

import (
	"log/slog"
	"time"

	"github.com/gather-coop/gather/internal/app/account"
	"github.com/gather-coop/gather/internal/app/fed"
	"github.com/gather-coop/gather/internal/app/localurl"
	"github.com/gather-coop/gather/internal/app/picture"
	"github.com/gather-coop/gather/internal/store"
)

// Service keeps the profiles and writes the actor documents.
type Service struct {
	store   store.Store
	log     *slog.Logger
	now     func() time.Time
	urls    localurl.URLs
	version string
	acct    *account.Service
	fed     *fed.Service
	media   picture.Folder
	changed func()
}

// Config is what New needs; package app fills in every field.
type Config struct {
	Store    store.Store
	Logger   *slog.Logger
	Now      func() time.Time
	URLs     localurl.URLs
	Version  string // Gather's, for NodeInfo
	Accounts *account.Service
	Fed      *fed.Service
	Media    picture.Folder
	// Changed is called inside the transaction of a save that changes
	// what pages and Events show (they show the co-op's name): package
	// app's caches forget, on every node once it commits.
	Changed func()
}

// New returns a Service.
func New(c Config) *Service {
	return &Service{store: c.Store, log: c.Logger, now: c.Now, urls: c.URLs, version: c.Version, acct: c.Accounts, fed: c.Fed,
		media: c.Media, changed: c.Changed}
}
